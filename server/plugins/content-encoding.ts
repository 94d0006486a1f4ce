import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import { createProblem, ProblemError } from '../../engine/errors/index';

/** The content codings a route may accept besides `identity` (RFC 9110 §8.4.1). */
export type ContentCoding = 'gzip' | 'deflate';

/**
 * The body as sent before its `Content-Encoding` was applied. `identity` (or no header) is the body
 * itself; a coding in `accepted` is inflated, never past `limit` bytes: zlib stops as soon as its
 * output passes the limit (a 1 KB zip bomb of a gigabyte of zeros costs one chunk beyond the limit,
 * not a gigabyte), and the answer is 413 like any other oversize body. Corrupt data is 400
 * `INVALID_ENCODING`; any other coding, or more than one, is 415 `UNSUPPORTED_MEDIA_TYPE`.
 *
 * Inflating is synchronous: the input is at most the route's body limit (500 KB), which takes about
 * a millisecond, and the event loop then spends no time on a stream per request.
 *
 * @example decodeContent(gzipSync('{"event":"x"}'), 'gzip', 32768, ['gzip', 'deflate']) // <Buffer 7b 22 …>
 */
export function decodeContent(body: Buffer, header: string | undefined, limit: number, accepted: readonly ContentCoding[]): Buffer {
  const coding = header?.trim().toLowerCase() ?? '';
  if (coding === '' || coding === 'identity') return body;
  const known = coding === 'x-gzip' ? 'gzip' : coding;
  if (!(accepted as readonly string[]).includes(known)) {
    const supported = accepted.length > 0 ? `send it uncompressed or as ${accepted.join(' or ')}` : 'send it uncompressed';
    throw new ProblemError(createProblem('UNSUPPORTED_MEDIA_TYPE', [{ message: `Content-Encoding "${header}" is not accepted here; ${supported}.` }]));
  }
  const options = { maxOutputLength: limit };
  try {
    if (known === 'gzip') return gunzipSync(body, options);
    // "deflate" is the zlib format (RFC 1950), but some clients send raw deflate data (RFC 1951), as
    // browsers tolerate in responses: a zlib stream starts with a header whose 16 bits divide by 31.
    return hasZlibHeader(body) ? inflateSync(body, options) : inflateRawSync(body, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ProblemError(createProblem('PAYLOAD_TOO_LARGE', [{ message: `The body inflates to more than the ${limit} bytes this endpoint accepts.` }]));
    }
    const reason = (error as Error).message;
    throw new ProblemError(createProblem('INVALID_ENCODING', [{ message: `The body is labelled Content-Encoding "${header}" but is not valid ${known} data (${reason}); compress it as labelled, or drop the header.` }]));
  }
}

function hasZlibHeader(body: Buffer): boolean {
  const deflateMethod = 8; // the low 4 bits of the first byte (CM)
  return body.length >= 2 && (body[0] & 0x0f) === deflateMethod && body.readUInt16BE(0) % 31 === 0;
}
