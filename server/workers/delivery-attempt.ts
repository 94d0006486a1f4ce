import { markMessageFailed, markMessageSent, markMessageUncertain, uncertainOnExpiry, type JourneyRuntime, type MessageRecord } from '../../engine/journeys/index';
import { decideRetry, deliveryFailed, type DeliveryResult } from '../channels/index';
import { channelNameOf, toOutboundMessage } from './outbound-message';
import type { WorkspaceChannels } from './workspace-channels';

/** What became of one claimed message. */
export type DeliveryOutcome =
  | { outcome: 'sent'; key: string; channel: string; providerMessageId: string | null }
  /** Queued again for `at` (a temporary failure), keeping its key. */
  | { outcome: 'retry'; key: string; channel: string; at: number; error: string }
  /** Failed for good: a permanent failure, or the channel's last attempt. */
  | { outcome: 'failed'; key: string; channel: string; error: string }
  /** Handed over and unanswered on a channel that cannot take a resend: left for a person to settle. */
  | { outcome: 'uncertain'; key: string; channel: string; error: string }
  /** Our lease was gone when we came to record the result: recovery or another worker has the record now. */
  | { outcome: 'lease-lost'; key: string; channel: string }
  /** The worker was told to stop waiting: the record stays `sending` for recovery to settle. */
  | { outcome: 'abandoned'; key: string; channel: string };

export interface DeliveryContext {
  runtime: JourneyRuntime;
  channels: WorkspaceChannels;
  /** The lease owner that claimed the record. */
  owner: string;
  /** True once a stopping worker stopped waiting for deliveries (see DeliveryWorker.stop). */
  isAbandoned?: () => boolean;
  /** Told about deliveries that threw (a bug in a channel); the record is failed permanently. */
  onError?: (error: unknown, record: MessageRecord) => void;
}

function describeError(result: Extract<DeliveryResult, { status: 'failed' }>): string {
  const code = result.error.responseCode === undefined ? '' : ` (${result.error.responseCode})`;
  return `${result.error.code}${code}: ${result.error.message}`;
}

/**
 * Delivers one message the worker claimed (already `sending` under its lease, attempts counted) and
 * records the outcome durably: sent with the provider's id; a temporary failure queued again with
 * `availableAt` from the channel's retry policy (never a sleep); a permanent failure, or the last
 * allowed attempt, failed for good. The record's idempotency key goes with every attempt (SMTP
 * Message-ID, webhook `Idempotency-Key`), but only webhook receivers drop a second copy by it: a
 * message that was handed over and never answered (`maybeDelivered`) is retried on those, and on
 * email, SMS and push becomes `uncertain` — never sent again without a person's word.
 */
export async function deliverClaimedMessage(context: DeliveryContext, record: MessageRecord): Promise<DeliveryOutcome> {
  const { runtime, owner } = context;
  const lease = await context.channels.acquire(record.workspace);
  try {
    const channel = lease.registry ? channelNameOf(record, lease.registry) : record.channel;
    let result: DeliveryResult;
    if (!lease.registry) {
      const problem = lease.problem!;
      result = problem.permanent ? deliveryFailed('UNKNOWN_CHANNEL', problem.message) : deliveryFailed('DEFERRED', problem.message);
    } else {
      try {
        result = await lease.registry.deliver(toOutboundMessage(record, channel), record.key);
      } catch (error) {
        // A channel throws only for a bug (docs/channels.md); one bad record must not stop the worker.
        context.onError?.(error, record);
        result = deliveryFailed('INVALID_MESSAGE', `The channel failed unexpectedly: ${(error as Error).message ?? String(error)}`);
      }
    }
    if (context.isAbandoned?.()) return { outcome: 'abandoned', key: record.key, channel };

    const now = runtime.clock.now();
    const policy = lease.registry?.retryPolicy(channel);
    const decision = decideRetry(result, record.attempts, now, { jitterKey: record.key, ...(policy ? { policy } : {}) });
    const target = { _id: record._id, workspace: record.workspace };
    if (result.status === 'sent') {
      const recorded = await markMessageSent(runtime, target, { owner, providerMessageId: result.providerMessageId, now });
      return recorded ? { outcome: 'sent', key: record.key, channel, providerMessageId: result.providerMessageId } : { outcome: 'lease-lost', key: record.key, channel };
    }
    const error = describeError(result);
    // The judgement lease recovery makes for the same doubt: a resend only where the receiver drops a second copy.
    if (result.error.maybeDelivered && uncertainOnExpiry.has(record.channel)) {
      const recorded = await markMessageUncertain(runtime, target, { owner, error, now });
      return recorded ? { outcome: 'uncertain', key: record.key, channel, error } : { outcome: 'lease-lost', key: record.key, channel };
    }
    if (decision.action === 'retry') {
      const recorded = await markMessageFailed(runtime, target, { owner, error, permanent: false, retryAt: decision.at, now });
      return recorded ? { outcome: 'retry', key: record.key, channel, at: decision.at, error } : { outcome: 'lease-lost', key: record.key, channel };
    }
    const final = decision.action === 'give-up' && decision.reason === 'attempts-exhausted' ? `${error} (no attempts left after ${record.attempts})` : error;
    const recorded = await markMessageFailed(runtime, target, { owner, error: final, permanent: true, now });
    return recorded ? { outcome: 'failed', key: record.key, channel, error: final } : { outcome: 'lease-lost', key: record.key, channel };
  } finally {
    lease.release();
  }
}
