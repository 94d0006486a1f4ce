import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/errors';
import { VirtualClock } from '../../engine/time';
import {
  createChannelRegistry,
  createEgressPolicy,
  createWebhookChannel,
  decideRetry,
  defaultRequestLimits,
  systemResolver,
  verifyWebhookSignature,
  webhookPayloadAdapter,
  type ChannelRegistry,
  type DeliveryResult,
} from '../../server/channels';
import { startHttpTestReceiver, type HttpTestReceiver, type ReceiverReply, type ReceivedRequest } from '../support/http-test-receiver';
import { buildOutboundMessage } from '../support/outbound-message-factory';

const secret = 'whsec_0123456789abcdef0123456789abcdef';
const startTime = Date.parse('2024-05-01T12:00:00.000Z');

let receiver: HttpTestReceiver | undefined;
let registry: ChannelRegistry | undefined;

afterEach(async () => {
  await registry?.close();
  await receiver?.close();
  registry = undefined;
  receiver = undefined;
});

async function setUp(reply: (request: ReceivedRequest, index: number) => ReceiverReply, settings: Record<string, unknown> = {}, clock = new VirtualClock(startTime), receiverOptions: { keepAliveTimeoutMs?: number } = {}) {
  receiver = await startHttpTestReceiver(reply, receiverOptions);
  registry = unwrap(
    createChannelRegistry(
      {
        workspace: 'ws_channels',
        channels: { webhook: { kind: 'webhook', url: `${receiver.origin}/hooks/wayfarer?tenant=7`, secret, headers: { 'X-Api-Key': 'k-123' }, ...settings } },
        egress: { allow: ['127.0.0.1/32'] },
      },
      { clock },
    ),
  );
  return { receiver, registry, clock };
}

const webhookMessage = () => buildOutboundMessage({ channel: 'webhook' });

