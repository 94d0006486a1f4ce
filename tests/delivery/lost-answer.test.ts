import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message, MessagePage } from '../../schemas/types';
import { toMessageId } from '../../server/channels/index';
import { createDeliveryApp, testWebhookSecret, type DeliveryApp } from '../support/delivery-app';
import { startHttpTestReceiver, type HttpTestReceiver } from '../support/http-test-receiver';
import { action, email, entry, exit, go, journey, onEvent, send } from '../support/journey-factory';
import { startStallingSmtpServer, type SmtpStall, type StallingSmtpServer } from '../support/stalling-smtp-server';

/**
 * A provider that takes a message and whose answer never reaches the worker: the message may have gone
 * out, and only a receiver that drops duplicates by key makes a resend safe.
 */
describe('a delivery whose answer never came', () => {
  let app: DeliveryApp;
  let smtp: StallingSmtpServer | undefined;
  let receiver: HttpTestReceiver | undefined;

  beforeEach(async () => {
    app = await createDeliveryApp();
    await app.send('identify', { userId: 'ada', traits: { email: 'ada@example.com', phone: '+447700900123', consent: { sms: true } } });
  });

  afterEach(async () => {
    await app.close();
    await smtp?.close();
    await receiver?.close();
    smtp = undefined;
    receiver = undefined;
  });

  /** An email channel (300 ms socket timeout, 1 s first retry) at a server that stalls once as told, and a welcome email queued for Ada. */
  async function queueEmailThrough(stall: SmtpStall) {
    smtp = await startStallingSmtpServer(stall);
    const channel = { kind: 'smtp', host: '127.0.0.1', port: smtp.port, from: 'Shop <news@shop.example>', timeouts: { socketMs: 300 }, retry: { baseDelayMs: 1_000 } };
    const saved = await app.admin('PUT', '/api/channels', { workspace: app.workspace, egress: { allow: ['127.0.0.1'] }, channels: { email: channel } });
    expect(saved.statusCode, saved.body).toBe(200);
    await app.publish(journey('welcome', [entry('s', onEvent('Signed Up')), email('hello', 'Welcome'), exit('done')], [go('s', 'hello'), go('hello', 'done')]));
    await app.send('track', { userId: 'ada', event: 'Signed Up' });
  }

  it('leaves an email the SMTP server took but answered too late uncertain, never sends it again, and lets an operator settle it', async () => {
    await queueEmailThrough({ at: 'after-data', holdMs: 1_500 });
    const lines: string[] = [];
    const worker = app.createWorker({ log: (level, message) => lines.push(`${level} ${message}`) });
    await worker.runUntilIdle();

    const [mail] = await app.messages();
    expect(smtp!.messageIds).toEqual([toMessageId(mail.key, 'wayfarer.shop.example')]);
    expect(mail).toMatchObject({ status: 'uncertain', reason: 'delivery-error', attempts: 1 });
    expect(mail.lastError).toMatch(/^TIMEOUT: .*after the message was handed over/);
    expect(worker.stats).toMatchObject({ uncertain: 1, retried: 0, sent: 0 });
    expect(lines).toEqual([`warn Message ${mail.key} became uncertain (not resent) on email: ${mail.lastError}`]);

    // A day of polls later it has not been sent again.
    app.clock.advanceBy(24 * 60 * 60 * 1000);
    await worker.runUntilIdle();
    expect(smtp!.messageIds).toHaveLength(1);
    expect((await app.messages())[0].status).toBe('uncertain');

    // The message log says what happened and what to do.
    const page = (await app.admin('GET', '/api/messages?userId=ada&status=uncertain')).json() as MessagePage;
    expect(page.messages.map((m: Message) => m.key)).toEqual([mail.key]);
    expect(page.messages[0].why).toContain('TIMEOUT');
    expect(page.messages[0].why).toContain('not resent automatically');
    expect(page.messages[0].why).toContain(`/api/messages/${encodeURIComponent(mail.key)}/resolve`);

    // The operator finds it in the provider's log and settles it as sent.
    const settled = await app.admin('POST', `/api/messages/${encodeURIComponent(mail.key)}/resolve`, { resolution: 'sent', note: 'in the provider log as STALL1' });
    expect(settled.statusCode, settled.body).toBe(200);
    expect(settled.json()).toMatchObject({ status: 'sent' });
    expect(settled.json().history.at(-1)).toMatchObject({ status: 'sent', reason: 'delivery-error', detail: expect.stringContaining('STALL1') });
  });

  it('leaves an email uncertain when the connection dropped after the message arrived', async () => {
    await queueEmailThrough({ at: 'drop-after-data' });
    await app.createWorker().runUntilIdle();
    const [mail] = await app.messages();
    expect(smtp!.messageIds).toHaveLength(1);
    expect(mail).toMatchObject({ status: 'uncertain', reason: 'delivery-error' });
    expect(mail.lastError).toMatch(/^CONNECTION_FAILED: /);
  });

  it('retries an email whose SMTP server stalled before the message was handed over, and sends it once', async () => {
    await queueEmailThrough({ at: 'rcpt', holdMs: 1_000 });
    const worker = app.createWorker();
    await worker.runUntilIdle();
    const [waiting] = await app.messages();
    expect(waiting).toMatchObject({ status: 'queued', reason: 'delivery-error', attempts: 1 });
    expect(smtp!.messageIds).toHaveLength(0);

    app.clock.advanceTo(Date.parse(waiting.availableAt));
    await worker.runUntilIdle();
    const [sent] = await app.messages();
    expect(sent).toMatchObject({ status: 'sent', attempts: 2 });
    expect(smtp!.messageIds).toEqual([toMessageId(sent.key, 'wayfarer.shop.example')]);
  });

  it('leaves an SMS the gateway took but never answered uncertain, never sent again', async () => {
    receiver = await startHttpTestReceiver((_request, index) => (index === 0 ? { hold: true } : { status: 200, body: '{"id":"sms-2"}' }));
    const sms = { kind: 'sms', url: `${receiver.origin}/sms`, secret: testWebhookSecret, timeoutMs: 300, retry: { baseDelayMs: 1_000 } };
    expect((await app.admin('PUT', '/api/channels', { workspace: app.workspace, egress: { allow: ['127.0.0.1'] }, channels: { sms } })).statusCode).toBe(200);
    await app.publish(journey('otp', [entry('s', onEvent('Signed Up')), send('text', 'sms', { body: 'Welcome!' }), exit('done')], [go('s', 'text'), go('text', 'done')]));
    await app.send('track', { userId: 'ada', event: 'Signed Up' });

    const worker = app.createWorker();
    await worker.runUntilIdle();
    app.clock.advanceBy(60_000);
    await worker.runUntilIdle();

    const [text] = await app.messages();
    expect(text).toMatchObject({ status: 'uncertain', reason: 'delivery-error', attempts: 1 });
    expect(text.lastError).toMatch(/^TIMEOUT: /);
    expect(receiver.requests.map((request) => request.headers['idempotency-key'])).toEqual([text.key]);
  });

  it('resends a webhook the receiver never answered, with the same key, until it answers', async () => {
    receiver = await startHttpTestReceiver((_request, index) => (index === 0 ? { hold: true } : { status: 200, body: '{"id":"crm-2"}' }));
    const webhook = { kind: 'webhook', secret: testWebhookSecret, timeoutMs: 300, retry: { baseDelayMs: 1_000 } };
    expect((await app.admin('PUT', '/api/channels', { workspace: app.workspace, egress: { allow: ['127.0.0.1'] }, channels: { webhook } })).statusCode).toBe(200);
    const tell = action({ id: 'tell-crm', kind: 'webhook', params: { url: `${receiver.origin}/crm`, body: { userId: '{{ customer.userId }}' } } });
    await app.publish(journey('crm', [entry('s', onEvent('Signed Up')), tell, exit('done')], [go('s', 'tell-crm'), go('tell-crm', 'done')]));
    await app.send('track', { userId: 'ada', event: 'Signed Up' });

    const worker = app.createWorker();
    await worker.runUntilIdle();
    const [waiting] = await app.messages();
    expect(waiting).toMatchObject({ status: 'queued', reason: 'delivery-error', attempts: 1 });
    expect(waiting.lastError).toMatch(/^TIMEOUT: /);

    app.clock.advanceTo(Date.parse(waiting.availableAt));
    await worker.runUntilIdle();
    const [hook] = await app.messages();
    expect(hook).toMatchObject({ status: 'sent', attempts: 2 });
    expect(receiver.requests.map((request) => request.headers['idempotency-key'])).toEqual([hook.key, hook.key]);
  });
});
