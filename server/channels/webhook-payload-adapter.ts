import type { OutboundMessage } from './channel';
import { readJsonResponseId, type ProviderAdapter } from './provider-adapter';

/**
 * The body of a plain webhook: the whole message as JSON. Nothing in it depends on the attempt, so
 * every retry sends the same bytes under the same `id` (the idempotency key).
 */
export interface WebhookPayload {
  id: string;
  type: 'message';
  channel: string;
  workspace: string;
  createdAt: string | null;
  journey: { id: string; step: string };
  customer: { id: string; userId: string | null };
  recipient: OutboundMessage['recipient'];
  content: OutboundMessage['content'];
  unsubscribeUrl: string | null;
}

/** Builds the webhook payload of a message. */
export function toWebhookPayload(message: OutboundMessage, key: string): WebhookPayload {
  const { metadata } = message;
  return {
    id: key,
    type: 'message',
    channel: message.channel,
    workspace: metadata.workspace,
    createdAt: metadata.createdAt ?? null,
    journey: { id: metadata.journeyId, step: metadata.stepId },
    customer: { id: metadata.customerId, userId: message.recipient.userId ?? null },
    recipient: message.recipient,
    content: message.content,
    unsubscribeUrl: message.unsubscribeUrl ?? null,
  };
}

/**
 * `webhook`: the message as JSON, for any receiver (a CRM, a task queue, a Slack relay); or, for a
 * journey webhook step, the step's rendered body as it is.
 */
export const webhookPayloadAdapter: ProviderAdapter = {
  format: 'webhook',
  buildRequest(message, key) {
    const body = message.payload !== undefined ? message.payload : toWebhookPayload(message, key);
    return { ok: true, request: { contentType: 'application/json', body: JSON.stringify(body) } };
  },
  readProviderMessageId(response) {
    return readJsonResponseId(response, ['id', 'messageId', 'message_id']);
  },
};
