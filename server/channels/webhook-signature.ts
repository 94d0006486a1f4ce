import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, and with
 * an idempotency key also `v2=<hex HMAC-SHA256 of "<t>.<key>.<body>">`.
 */
export const signatureHeaderName = 'X-Wayfarer-Signature';

/** How old a signature a receiver accepts by default: replays later than this are refused. */
export const defaultSignatureToleranceSeconds = 300;

function computeSignature(secret: string, timestamp: number, body: string | Uint8Array, idempotencyKey?: string): Buffer {
  const prefix = idempotencyKey === undefined ? `${timestamp}.` : `${timestamp}.${idempotencyKey}.`;
  return createHmac('sha256', secret).update(prefix).update(body).digest();
}

/**
 * The signature header value for a body. With several secrets (while rotating) there is one `v1`
 * per secret; a receiver accepts the request when any of them matches a secret it knows. With the
 * request's idempotency key, each secret also signs `"<t>.<key>.<body>"` as `v2`: a receiver that
 * de-duplicates by the key checks v2, so a request captured within the tolerance cannot be replayed
 * under a new key (the key travels in a header, and for webhook steps and tasks it is not in the body).
 *
 * @example signWebhookBody('{"id":"k"}', ['whsec_…'], 1714564800, 'k') // 't=1714564800,v1=5f0c…,v2=9a1e…'
 */
export function signWebhookBody(body: string, secrets: readonly string[], timestampSeconds: number, idempotencyKey?: string): string {
  if (secrets.length === 0) throw new Error('signWebhookBody needs at least one secret.');
  const signatures = secrets.map((secret) => `v1=${computeSignature(secret, timestampSeconds, body).toString('hex')}`);
  const keyed = idempotencyKey === undefined ? [] : secrets.map((secret) => `v2=${computeSignature(secret, timestampSeconds, body, idempotencyKey).toString('hex')}`);
  return [`t=${timestampSeconds}`, ...signatures, ...keyed].join(',');
}

export interface WebhookVerification {
  /** The receiver's secret, or its secrets while rotating. */
  secret: string | readonly string[];
  /** The `X-Wayfarer-Signature` header as received. */
  header: string | null | undefined;
  /** The raw request body exactly as received (bytes or string), before any JSON parsing. */
  body: string | Uint8Array;
  /** The receiver's current time in milliseconds (defaults to the system clock). */
  now?: number;
  /** Maximum age of the signature; default 300 s. */
  toleranceSeconds?: number;
  /**
   * The `Idempotency-Key` header as received, for a receiver that de-duplicates by it: then the `v2`
   * signature, which covers the key, must match (`v1` covers the body only).
   */
  idempotencyKey?: string;
}

export type WebhookVerdict = { valid: true; timestamp: number } | { valid: false; reason: string };

/**
 * What a receiver runs before trusting a webhook: parses the header, recomputes the HMAC over
 * `"<t>.<raw body>"` (with `idempotencyKey`, the `v2` one over `"<t>.<key>.<raw body>"`) with each secret, compares in constant time, and refuses stale timestamps so a
 * captured request cannot be replayed later. docs/channels.md shows the same in other languages.
 */
export function verifyWebhookSignature(options: WebhookVerification): WebhookVerdict {
  const { header, body } = options;
  if (!header) return { valid: false, reason: 'no signature header' };
  const scheme = options.idempotencyKey === undefined ? 'v1' : 'v2';
  let timestamp: number | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === 't' && /^\d{1,12}$/.test(value ?? '')) timestamp = Number(value);
    else if (name === scheme && /^[0-9a-f]{64}$/.test(value ?? '')) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined) return { valid: false, reason: 'no timestamp in the signature header' };
  if (signatures.length === 0) return { valid: false, reason: `no ${scheme} signature in the signature header` };
  const now = options.now ?? Date.now();
  const tolerance = options.toleranceSeconds ?? defaultSignatureToleranceSeconds;
  if (Math.abs(now / 1000 - timestamp) > tolerance) return { valid: false, reason: `timestamp is more than ${tolerance} s away from now` };
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
  for (const secret of secrets) {
    const expected = computeSignature(secret, timestamp, body, options.idempotencyKey);
    if (signatures.some((signature) => timingSafeEqual(signature, expected))) return { valid: true, timestamp };
  }
  return { valid: false, reason: 'no signature matches' };
}
