import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { deliveryFailed, type DeliveryResult } from './delivery-result';
import { checkEgressHost, createGuardedLookup, type HostResolver } from './egress-guard';
import type { EgressPolicy } from './egress-policy';

/** One POST, before redirects. */
export interface GuardedRequest {
  url: string;
  /** Headers every hop gets (content type, signature, idempotency key, user agent). */
  headers: Record<string, string>;
  /** Configured extra headers (credentials, tenant ids): dropped when a redirect leaves the origin. */
  customHeaders: Record<string, string>;
  body: string;
}

export interface RequestLimits {
  /** The whole exchange, every redirect hop included. */
  timeoutMs: number;
  /** Establishing each TCP connection. */
  connectTimeoutMs: number;
  /** 307/308 redirects followed; 0 refuses every redirect. */
  maxRedirects: number;
  /** Response bytes kept for the outcome's detail; the rest is discarded. */
  maxResponseBytes: number;
}

/** How requests reach the network: the egress policy, the resolver it checks, and pooled agents. */
export interface HttpEgress {
  policy: EgressPolicy;
  resolver: HostResolver;
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** At most `maxResponseBytes` of the body, as UTF-8. */
  body: string;
  /** The URL that answered (after redirects). */
  url: string;
}

export type HttpOutcome = { ok: true; response: HttpResponse } | { ok: false; failure: DeliveryResult };

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** Node's network error codes that mean "could not reach it", for a clearer failure message. */
function describeNetworkError(error: NodeJS.ErrnoException, url: URL): string {
  switch (error.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Could not resolve ${url.hostname} (${error.code}).`;
    case 'ECONNREFUSED':
      return `${url.host} refused the connection.`;
    case 'ECONNRESET':
      return `${url.host} reset the connection.`;
    default:
      return `Could not reach ${url.host}: ${error.message}`;
  }
}

/**
 * One hop: a POST to exactly `url`, connecting only to addresses the policy accepts. A failure after
 * the whole request was handed over on an open connection carries `maybeDelivered`: the receiver may
 * have acted on it, whatever happened to its answer.
 */
function exchange(url: URL, headers: Record<string, string>, body: string, remainingMs: number, limits: RequestLimits, egress: HttpEgress): Promise<HttpOutcome> {
  return new Promise((resolve) => {
    const secure = url.protocol === 'https:';
    const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    let request: http.ClientRequest;
    try {
      request = (secure ? https : http).request({
        method: 'POST',
        protocol: url.protocol,
        hostname,
        port: url.port || (secure ? 443 : 80),
        path: url.pathname + url.search,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
        agent: secure ? egress.httpsAgent : egress.httpAgent,
        lookup: createGuardedLookup(egress.policy, egress.resolver),
      });
    } catch (error) {
      // Node checks the headers and path as it builds the request and throws for what it cannot send
      // (a header value with CR or LF). Nothing was sent, and every attempt would throw the same way.
      resolve({ ok: false, failure: deliveryFailed('INVALID_MESSAGE', `The request to ${url.host} cannot be built: ${(error as Error).message}. Check the channel's headers.`) });
      return;
    }
    let settled = false;
    let connectTimer: NodeJS.Timeout | undefined;
    // The request counts as handed over once it is written whole and its connection is up (TLS
    // included): until then a failure proves the receiver never had it, afterwards it may have.
    let connected = false;
    let written = false;
    const failure = (code: 'TIMEOUT' | 'CONNECTION_FAILED', message: string): HttpOutcome =>
      connected && written
        ? { ok: false, failure: deliveryFailed(code, `${message} The request had been handed over: the receiver may have it.`, { maybeDelivered: true }) }
        : { ok: false, failure: deliveryFailed(code, message) };
    const settle = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      clearTimeout(connectTimer);
      resolve(outcome);
    };
    const timeOut = (phase: 'connect' | 'response', milliseconds: number) => {
      const message = phase === 'connect' ? `no connection within ${milliseconds} ms` : `no complete answer within ${milliseconds} ms`;
      settle(failure('TIMEOUT', `${url.host}: ${message}.`));
      request.destroy();
    };
    const overall = setTimeout(() => timeOut('response', limits.timeoutMs), remainingMs);
    request.on('socket', (socket) => {
      // A kept-alive socket is connected (and past its TLS handshake) already.
      if (!socket.connecting) {
        connected = true;
        return;
      }
      connectTimer = setTimeout(() => timeOut('connect', limits.connectTimeoutMs), limits.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(connectTimer));
      socket.once(secure ? 'secureConnect' : 'connect', () => (connected = true));
    });
    // Emitted once the last bytes went to the socket (buffered there until it connects).
    request.once('finish', () => (written = true));
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EGRESS_REFUSED') settle({ ok: false, failure: deliveryFailed('EGRESS_REFUSED', error.message) });
      else settle(failure('CONNECTION_FAILED', describeNetworkError(error, url)));
    });
    // A catch-all: however the exchange ends, the promise settles.
    request.on('close', () => settle(failure('CONNECTION_FAILED', `${url.host} closed the connection before answering completely.`)));
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      response.on('data', (chunk: Buffer) => {
        if (kept >= limits.maxResponseBytes) return;
        chunks.push(chunk.subarray(0, limits.maxResponseBytes - kept));
        kept += chunk.length;
      });
      response.on('end', () =>
        settle({ ok: true, response: { status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), url: url.toString() } }),
      );
      // The receiver had the request (it began to answer), so whatever it said, it may have acted on it.
      response.on('error', (error: NodeJS.ErrnoException) =>
        settle({ ok: false, failure: deliveryFailed('CONNECTION_FAILED', `${url.host} answered ${response.statusCode ?? 'without a status'}, then the answer broke off: ${describeNetworkError(error, url)}`, { maybeDelivered: true }) }),
      );
    });
    request.end(body);
  });
}

