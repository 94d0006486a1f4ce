import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from '../../server/channels';

const secret = 'whsec_0123456789abcdef0123456789abcdef';
const body = '{"id":"ws_1:j:s:1","type":"message"}';
const t = 1714564800;

describe('webhook signatures', () => {
  it('is t=<unix>,v1=<hex HMAC-SHA256 of "t.body">, computable by any receiver', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signWebhookBody(body, [secret], t)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies the signed body within the tolerance, with the body as bytes or text', () => {
    const header = signWebhookBody(body, [secret], t);
    expect(verifyWebhookSignature({ secret, header, body, now: t * 1000 + 60_000 })).toEqual({ valid: true, timestamp: t });
    expect(verifyWebhookSignature({ secret, header, body: Buffer.from(body), now: t * 1000 })).toEqual({ valid: true, timestamp: t });
  });

  it('refuses a changed body, a wrong secret, a stale or future timestamp, and malformed headers', () => {
    const header = signWebhookBody(body, [secret], t);
    const now = t * 1000;
    expect(verifyWebhookSignature({ secret, header, body: body + ' ', now })).toEqual({ valid: false, reason: 'no signature matches' });
    expect(verifyWebhookSignature({ secret: 'whsec_wrong_wrong_wrong_wrong', header, body, now }).valid).toBe(false);
    expect(verifyWebhookSignature({ secret, header, body, now: now + 301_000 }).valid).toBe(false);
    expect(verifyWebhookSignature({ secret, header, body, now: now - 301_000 }).valid).toBe(false);
    expect(verifyWebhookSignature({ secret, header, body, now: now + 900_000, toleranceSeconds: 1000 }).valid).toBe(true);
    expect(verifyWebhookSignature({ secret, header: undefined, body, now })).toEqual({ valid: false, reason: 'no signature header' });
    expect(verifyWebhookSignature({ secret, header: header.replace(/t=\d+,/, ''), body, now }).valid).toBe(false);
    expect(verifyWebhookSignature({ secret, header: `t=${t},v1=zz`, body, now }).valid).toBe(false);
    // Moving the timestamp invalidates the signature: it is part of what is signed.
    expect(verifyWebhookSignature({ secret, header: header.replace(`t=${t}`, `t=${t + 1}`), body, now }).valid).toBe(false);
  });

  it('signs the idempotency key too (v2, over "t.key.body"): a captured request replayed under a new key does not verify', () => {
    const key = 'ws_1:j:hook:1';
    const header = signWebhookBody(body, [secret], t, key);
    const v2 = createHmac('sha256', secret).update(`${t}.${key}.${body}`).digest('hex');
    expect(header.split(',')).toContain(`v2=${v2}`);
    expect(verifyWebhookSignature({ secret, header, body, idempotencyKey: key, now: t * 1000 })).toEqual({ valid: true, timestamp: t });
    expect(verifyWebhookSignature({ secret, header, body, idempotencyKey: 'ws_1:j:hook:2', now: t * 1000 })).toEqual({ valid: false, reason: 'no signature matches' });
    // A receiver checking the key refuses a header that signs only the body; one that does not still accepts v1.
    expect(verifyWebhookSignature({ secret, header: signWebhookBody(body, [secret], t), body, idempotencyKey: key, now: t * 1000 })).toEqual({ valid: false, reason: 'no v2 signature in the signature header' });
    expect(verifyWebhookSignature({ secret, header, body, now: t * 1000 }).valid).toBe(true);
  });

  it('carries one v1 per secret while rotating; a receiver knowing either secret accepts', () => {
    const previous = 'whsec_previous_previous_previous';
    const header = signWebhookBody(body, [secret, previous], t);
    expect(header.split(',')).toHaveLength(3);
    expect(verifyWebhookSignature({ secret: previous, header, body, now: t * 1000 }).valid).toBe(true);
    expect(verifyWebhookSignature({ secret: ['whsec_unrelated_unrelated_unrel', secret], header, body, now: t * 1000 }).valid).toBe(true);
  });
});
