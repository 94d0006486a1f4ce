import { describe, expect, it } from 'vitest';
import { decideRetry, defaultRetryPolicy, deliveryFailed, deliverySent, nextRetryAt, toRetryPolicy } from '../../server/channels';

const now = Date.parse('2024-05-01T12:00:00.000Z');

describe('retry policy', () => {
  it('waits between half and all of an exponentially growing delay, capped', () => {
    for (let attempt = 1; attempt < defaultRetryPolicy.maxAttempts; attempt++) {
      const full = Math.min(defaultRetryPolicy.maxDelayMs, defaultRetryPolicy.baseDelayMs * defaultRetryPolicy.multiplier ** (attempt - 1));
      for (const key of ['a', 'b', 'c', 'd', 'e']) {
        const wait = nextRetryAt(attempt, now, { jitterKey: key })! - now;
        expect(wait).toBeGreaterThanOrEqual(full / 2);
        expect(wait).toBeLessThanOrEqual(full);
      }
    }
    expect(nextRetryAt(7, now, { jitterKey: 'k' })! - now).toBeLessThanOrEqual(6 * 3600_000);
  });

  it('stops after the last attempt', () => {
    expect(nextRetryAt(defaultRetryPolicy.maxAttempts - 1, now, { jitterKey: 'k' })).not.toBeNull();
    expect(nextRetryAt(defaultRetryPolicy.maxAttempts, now, { jitterKey: 'k' })).toBeNull();
    expect(nextRetryAt(2, now, { policy: toRetryPolicy({ maxAttempts: 2 }) })).toBeNull();
  });

  it('is pure: the same inputs give the same time, different keys spread out', () => {
    expect(nextRetryAt(3, now, { jitterKey: 'ws_1:j:s:1' })).toBe(nextRetryAt(3, now, { jitterKey: 'ws_1:j:s:1' }));
    const spread = new Set(Array.from({ length: 50 }, (_, index) => nextRetryAt(3, now, { jitterKey: `ws_1:j:s:${index}` })));
    expect(spread.size).toBeGreaterThan(40);
  });

  it('honours Retry-After when it asks for longer, up to the cap', () => {
    expect(nextRetryAt(1, now, { jitterKey: 'k', retryAfterSeconds: 600 })).toBe(now + 600_000);
    expect(nextRetryAt(1, now, { jitterKey: 'k', retryAfterSeconds: 10 })! - now).toBeGreaterThanOrEqual(15_000);
    expect(nextRetryAt(1, now, { jitterKey: 'k', retryAfterSeconds: 10 * 86_400 })).toBe(now + defaultRetryPolicy.maxDelayMs);
  });

  it('refuses nonsense attempt numbers: a bug in the caller', () => {
    expect(() => nextRetryAt(0, now)).toThrow(/attempts made/);
  });

  it('decides: done when sent, give up when permanent or exhausted, else retry', () => {
    expect(decideRetry(deliverySent('id', 'ok'), 1, now)).toEqual({ action: 'done' });
    expect(decideRetry(deliveryFailed('REJECTED', 'HTTP 400'), 1, now)).toEqual({ action: 'give-up', reason: 'permanent' });
    expect(decideRetry(deliveryFailed('DEFERRED', 'HTTP 503'), 8, now)).toEqual({ action: 'give-up', reason: 'attempts-exhausted' });
    const retry = decideRetry(deliveryFailed('CONNECTION_FAILED', 'refused'), 2, now, { jitterKey: 'k' });
    expect(retry).toEqual({ action: 'retry', at: nextRetryAt(2, now, { jitterKey: 'k' }) });
  });
});
