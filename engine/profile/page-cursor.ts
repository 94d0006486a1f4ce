import { createProblem, fail, ok, type Result } from '../errors/index';

/**
 * Opaque page cursors: the hex of the UTF-8 JSON of the sort key of a page's last item. Opaque, so
 * clients pass them back unchanged and the sort key can change without breaking the API; hex, so the
 * module needs nothing Node-specific and a cursor is safe in a URL as it is.
 */
export function encodeCursor(key: readonly string[]): string {
  let hex = '';
  for (const byte of new TextEncoder().encode(JSON.stringify(key))) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** The sort key in a cursor, or INVALID_QUERY naming the parameter it came in. */
export function decodeCursor(cursor: string, length: number, parameter: string): Result<string[]> {
  if (/^(?:[0-9a-f]{2})+$/.test(cursor)) {
    try {
      const bytes = new Uint8Array(cursor.length / 2);
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(cursor.slice(i * 2, i * 2 + 2), 16);
      const key: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
      if (Array.isArray(key) && key.length === length && key.every((part) => typeof part === 'string')) return ok(key as string[]);
    } catch {
      // Falls through to the problem below: any undecodable cursor is the same client mistake.
    }
  }
  return fail(createProblem('INVALID_QUERY', [{ pointer: `/${parameter}`, message: 'is not a cursor this API returned; pass the "next" value of the previous page unchanged' }]));
}
