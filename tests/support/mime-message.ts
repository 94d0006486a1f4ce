/**
 * Just enough of RFC 5322 / MIME to read what nodemailer produced in tests: unfolded headers and the
 * decoded text parts of a (possibly multipart/alternative) message.
 */
export interface ParsedMime {
  headers: Map<string, string>;
  /** Decoded bodies by content type: `text/plain`, `text/html`. */
  parts: Map<string, string>;
}

function splitHeadersAndBody(raw: string): { headers: Map<string, string>; body: string } {
  const separator = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, separator).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body: raw.slice(separator + 4) };
}

function decodeTransfer(body: string, encoding: string | undefined): string {
  if (encoding?.toLowerCase() === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding?.toLowerCase() === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** Decodes an RFC 2047 encoded-word header (`=?UTF-8?Q?…?=`), as nodemailer writes non-ASCII subjects. */
export function decodeHeaderWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_match, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}

/** Parses a raw message as received by the SMTP server. */
export function parseMime(raw: string): ParsedMime {
  const { headers, body } = splitHeadersAndBody(raw);
  const parts = new Map<string, string>();
  const contentType = headers.get('content-type') ?? 'text/plain';
  const boundary = contentType.match(/boundary="?([^";]+)"?/)?.[1];
  if (!boundary) {
    parts.set(contentType.split(';')[0], decodeTransfer(body, headers.get('content-transfer-encoding')));
    return { headers, parts };
  }
  for (const section of body.split(`--${boundary}`).slice(1)) {
    if (section.startsWith('--')) break;
    const part = splitHeadersAndBody(section.replace(/^\r\n/, ''));
    const type = (part.headers.get('content-type') ?? 'text/plain').split(';')[0];
    parts.set(type, decodeTransfer(part.body.replace(/\r\n$/, ''), part.headers.get('content-transfer-encoding')));
  }
  return { headers, parts };
}
