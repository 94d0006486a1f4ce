/**
 * Idempotency keys come from the journey runtime (one per action, stable across retries and
 * workers). They travel with every delivery: as the SMTP Message-ID and as the `Idempotency-Key`
 * header of webhooks. A webhook receiver drops a second copy by it; SMTP servers and SMS gateways do
 * not (they deliver it again), so for those the key only lets a person find the message in the
 * provider's log.
 */

/** Visible ASCII without spaces, so a key fits any header unchanged. */
const keyPattern = /^[\x21-\x7e]{1,200}$/;

/** Throws when a key is malformed: keys are made by our own code, so a bad one is a bug. */
export function assertIdempotencyKey(key: string): void {
  if (typeof key !== 'string' || !keyPattern.test(key)) {
    throw new Error(`Idempotency key ${JSON.stringify(key)} is not 1 to 200 visible ASCII characters; the outbox must produce stable keys like "ws_1:journey:step:instance".`);
  }
}

/**
 * The Message-ID for a key: `<key@domain>`, with every character outside `A–Z a–z 0–9 - _` written as
 * `=XX` (its hex code), so the result is a valid RFC 5322 id and different keys never share one.
 *
 * @example toMessageId('ws_1:j:s:42', 'wayfarer.example.com') // '<ws_1=3Aj=3As=3A42@wayfarer.example.com>'
 */
export function toMessageId(key: string, domain: string): string {
  assertIdempotencyKey(key);
  const local = key.replace(/[^A-Za-z0-9_-]/g, (character) => '=' + character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
  return `<${local}@${domain}>`;
}
