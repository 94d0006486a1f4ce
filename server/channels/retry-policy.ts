import { createHash } from 'node:crypto';
import type { RetryPolicySettings } from '../../schemas/types';
import type { DeliveryResult } from './delivery-result';

/** When failed deliveries are tried again. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** The wait before the first retry, before jitter. */
  baseDelayMs: number;
  /** Each wait is this many times the one before. */
  multiplier: number;
  /** No wait is longer (Retry-After included). */
  maxDelayMs: number;
}

/**
 * 8 attempts over about 9 hours: waits of ~30 s, 1.5 min, 4.5 min, 13.5 min, 40 min, 2 h, 6 h (each
 * between half and all of that, by jitter) — long enough to ride out a receiver's deploy or outage,
 * short enough that a lifecycle message is still timely.
 */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 30_000, multiplier: 3, maxDelayMs: 6 * 60 * 60 * 1000 };

/** A channel's retry settings over the defaults. */
export function toRetryPolicy(settings: RetryPolicySettings | undefined): RetryPolicy {
  const policy = { ...defaultRetryPolicy, ...settings };
  return { ...policy, maxDelayMs: Math.max(policy.maxDelayMs, policy.baseDelayMs) };
}

export interface RetryOptions {
  policy?: RetryPolicy;
  /**
   * Seeds the jitter; pass the idempotency key. The jitter is a hash of (seed, attempt), not a random
   * number, so the function is pure — the same inputs give the same time, in a simulation too — while
   * different messages failing together still spread out. Without a seed, `now` seeds it.
   */
  jitterKey?: string;
  /** The receiver's Retry-After, in seconds: the retry is no earlier (capped at `maxDelayMs`). */
  retryAfterSeconds?: number;
}

/** A number in [0, 1) derived from the seed and attempt. */
function jitterFraction(seed: string, attempt: number): number {
  return createHash('sha256').update(`${seed}#${attempt}`).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * When to make the next attempt, after `attempt` attempts have failed (1 after the first failure), or
 * null when the policy allows no more. Exponential backoff with "equal jitter": the wait is between
 * half and all of `baseDelayMs × multiplier^(attempt−1)`, capped at `maxDelayMs`.
 *
 * @example nextRetryAt(1, Date.parse('2024-05-01T12:00:00Z'), { jitterKey: key }) // 15 to 30 s later
 */
export function nextRetryAt(attempt: number, now: number, options: RetryOptions = {}): number | null {
  const policy = options.policy ?? defaultRetryPolicy;
  if (!Number.isInteger(attempt) || attempt < 1) throw new Error(`nextRetryAt needs the number of attempts made (1 or more), not ${attempt}.`);
  if (attempt >= policy.maxAttempts) return null;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.multiplier ** (attempt - 1));
  const jittered = Math.round(exponential * (0.5 + 0.5 * jitterFraction(options.jitterKey ?? String(now), attempt)));
  const requested = options.retryAfterSeconds === undefined ? 0 : Math.min(policy.maxDelayMs, options.retryAfterSeconds * 1000);
  return now + Math.max(jittered, requested);
}

export type RetryDecision =
  | { action: 'done' }
  | { action: 'retry'; at: number }
  | { action: 'give-up'; reason: 'permanent' | 'attempts-exhausted' };

/**
 * What the outbox worker does with a delivery's outcome: nothing more (sent), a retry at a time it
 * stores on the record, or giving up (a permanent failure, or the last attempt failed).
 */
export function decideRetry(result: DeliveryResult, attempt: number, now: number, options: RetryOptions = {}): RetryDecision {
  if (result.status === 'sent') return { action: 'done' };
  if (result.permanent) return { action: 'give-up', reason: 'permanent' };
  const at = nextRetryAt(attempt, now, { ...options, retryAfterSeconds: options.retryAfterSeconds ?? result.error.retryAfterSeconds });
  return at === null ? { action: 'give-up', reason: 'attempts-exhausted' } : { action: 'retry', at };
}
