import type { MessageContact } from './message-contact';
import type { Message, MessageChannel, MessageReason, MessageStatus, SendRate } from '../../schemas/types';
import type { StoredDocument } from '../store/index';
import type { RenderedMessage } from '../templates/index';

/** Statuses, channels and reasons are the message schema's own (schemas/message.schema.json). */
export type { MessageChannel, MessageReason, MessageStatus };

/**
 * What the delivery worker hands to the channel, rendered when the step ran. A marketing email's
 * `unsubscribeUrl` becomes its `List-Unsubscribe` headers.
 */
export type MessagePayload =
  /** email / sms / push / log / channel webhook: rendered template fields and the recipient. */
  | { type: 'message'; to: string | string[] | null; content: RenderedMessage; contact?: MessageContact; unsubscribeUrl?: string }
  /** A webhook state: the URL and the rendered JSON body. */
  | { type: 'webhook'; url: string; body: Record<string, unknown> }
  /** A task state: the CRM endpoint and the task. */
  | { type: 'task'; url: string; task: FollowUpTask };

export interface FollowUpTask {
  title: string;
  description: string | null;
  assignee: string | null;
  dueAt: string | null;
  priority: 'low' | 'normal' | 'high';
  customer: { id: string; userId: string | null; email: string | null };
}

export interface MessageHistoryEntry {
  at: string;
  status: MessageStatus;
  reason?: MessageReason;
  detail?: string;
}

/**
 * The outbox and message log in one (`messages`). Created by a journey step in the same commit as the
 * instance's new snapshot; moved on by the delivery worker through message-delivery.ts. `key` is the
 * idempotency key (unique per workspace, also the `_id`), deterministic from (workspace, instance,
 * step, visit), so a replayed step can never create a second record. Its fields are the message
 * schema's (what `GET /api/messages` shows, less the derived `why`), plus what only the store keeps.
 */
export interface MessageRecord extends StoredDocument, Omit<Message, 'why' | 'payload' | 'history'> {
  /** What the delivery worker hands to the channel. */
  payload: MessagePayload;
  /** The journey's send rate when the message was made; the claim enforces it. */
  rateLimit: SendRate | null;
  /** The instance's revision after the step that made it (absent on records made before it was kept). */
  instanceRev?: number;
  /**
   * The send time this message put in its customer's send log (`meta.journeySends.<channel>`, what
   * frequency caps count): its `availableAt` when it was queued, which the send rate and retries may
   * move since. Null when it put none, or once it was taken back because the message will never go out
   * (suppressed when due, failed for good). Absent on records made before it was kept: those keep counting.
   */
  countedAt?: string | null;
  history: MessageHistoryEntry[];
}

/** At most this many history entries are kept (retries could otherwise grow a record without bound). */
export const messageHistoryLimit = 20;

/** The idempotency key of the message a step sends. */
export function messageKeyOf(workspace: string, instanceId: string, stepId: string, visit: number): string {
  return `${workspace}.${instanceId}.${stepId}.${visit}`;
}