describe('webhook channel against a real HTTP receiver', () => {
  it('POSTs the message as signed JSON with the idempotency key', async () => {
    const { receiver, registry } = await setUp(() => ({ status: 202, body: JSON.stringify({ id: 'rcv-991' }) }));
    const result = await registry.deliver(webhookMessage(), 'ws_channels:jrn_welcome:send-welcome:inst_1');

    expect(result).toMatchObject({ status: 'sent', providerMessageId: 'rcv-991' });
    const [request] = receiver.requests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/hooks/wayfarer?tenant=7');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toBe('ws_channels:jrn_welcome:send-welcome:inst_1');
    expect(request.headers['x-api-key']).toBe('k-123');
    const verdict = verifyWebhookSignature({ secret, header: request.headers['x-wayfarer-signature'] as string, body: request.body, now: startTime });
    expect(verdict).toEqual({ valid: true, timestamp: startTime / 1000 });
    expect(JSON.parse(request.body)).toEqual({
      id: 'ws_channels:jrn_welcome:send-welcome:inst_1',
      type: 'message',
      channel: 'webhook',
      workspace: 'ws_channels',
      createdAt: '2024-05-01T12:00:00.000Z',
      journey: { id: 'jrn_welcome', step: 'send-welcome' },
      customer: { id: 'cus_0001', userId: 'user-42' },
      recipient: webhookMessage().recipient,
      content: webhookMessage().content,
      unsubscribeUrl: null,
    });
  });

  it('keeps a connection for the next message, and closes it itself after a few idle seconds, before a receiver would', async () => {
    // The receiver would keep an idle connection a minute: a close comes from the channel.
    const { receiver, registry } = await setUp(() => ({ status: 200 }), {}, new VirtualClock(startTime), { keepAliveTimeoutMs: 60_000 });
    expect((await registry.deliver(webhookMessage(), 'ws_channels:idle:step:1')).status).toBe('sent');
    expect((await registry.deliver(webhookMessage(), 'ws_channels:idle:step:2')).status).toBe('sent');
    expect(receiver.openConnections()).toBe(1);
    const deadline = Date.now() + 15_000;
    while (receiver.openConnections() > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.openConnections()).toBe(0);
    expect((await registry.deliver(webhookMessage(), 'ws_channels:idle:step:3')).status).toBe('sent');
  }, 20_000);

  it('signs so that a tampered body or another secret does not verify', async () => {
    const { receiver, registry } = await setUp(() => ({ status: 200 }));
    await registry.deliver(webhookMessage(), 'k-1');
    const [request] = receiver.requests;
    const header = request.headers['x-wayfarer-signature'] as string;
    expect(verifyWebhookSignature({ secret, header, body: request.body.replace('Ada', 'Eve'), now: startTime })).toMatchObject({ valid: false });
    expect(verifyWebhookSignature({ secret: 'whsec_another_secret_entirely', header, body: request.body, now: startTime })).toMatchObject({ valid: false });
    // The key is signed too: the request verifies with its own key and not with another.
    expect(verifyWebhookSignature({ secret, header, body: request.body, idempotencyKey: request.headers['idempotency-key'] as string, now: startTime })).toMatchObject({ valid: true });
    expect(verifyWebhookSignature({ secret, header, body: request.body, idempotencyKey: 'k-2', now: startTime })).toMatchObject({ valid: false });
  });

  it('sends a journey step its own endpoint and rendered body', async () => {
    const { receiver, registry } = await setUp(() => ({ status: 200 }), { url: undefined });
    const message = { ...webhookMessage(), endpoint: `${receiver.origin}/crm/contacts`, payload: { email: 'ada@example.com', orders: 3 } };
    const result = await registry.deliver(message, 'k-step');
    expect(result.status).toBe('sent');
    expect(receiver.requests[0].url).toBe('/crm/contacts');
    expect(JSON.parse(receiver.requests[0].body)).toEqual({ email: 'ada@example.com', orders: 3 });
    expect(receiver.requests[0].headers['idempotency-key']).toBe('k-step');
  });

  it.each([
    [400, true, 'REJECTED'],
    [401, true, 'REJECTED'],
    [404, true, 'REJECTED'],
    [410, true, 'REJECTED'],
    [422, true, 'REJECTED'],
    [408, false, 'DEFERRED'],
    [429, false, 'DEFERRED'],
    [500, false, 'DEFERRED'],
    [503, false, 'DEFERRED'],
  ])('maps HTTP %i to permanent=%s (%s)', async (status, permanent, code) => {
    const { registry } = await setUp(() => ({ status, body: '{"error":"nope"}' }));
    const result = await registry.deliver(webhookMessage(), `k-${status}`);
    expect(result).toMatchObject({ status: 'failed', permanent, error: { code, responseCode: status } });
  });

  it('carries Retry-After into the failure and the retry decision honours it', async () => {
    const { registry } = await setUp(() => ({ status: 429, headers: { 'Retry-After': '3600' } }));
    const result = await registry.deliver(webhookMessage(), 'k-rate');
    expect(result).toMatchObject({ status: 'failed', permanent: false, error: { retryAfterSeconds: 3600 } });
    const decision = decideRetry(result, 1, startTime, { jitterKey: 'k-rate' });
    expect(decision).toEqual({ action: 'retry', at: startTime + 3_600_000 });
  });

  it('times out a receiver that took the request and never answers: retryable, and maybe delivered', async () => {
    const { receiver, registry } = await setUp(() => ({ hold: true }), { timeoutMs: 300 });
    const result = await registry.deliver(webhookMessage(), 'k-slow');
    expect(receiver.requests).toHaveLength(1);
    expect(result).toMatchObject({ status: 'failed', permanent: false, error: { code: 'TIMEOUT', maybeDelivered: true } });
  });

  it('retries with the same key and body until the receiver takes it, and the receiver de-duplicates', async () => {
    const clock = new VirtualClock(startTime);
    const processed = new Map<string, number>();
    const { receiver, registry } = await setUp((request, index) => {
      if (index < 2) return { status: 503 };
      const key = request.headers['idempotency-key'] as string;
      processed.set(key, (processed.get(key) ?? 0) + 1);
      return { status: 200 };
    }, {}, clock);

    const key = 'ws_channels:jrn_welcome:send-welcome:inst_9';
    const outcomes: DeliveryResult[] = [];
    const attemptTimes: number[] = [];
    for (let attempt = 1; ; attempt++) {
      attemptTimes.push(clock.now());
      const message = buildOutboundMessage({ channel: 'webhook', metadata: { ...webhookMessage().metadata, attempt } });
      const result = await registry.deliver(message, key);
      outcomes.push(result);
      const decision = decideRetry(result, attempt, clock.now(), { jitterKey: key, policy: registry.retryPolicy('webhook') });
      if (decision.action !== 'retry') break;
      expect(decision.at).toBeGreaterThan(clock.now());
      clock.advanceTo(decision.at);
    }
    // A duplicate delivery (the worker crashed after sending) is recognised by the receiver.
    await registry.deliver(webhookMessage(), key);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['failed', 'failed', 'sent']);
    expect(new Set(receiver.requests.map((request) => request.headers['idempotency-key']))).toEqual(new Set([key]));
    expect(new Set(receiver.requests.map((request) => JSON.parse(request.body).id))).toEqual(new Set([key]));
    expect(receiver.requests.map((request) => request.headers['x-wayfarer-attempt'])).toEqual(['1', '2', '3', undefined]);
    expect(processed.get(key)).toBe(2);
    // Each attempt is signed at its own time: it verifies then, and a replay hours later does not.
    receiver.requests.slice(0, 3).forEach((request, index) => {
      const header = request.headers['x-wayfarer-signature'] as string;
      expect(verifyWebhookSignature({ secret, header, body: request.body, now: attemptTimes[index] })).toEqual({ valid: true, timestamp: Math.floor(attemptTimes[index] / 1000) });
      expect(verifyWebhookSignature({ secret, header, body: request.body, now: attemptTimes[index] + 3_600_000 }).valid).toBe(false);
    });
  });

  it('signs with both secrets while rotating', async () => {
    const previous = 'whsec_previous_secret_0000000000';
    const { receiver, registry } = await setUp(() => ({ status: 200 }), { previousSecret: previous });
    await registry.deliver(webhookMessage(), 'k-rotate');
    const [request] = receiver.requests;
    const header = request.headers['x-wayfarer-signature'] as string;
    expect(header.match(/v1=/g)).toHaveLength(2);
    expect(verifyWebhookSignature({ secret: previous, header, body: request.body, now: startTime }).valid).toBe(true);
    expect(verifyWebhookSignature({ secret, header, body: request.body, now: startTime }).valid).toBe(true);
  });
});

