import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { Clock } from '../../engine/time/index';
import type { Channel, OutboundMessage } from './channel';
import { deliveryFailed, deliverySent, type DeliveryResult } from './delivery-result';
import type { HostResolver } from './egress-guard';
import type { EgressPolicy } from './egress-policy';
import { sendGuardedRequest, type HttpResponse, type RequestLimits } from './guarded-http-request';
import { assertIdempotencyKey } from './idempotency-key';
import type { ProviderAdapter } from './provider-adapter';
import { signatureHeaderName, signWebhookBody } from './webhook-signature';

export interface WebhookChannelOptions {
  name: string;
  kind: 'webhook' | 'sms' | 'push';
  /** The endpoint; for webhooks, messages may name their own instead (journey webhook steps). */
  url: string | undefined;
  /** Signing secrets, current first; empty only for providers that authenticate us otherwise (Twilio). */
  secrets: readonly string[];
  /** Configured extra headers, Basic auth included; not sent across origins on redirect. */
  customHeaders: Record<string, string>;
  limits: RequestLimits;
  adapter: ProviderAdapter;
  policy: EgressPolicy;
  resolver: HostResolver;
  /** The signature timestamp's source. */
  clock: Clock;
  /** PEM certificates of a private CA trusted besides the public ones. */
  trustedCa?: string;
}

/** Limits used where the config says nothing. */
export const defaultRequestLimits: RequestLimits = { timeoutMs: 10_000, connectTimeoutMs: 5_000, maxRedirects: 0, maxResponseBytes: 64 * 1024 };

const userAgent = 'Wayfarer-Webhooks/1 (+https://wayfarer.dev/docs/channels)';

/** Seconds to wait from a Retry-After header (delta-seconds or HTTP-date), if it has a usable one. */
function readRetryAfterSeconds(response: HttpResponse, now: number): number | undefined {
  const header = response.headers['retry-after'];
  if (typeof header !== 'string') return undefined;
  if (/^\d{1,9}$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/** A short, single-line excerpt of a response body for failure messages and details. */
function excerptBody(body: string): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** The URL a message goes to, or the failure when there is none or it is not a usable http(s) URL. */
function pickEndpoint(message: OutboundMessage, options: WebhookChannelOptions): { ok: true; url: string } | { ok: false; failure: DeliveryResult } {
  if (message.endpoint !== undefined && options.kind !== 'webhook') {
    return { ok: false, failure: deliveryFailed('INVALID_MESSAGE', `Channel ${options.name} is a ${options.kind} channel; only webhook channels take a per-message endpoint.`) };
  }
  const url = message.endpoint ?? options.url;
  if (url === undefined) return { ok: false, failure: deliveryFailed('INVALID_MESSAGE', `Channel ${options.name} has no url and the message names no endpoint.`) };
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.username || parsed.password) {
    return { ok: false, failure: deliveryFailed('INVALID_MESSAGE', `"${url}" is not an http(s) URL without credentials.`) };
  }
  return { ok: true, url };
}

/**
 * Maps the receiver's answer to an outcome. 2xx is sent; 408 (timeout) and 429 (rate limited) and
 * 5xx are temporary; every other status is the receiver saying no for good.
 */
function toDeliveryResult(response: HttpResponse, adapter: ProviderAdapter, now: number): DeliveryResult {
  const { status } = response;
  const said = response.body ? `: ${excerptBody(response.body)}` : '';
  if (status >= 200 && status < 300) return deliverySent(adapter.readProviderMessageId(response), `HTTP ${status} from ${new URL(response.url).host}`);
  const retryAfterSeconds = readRetryAfterSeconds(response, now);
  if (status === 408 || status === 429 || status >= 500) {
    return deliveryFailed('DEFERRED', `HTTP ${status}${said}`, retryAfterSeconds === undefined ? { responseCode: status } : { responseCode: status, retryAfterSeconds });
  }
  return deliveryFailed('REJECTED', `HTTP ${status}${said}`, { responseCode: status });
}

/**
 * How long a kept-alive connection may wait idle before this side closes it: shorter than receivers
 * keep theirs (Node's servers 5 s, nginx 75 s, most load balancers 60 s). A request sent on a
 * connection the receiver closes at that very moment fails after it was handed over, which makes an
 * SMS or push `uncertain` that the gateway never saw. An agent's `timeout` destroys only idle sockets
 * (a request in flight keeps its own time limits), and with it set Node also honours a receiver's
 * `Keep-Alive: timeout=N`, closing a second before. The race is left to receivers that keep idle
 * connections under 4 s without saying so.
 */
const idleConnectionMs = 4_000;

/**
 * A channel that POSTs each message through a provider adapter: the plain webhook, generic SMS,
 * push, Twilio. Every request is signed (`X-Wayfarer-Signature`), carries the `Idempotency-Key`,
 * goes only where the egress policy allows, and reuses keep-alive connections.
 */
export function createWebhookChannel(options: WebhookChannelOptions): Channel {
  const pooling = { keepAlive: true, maxSockets: 16, timeout: idleConnectionMs };
  const httpAgent = new http.Agent(pooling);
  const httpsAgent = new https.Agent({ ...pooling, ...(options.trustedCa ? { ca: [...tls.rootCertificates, options.trustedCa] } : {}) });
  const egress = { policy: options.policy, resolver: options.resolver, httpAgent, httpsAgent };
  let closed = false;

  return {
    name: options.name,
    kind: options.kind,
    async deliver(message: OutboundMessage, key: string): Promise<DeliveryResult> {
      assertIdempotencyKey(key);
      if (closed) return deliveryFailed('CHANNEL_CLOSED', `Channel ${options.name} is closed.`);
      const endpoint = pickEndpoint(message, options);
      if (!endpoint.ok) return endpoint.failure;
      const built = options.adapter.buildRequest(message, key);
      if (!built.ok) return built.failure;
      const { request } = built;
      const headers: Record<string, string> = {
        ...request.headers,
        'Content-Type': request.contentType,
        'User-Agent': userAgent,
        'Idempotency-Key': key,
      };
      if (options.secrets.length > 0) headers[signatureHeaderName] = signWebhookBody(request.body, options.secrets, Math.floor(options.clock.now() / 1000), key);
      if (message.metadata.attempt !== undefined) headers['X-Wayfarer-Attempt'] = String(message.metadata.attempt);
      const outcome = await sendGuardedRequest({ url: endpoint.url, headers, customHeaders: options.customHeaders, body: request.body }, options.limits, egress);
      return outcome.ok ? toDeliveryResult(outcome.response, options.adapter, options.clock.now()) : outcome.failure;
    },
    async close() {
      closed = true;
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