/**
 * POSTs a body through the egress guard: the host is checked (literal addresses directly, names when
 * they are resolved, inside the connection itself), redirects are followed only as configured and
 * checked again at every hop. Resolves to the response or to the failure value; never rejects.
 */
export async function sendGuardedRequest(request: GuardedRequest, limits: RequestLimits, egress: HttpEgress): Promise<HttpOutcome> {
  const deadline = performance.now() + limits.timeoutMs;
  let url = new URL(request.url);
  let customHeaders = request.customHeaders;
  for (let hop = 0; ; hop++) {
    const refused = checkEgressHost(url.hostname, egress.policy);
    if (refused) return { ok: false, failure: deliveryFailed('EGRESS_REFUSED', refused.message) };
    const remainingMs = Math.max(1, deadline - performance.now());
    const outcome = await exchange(url, { ...customHeaders, ...request.headers }, request.body, remainingMs, limits, egress);
    if (!outcome.ok || !redirectStatuses.has(outcome.response.status)) return outcome;

    const { status, headers } = outcome.response;
    const refuse = (message: string): HttpOutcome => ({ ok: false, failure: deliveryFailed('REDIRECT_REFUSED', message, { responseCode: status }) });
    if (typeof headers.location !== 'string') return refuse(`${url.host} answered ${status} without a Location header.`);
    let next: URL;
    try {
      next = new URL(headers.location, url);
    } catch {
      return refuse(`${url.host} answered ${status} with an invalid Location "${headers.location}".`);
    }
    if (limits.maxRedirects === 0) return refuse(`${url} answered ${status} to ${next}. Update the channel URL to the new address (or set maxRedirects).`);
    if (hop >= limits.maxRedirects) return refuse(`More than ${limits.maxRedirects} redirects, the last to ${next}.`);
    if (status !== 307 && status !== 308) return refuse(`${url} answered ${status}, which would turn the POST into a GET; point the channel at ${next} instead.`);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') return refuse(`Redirect to ${next.protocol} is not followed.`);
    if (url.protocol === 'https:' && next.protocol === 'http:') return refuse(`Redirect from https to plain http (${next}) is not followed.`);
    // Credentials configured for one origin must not travel to another one.
    if (next.origin !== url.origin) customHeaders = {};
    url = next;
  }
}