describe('webhook channel when the answer does not come', () => {
  /** A registry whose webhook posts to `url` on loopback. */
  const buildRegistry = (url: string) =>
    unwrap(createChannelRegistry({ workspace: 'ws_channels', channels: { webhook: { kind: 'webhook', url, secret, timeoutMs: 1_000 } }, egress: { allow: ['127.0.0.1'] } }));

  it('says a request may have been delivered when the receiver read it and then reset the connection', async () => {
    let received = 0;
    const resetting = http.createServer((request) => {
      request.resume();
      request.on('end', () => {
        received += 1;
        request.socket.destroy();
      });
    });
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', () => resolve()));
    const channels = buildRegistry(`http://127.0.0.1:${(resetting.address() as AddressInfo).port}/hook`);
    const result = await channels.deliver(webhookMessage(), 'k-reset');
    await channels.close();
    await new Promise<void>((resolve) => resetting.close(() => resolve()));
    expect(received).toBe(1);
    expect(result).toMatchObject({ status: 'failed', permanent: false, error: { code: 'CONNECTION_FAILED', maybeDelivered: true } });
  });

  it('keeps a refused connection a plain retryable failure: nothing was handed over', async () => {
    const unused = createServer();
    await new Promise<void>((resolve) => unused.listen(0, '127.0.0.1', () => resolve()));
    const { port } = unused.address() as AddressInfo;
    await new Promise<void>((resolve) => unused.close(() => resolve()));
    const channels = buildRegistry(`http://127.0.0.1:${port}/hook`);
    const result = await channels.deliver(webhookMessage(), 'k-refused');
    await channels.close();
    expect(result).toMatchObject({ status: 'failed', permanent: false, error: { code: 'CONNECTION_FAILED' } });
    expect(result.status === 'failed' && result.error.maybeDelivered).toBeFalsy();
  });

  it('turns a request Node refuses to build (a header value with CR/LF) into a failure, without throwing', async () => {
    receiver = await startHttpTestReceiver(() => ({ status: 200 }));
    const channel = createWebhookChannel({
      name: 'webhook',
      kind: 'webhook',
      url: `${receiver.origin}/hook`,
      secrets: [secret],
      // The config API refuses such a value; a channel built around it must still fail as a value.
      customHeaders: { 'X-Tenant': 'acme\r\nX-Injected: 1' },
      limits: defaultRequestLimits,
      adapter: webhookPayloadAdapter,
      policy: unwrap(createEgressPolicy(['127.0.0.1'])),
      resolver: systemResolver,
      clock: new VirtualClock(startTime),
    });
    const result = await channel.deliver(webhookMessage(), 'k-crlf');
    await channel.close();
    expect(result).toMatchObject({ status: 'failed', permanent: true, error: { code: 'INVALID_MESSAGE' } });
    expect(result.status === 'failed' && result.error.message).toContain('X-Tenant');
    expect(receiver.requests).toHaveLength(0);
  });
});
