import { deliveryFailed } from './delivery-result';
import { readJsonResponseId, type ProviderAdapter } from './provider-adapter';

/** The push payload: one notification for all of the customer's devices. */
export interface PushPayload {
  tokens: string[];
  title: string | null;
  body: string | null;
  data: Record<string, string>;
}

/** `push`: POSTs `{ tokens, title, body, data }` as JSON; the answer's `id` / `messageId` is the provider id. */
export const pushPayloadAdapter: ProviderAdapter = {
  format: 'push',
  buildRequest(message) {
    const tokens = message.recipient.pushTokens ?? [];
    if (tokens.length === 0) return { ok: false, failure: deliveryFailed('INVALID_RECIPIENT', `Customer ${message.metadata.customerId} has no push token (attributes push_tokens or push_token).`) };
    const { title, body, data } = message.content;
    if (!title && !body) return { ok: false, failure: deliveryFailed('INVALID_MESSAGE', 'A push notification needs a title or a body; the template renders neither.') };
    const payload: PushPayload = { tokens, title: title ?? null, body: body ?? null, data: data ?? {} };
    return { ok: true, request: { contentType: 'application/json', body: JSON.stringify(payload) } };
  },
  readProviderMessageId(response) {
    return readJsonResponseId(response, ['id', 'messageId', 'message_id', 'multicast_id']);
  },
};
