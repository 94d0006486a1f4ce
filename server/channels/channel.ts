import type { RenderedMessage } from '../../engine/templates/index';
import type { DeliveryResult } from './delivery-result';
import type { Recipient } from './recipient';

/** Who and what a message is about, carried to the receiver (webhook body, log line, mail headers). */
export interface MessageMetadata {
  workspace: string;
  journeyId: string;
  stepId: string;
  customerId: string;
  /** When the outbox record was created (ISO-8601 UTC); the same on every attempt. */
  createdAt?: string;
  /** Which attempt this is, 1-based; sent as `X-Wayfarer-Attempt` so receivers can tell retries apart in logs. */
  attempt?: number;
}

/** One message for one customer, rendered and ready to deliver. */
export interface OutboundMessage {
  /** The channel's name in the workspace config (`email`, `sms`, `crm-hook`). */
  channel: string;
  recipient: Recipient;
  content: RenderedMessage;
  /** The customer's one-click unsubscribe URL; email gets `List-Unsubscribe` headers from it. */
  unsubscribeUrl?: string;
  /**
   * Journey webhook steps: the step's own URL (webhook channels only). It passes the same egress
   * policy as a configured URL; the channel's secret, headers and limits apply.
   */
  endpoint?: string;
  /** Journey webhook steps: the rendered JSON body, sent as it is instead of the message envelope. */
  payload?: unknown;
  metadata: MessageMetadata;
}

export type ChannelKind = 'smtp' | 'webhook' | 'sms' | 'push' | 'log';

/**
 * A configured way to deliver messages. `deliver` makes one attempt and reports its outcome as a
 * value: it never throws for a delivery failure (only for a bug, such as a malformed key). Retrying
 * is the caller's decision (`nextRetryAt`), made durable by the outbox, never a sleep in here.
 */
export interface Channel {
  readonly name: string;
  readonly kind: ChannelKind;
  /**
   * Delivers one message. `key` is the action's idempotency key: the same on every attempt of the
   * same message (SMTP Message-ID, `Idempotency-Key` header), so webhook receivers can drop duplicates
   * and any copy can be found in a provider's log.
   */
  deliver(message: OutboundMessage, key: string): Promise<DeliveryResult>;
  /** Releases pooled connections and files. Deliveries after close fail with CHANNEL_CLOSED. */
  close(): Promise<void>;
}
