import { isUtf8 } from 'node:buffer';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { createProblem, escapePointerSegment, ProblemError, type ProblemDetail } from '../../engine/errors/index';
import { describeUnstorableKey, describeUnstorableValue, ingestLimits } from '../../engine/ingest/index';
import { decodeContent, type ContentCoding } from './content-encoding';
import { locateJsonSyntaxError } from './json-syntax-error';

declare module 'fastify' {
  interface FastifyRequest {
    /** Size of the request body in bytes, as received, after any Content-Encoding is undone (0 without a body). */
    bodyBytes: number;
  }
}

/**
 * Parses a JSON request body defensively, for every route: the bytes must be UTF-8
 * (`INVALID_ENCODING`), the text must be JSON (`INVALID_JSON`, with line and column), and the value
 * may nest at most `ingestLimits.maxJsonDepth` levels, may not hold a `__proto__` key, or a
 * `constructor` object with a `prototype` key, nor a number JSON.parse made infinite (`1e400`) or a
 * key or string with a lone UTF-16 surrogate (`VALIDATION_FAILED`, with a pointer). V8's JSON.parse
 * does not recurse, and the checks walk with an explicit stack, so a 10,000-level body is refused
 * without touching the stack limit.
 */
export function parseJsonBody(body: Buffer, options: { checkStructure?: boolean } = {}): unknown {
  if (body.length === 0) throw new ProblemError(createProblem('INVALID_JSON', [{ message: 'The body is empty; send one JSON object.' }]));
  if (!isUtf8(body)) {
    const offset = firstInvalidUtf8Offset(body);
    throw new ProblemError(createProblem('INVALID_ENCODING', [{ message: `The byte at offset ${offset} does not belong to a valid UTF-8 sequence.` }]));
  }
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ProblemError(createProblem('INVALID_JSON', [describeSyntaxError(text)]));
  }
  if (options.checkStructure === false) return value;
  const problems = findHazards(value);
  if (problems.length > 0) throw new ProblemError(createProblem('VALIDATION_FAILED', problems));
  return value;
}

export interface JsonBodyOptions {
  /**
   * `false` for routes whose engine call walks the whole value itself with stricter rules before
   * anything recursive touches it (ingestion: engine/ingest/unstorable-content.ts), so the body is
   * walked once.
   */
  checkStructure?: boolean;
  /** Content codings the routes inflate (server/plugins/content-encoding.ts); any other is 415. Default: none. */
  contentCodings?: readonly ContentCoding[];
}

/**
 * Replaces Fastify's JSON parser on `app` (and, when asked, reads `text/plain` bodies as JSON too, as
 * Segment's API does for browsers that send beacons without a preflight). A compressed body is
 * inflated first, up to the route's body limit (Fastify has already held the compressed bytes to it).
 */
export function installJsonBodyParser(app: FastifyInstance, contentTypes: string[] = ['application/json'], options: JsonBodyOptions = {}): void {
  const codings = options.contentCodings ?? [];
  app.removeContentTypeParser(contentTypes);
  app.addContentTypeParser(contentTypes, { parseAs: 'buffer' }, (request: FastifyRequest, body: Buffer, done) => {
    try {
      const decoded = decodeContent(body, request.headers['content-encoding'], request.routeOptions.bodyLimit ?? body.length, codings);
      request.bodyBytes = decoded.length;
      done(null, parseJsonBody(decoded, options));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** Registers the `bodyBytes` request property (once, on the root instance). */
export function decorateBodyBytes(app: FastifyInstance): void {
  app.decorateRequest('bodyBytes', 0);
}

function describeSyntaxError(text: string): ProblemDetail {
  const { offset, reason } = locateJsonSyntaxError(text);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, message: `${reason} at line ${line}, column ${column} (byte offset ${Buffer.byteLength(before)}).` };
}

/**
 * Nesting beyond the limit, prototype-pollution keys, and keys and values no store can hold as sent
 * (engine/ingest describeUnstorableKey / describeUnstorableValue), in one walk without recursion.
 */
function findHazards(root: unknown): ProblemDetail[] {
  const rootProblem = describeUnstorableValue(root);
  if (rootProblem) return [{ pointer: '', message: rootProblem }];
  const stack: Array<{ value: unknown; pointer: string; depth: number }> = [{ value: root, pointer: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, pointer, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= ingestLimits.maxJsonDepth) {
      return [{ pointer, message: `is nested deeper than ${ingestLimits.maxJsonDepth} levels; flatten the document.` }];
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item !== null && typeof item === 'object') {
          stack.push({ value: item, pointer: `${pointer}/${i}`, depth: depth + 1 });
          continue;
        }
        const problem = describeUnstorableValue(item);
        if (problem) return [{ pointer: `${pointer}/${i}`, message: `${problem}.` }];
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (key === '__proto__' || (key === 'constructor' && child !== null && typeof child === 'object' && Object.hasOwn(child, 'prototype'))) {
        return [{ pointer: `${pointer}/${escapePointerSegment(key)}`, message: `the key "${key}" is not allowed (it could alter object prototypes); rename it.` }];
      }
      const problem = describeUnstorableKey(key) ?? describeUnstorableValue(child);
      if (problem) return [{ pointer: `${pointer}/${escapePointerSegment(key)}`, message: `${problem}.` }];
      if (child !== null && typeof child === 'object') stack.push({ value: child, pointer: `${pointer}/${escapePointerSegment(key)}`, depth: depth + 1 });
    }
  }
  return [];
}

/** The offset of the first byte that breaks UTF-8 (only called once `isUtf8` said one does). */
function firstInvalidUtf8Offset(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i];
    const length = byte < 0x80 ? 1 : byte >= 0xc2 && byte <= 0xdf ? 2 : byte >= 0xe0 && byte <= 0xef ? 3 : byte >= 0xf0 && byte <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    if (length > 1 && !isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return i;
}
