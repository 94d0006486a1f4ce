import type { OutboundMessage } from './channel';
import type { DeliveryResult } from './delivery-result';
import type { HttpResponse } from './guarded-http-request';

/** The body an adapter produces; the webhook machinery signs it and adds the idempotency headers. */
export interface ProviderRequest {
  contentType: string;
  body: string;
  /** Headers a provider needs beyond ours (Twilio's own idempotency header). */
  headers?: Record<string, string>;
}

export type ProviderRequestResult = { ok: true; request: ProviderRequest } | { ok: false; failure: DeliveryResult };

/**
 * Turns an outbound message into one provider's payload, and reads the provider's message id from
 * its answer. Adapters hold no connection: every one is sent by the same signed, SSRF-guarded POST.
 */
export interface ProviderAdapter {
  /** The payload format, as named in the config and docs/channels.md. */
  readonly format: string;
  buildRequest(message: OutboundMessage, key: string): ProviderRequestResult;
  readProviderMessageId(response: HttpResponse): string | null;
}

/** The first of the named string fields of a JSON object response (`id`, `messageId`, …), or null. */
export function readJsonResponseId(response: HttpResponse, fields: readonly string[]): string | null {
  if (!/json/i.test(String(response.headers['content-type'] ?? ''))) return null;
  try {
    const parsed: unknown = JSON.parse(response.body);
    if (parsed === null || typeof parsed !== 'object') return null;
    for (const field of fields) {
      const value = (parsed as Record<string, unknown>)[field];
      if (typeof value === 'string' && value !== '') return value;
      if (typeof value === 'number') return String(value);
    }
  } catch {
    // A truncated or non-JSON answer simply has no id to read.
  }
  return null;
}
