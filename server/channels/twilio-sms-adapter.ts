import { deliveryFailed } from './delivery-result';
import { toE164PhoneNumber } from './phone-number';
import { readJsonResponseId, type ProviderAdapter } from './provider-adapter';

/**
 * `sms` with `format: "twilio"`: Twilio's Messages API (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * form-encoded `To`, `From` or `MessagingServiceSid`, `Body`; HTTP Basic with the account SID and auth
 * token). Twilio de-duplicates on its own `I-Twilio-Idempotency-Token` header, set to our key.
 */
export function createTwilioSmsAdapter(from: string): ProviderAdapter {
  // A Messaging Service SID (MG…) sends from the service's pool of numbers instead of one number.
  const sender: Record<string, string> = /^MG[0-9a-f]{32}$/i.test(from) ? { MessagingServiceSid: from } : { From: from };
  return {
    format: 'twilio',
    buildRequest(message, key) {
      const to = message.recipient.phone === undefined ? undefined : toE164PhoneNumber(message.recipient.phone);
      if (!to) return { ok: false, failure: deliveryFailed('INVALID_RECIPIENT', `Customer ${message.metadata.customerId} has no E.164 phone number (+ and country code).`) };
      const body = message.content.body ?? message.content.text;
      if (!body) return { ok: false, failure: deliveryFailed('INVALID_MESSAGE', 'An SMS needs a body; the template renders none.') };
      const form = new URLSearchParams({ To: to, ...sender, Body: body });
      return {
        ok: true,
        request: { contentType: 'application/x-www-form-urlencoded', body: form.toString(), headers: { 'I-Twilio-Idempotency-Token': key } },
      };
    },
    readProviderMessageId(response) {
      return readJsonResponseId(response, ['sid']);
    },
  };
}
