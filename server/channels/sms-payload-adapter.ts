import { deliveryFailed } from './delivery-result';
import { toE164PhoneNumber } from './phone-number';
import { readJsonResponseId, type ProviderAdapter } from './provider-adapter';

/** The generic SMS payload: what an SMS gateway needs and nothing else. */
export interface SmsPayload {
  /** E.164 number. */
  to: string;
  body: string;
  from?: string;
}

/** `sms` (generic): POSTs `{ to, body, from? }` as JSON; the answer's `id` / `messageId` / `sid` is the provider id. */
export function createSmsPayloadAdapter(from: string | undefined): ProviderAdapter {
  return {
    format: 'generic',
    buildRequest(message) {
      const to = message.recipient.phone === undefined ? undefined : toE164PhoneNumber(message.recipient.phone);
      if (!to) {
        const why = message.recipient.phone === undefined ? 'has no phone attribute' : `has the phone "${message.recipient.phone}", which is not an E.164 number (+ and country code)`;
        return { ok: false, failure: deliveryFailed('INVALID_RECIPIENT', `Customer ${message.metadata.customerId} ${why}.`) };
      }
      const body = message.content.body ?? message.content.text;
      if (!body) return { ok: false, failure: deliveryFailed('INVALID_MESSAGE', 'An SMS needs a body; the template renders none.') };
      const payload: SmsPayload = from ? { to, body, from } : { to, body };
      return { ok: true, request: { contentType: 'application/json', body: JSON.stringify(payload) } };
    },
    readProviderMessageId(response) {
      return readJsonResponseId(response, ['id', 'messageId', 'message_id', 'sid']);
    },
  };
}
