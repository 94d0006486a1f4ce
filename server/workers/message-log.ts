import { ok, type Result } from '../../engine/errors/index';
import { journeyCollectionNames, type MessageChannel, type MessageRecord, type MessageStatus } from '../../engine/journeys/index';
import { decodeCursor, encodeCursor } from '../../engine/profile/index';
import type { Filter, StoragePort } from '../../engine/store/index';

export interface MessageQuery {
  customerId?: string;
  journeyId?: string;
  status?: MessageStatus;
  channel?: MessageChannel;
  /** 1–500; default 50. */
  limit?: number;
  /** The `next` of the previous page. */
  after?: string;
}

export interface MessagePage {
  messages: MessageRecord[];
  next: string | null;
}

export const maxMessagePageSize = 500;

/**
 * A page of the message log (the outbox records), newest first. The cursor holds the creation time
 * and `_id` of the page's last record, so paging neither skips nor repeats records that share a
 * millisecond.
 */
export async function listMessages(store: StoragePort, workspace: string, query: MessageQuery): Promise<Result<MessagePage>> {
  const limit = Math.min(maxMessagePageSize, Math.max(1, Math.floor(query.limit ?? 50)));
  const filter: Filter = {};
  if (query.customerId !== undefined) filter.customerId = query.customerId;
  if (query.journeyId !== undefined) filter.journeyId = query.journeyId;
  if (query.status !== undefined) filter.status = query.status;
  if (query.channel !== undefined) filter.channel = query.channel;
  if (query.after !== undefined) {
    const cursor = decodeCursor(query.after, 2, 'after');
    if (!cursor.ok) return cursor;
    const [createdAt, id] = cursor.value;
    filter.$or = [{ createdAt: { $lt: createdAt } }, { createdAt, _id: { $lt: id } }];
  }
  const found = await store.collection<MessageRecord>(journeyCollectionNames.messages).find(workspace, filter, { sort: { createdAt: -1, _id: -1 }, limit: limit + 1 });
  const messages = found.slice(0, limit);
  const last = messages.at(-1);
  return ok({ messages, next: found.length > limit && last ? encodeCursor([last.createdAt, last._id]) : null });
}

/** One message by its key (its `_id`), or null. */
export async function findMessage(store: StoragePort, workspace: string, key: string): Promise<MessageRecord | null> {
  return store.collection<MessageRecord>(journeyCollectionNames.messages).findOne(workspace, { _id: key });
}

const addressOf: Record<string, string> = { email: 'email address (attributes.email)', sms: 'phone number (attributes.phone)', push: 'push token (attributes.push_tokens)' };

/**
 * Why a message is where it is, in a sentence for the person reading the message log: what
 * happened, what happens next, and for `uncertain` what to do about it.
 */
export function explainMessage(record: MessageRecord): string {
  const detail = [...record.history].reverse().find((entry) => entry.status === record.status && entry.detail)?.detail;
  const suffix = detail ? ` (${detail})` : '';
  switch (record.status) {
    case 'queued':
      if (record.reason === 'quiet-hours') return `Held for quiet hours until ${record.availableAt}${suffix}; consent and the journey's exit criteria and goals are checked again before it goes.`;
      if (record.reason === 'rate-limit') return `Held by the journey's send rate until ${record.availableAt}.`;
      if (record.reason === 'delivery-error') return `Attempt ${record.attempts} failed (${record.lastError ?? 'no detail'}); the next attempt is due at ${record.availableAt}.`;
      if (record.reason === 'lease-expired') return 'The worker delivering it stopped before recording the outcome; it is being sent again with the same idempotency key, which the receiver uses to drop a duplicate.';
      return `Waiting to be sent; due at ${record.availableAt}.`;
    case 'sending':
      return `Being delivered by worker ${record.leaseOwner ?? 'unknown'} (attempt ${record.attempts}; its lease runs until ${record.leaseUntil ?? 'unknown'}).`;
    case 'sent':
      return `Sent at ${record.sentAt ?? record.updatedAt}${record.providerMessageId ? `; the provider's id is ${record.providerMessageId}` : ''}.`;
    case 'failed':
      if (record.reason === 'template-error') return `Not sent: the template did not render for this customer: ${record.lastError ?? detail ?? 'no detail'}.`;
      return `Not sent, given up after ${record.attempts} attempt${record.attempts === 1 ? '' : 's'}: ${withFullStop(record.lastError ?? 'no detail')}`;
    case 'uncertain': {
      const settle = `check the provider's log for this idempotency key, then settle it with POST /api/messages/${encodeURIComponent(record.key)}/resolve.`;
      if (record.reason === 'delivery-error') {
        return (
          `Unknown whether it was sent: attempt ${record.attempts} handed it to the ${record.channel} provider and the answer never came (${record.lastError ?? 'no detail'}). ` +
          `It is not resent automatically, because the receiver could not drop a second copy; ${settle}`
        );
      }
      return (
        `Unknown whether it was sent: the worker delivering it (${record.leaseOwner ?? 'unknown'}) stopped after handing it to the ${record.channel} provider ` +
        `and before recording the answer. It is not resent automatically, because the receiver could not drop a second copy; ${settle}`
      );
    }
    case 'suppressed':
      switch (record.reason) {
        case 'holdout':
          return 'Not sent: the customer is in the journey\'s holdout group, which is kept out of sends to measure the journey against.';
        case 'consent':
          return `Not sent: the customer has not given, or has withdrawn, consent to ${record.channel} (attributes.consent.${record.channel})${suffix}.`;
        case 'journey-ended':
          return `Not sent: the customer's journey ended before it went out${suffix}; an exit criterion met, a goal reached, a re-entry or a merge makes unsent messages moot.`;
        case 'no-recipient':
          return `Not sent: the customer has no ${addressOf[record.channel] ?? 'address for this channel'}.`;
        case 'frequency-cap':
          return `Not sent: the frequency cap was reached${suffix}.`;
        default:
          return `Not sent${record.reason ? `: ${record.reason}` : ''}${suffix}.`;
      }
    default:
      return record.status satisfies never;
  }
}

/** A detail as the end of a sentence: one full stop, not two (provider and channel details often end with one). */
function withFullStop(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
