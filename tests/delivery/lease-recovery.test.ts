import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDueMessages } from '../../engine/journeys/index';
import { toMessageId } from '../../server/channels/index';
import { deliverClaimedMessage, WorkspaceChannels } from '../../server/workers/index';
import type { Message, MessagePage } from '../../schemas/types';
import { createDeliveryApp, loopbackChannels, type DeliveryApp } from '../support/delivery-app';
import { welcomeAndCrmJourney } from '../support/delivery-journeys';
import { startHttpTestReceiver, type HttpTestReceiver } from '../support/http-test-receiver';
import { parseMime } from '../support/mime-message';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server';

describe('a worker that dies mid-delivery', () => {
  let app: DeliveryApp;
  let smtp: SmtpTestServer;
  let receiver: HttpTestReceiver;

  beforeEach(async () => {
    app = await createDeliveryApp();
    smtp = await startSmtpTestServer();
    receiver = await startHttpTestReceiver();
    expect((await app.admin('PUT', '/api/channels', loopbackChannels(app.workspace, { smtp: smtp.port }))).statusCode).toBe(200);
    await app.publish(welcomeAndCrmJourney(`${receiver.origin}/crm`, { delayedPercent: 0 }));
    await app.send('identify', { userId: 'ada', traits: { email: 'ada@example.com' } });
    await app.send('track', { userId: 'ada', event: 'Signed Up' });
  });

  afterEach(async () => {
    await app.close();
    await smtp.close();
    await receiver.close();
  });

  it('leaves its email uncertain (never resent) and its webhook resent with the same key, once the lease expires', async () => {
    // A worker claims both messages (marked sending under its lease) and then vanishes.
    const claimed = await claimDueMessages(app.runtime, { owner: 'vanished-worker', leaseMs: 10_000 });
    expect(claimed.map((m) => m.status)).toEqual(['sending', 'sending']);

    const survivor = app.createWorker({ leaseMs: 10_000 });
    await survivor.runUntilIdle();
    // Still leased: nobody touches them.
    expect((await app.messages()).map((m) => m.status)).toEqual(['sending', 'sending']);
    expect(smtp.messages).toHaveLength(0);

    app.clock.advanceBy(10_001);
    await survivor.runUntilIdle();
    const [mail] = await app.messages({ channel: 'email' });
    const [hook] = await app.messages({ channel: 'webhook' });
    expect(mail.status).toBe('uncertain');
    expect(mail.reason).toBe('lease-expired');
    expect(smtp.messages).toHaveLength(0);
    expect(hook.status).toBe('sent');
    expect(hook.attempts).toBe(2);
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual([hook.key]);
    expect(survivor.stats).toMatchObject({ markedUncertain: 1, requeued: 1, sent: 1 });

    // Later polls never resend the uncertain email.
    app.clock.advanceBy(24 * 60 * 60 * 1000);
    await survivor.runUntilIdle();
    expect(smtp.messages).toHaveLength(0);

    // The message log says what happened and what to do.
    const page = (await app.admin('GET', '/api/messages?userId=ada&status=uncertain')).json() as MessagePage;
    expect(page.messages.map((m: Message) => m.key)).toEqual([mail.key]);
    expect(page.messages[0].why).toContain('not resent automatically');
    expect(page.messages[0].leaseOwner).toBe('vanished-worker');
  });

  it('records the outcome of a delivery that outlived its lease, without sending it again', async () => {
    const slow = app.createWorker({ leaseMs: 10_000 });
    const [mail] = await claimDueMessages(app.runtime, { owner: slow.owner, leaseMs: 10_000, channels: ['email'] });
    app.clock.advanceBy(10_001);
    // Recovery on another worker gives up on it first…
    await app.createWorker().runUntilIdle();
    expect((await app.messages({ channel: 'email' }))[0].status).toBe('uncertain');
    // …then the slow worker's delivery completes: now we know it was sent.
    const channels = new WorkspaceChannels({ store: app.store, clock: app.clock });
    const outcome = await deliverClaimedMessage({ runtime: app.runtime, channels, owner: slow.owner }, mail);
    await channels.close();
    expect(outcome.outcome).toBe('sent');
    const [settled] = await app.messages({ channel: 'email' });
    expect(settled.status).toBe('sent');
    expect(smtp.messages.map((m) => /Message-ID:\s*(\S+)/i.exec(m.raw)?.[1])).toEqual([toMessageId(mail.key, 'wayfarer.teaandmugs.example')]);
  });

  it('lets an operator settle an uncertain email: resend reuses the key, and only uncertain messages can be settled', async () => {
    await claimDueMessages(app.runtime, { owner: 'vanished-worker', leaseMs: 10_000, channels: ['email'] });
    app.clock.advanceBy(10_001);
    const worker = app.createWorker();
    await worker.runUntilIdle();
    const [mail] = await app.messages({ channel: 'email' });
    expect(mail.status).toBe('uncertain');
    const url = `/api/messages/${encodeURIComponent(mail.key)}/resolve`;

    const bad = await app.admin('POST', url, { resolution: 'maybe' });
    expect(bad.statusCode).toBe(400);
    expect((await app.messages({ channel: 'email' }))[0].status).toBe('uncertain');

    const resent = await app.admin('POST', url, { resolution: 'resend', note: 'not in the provider log' });
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toMatchObject({ key: mail.key, status: 'queued' });
    await worker.runUntilIdle();
    expect(smtp.messages).toHaveLength(1);
    const messageId = parseMime(smtp.messages[0].raw).headers.get('message-id') ?? '';
    expect(messageId.startsWith(toMessageId(mail.key, 'x').split('@')[0] + '@')).toBe(true);
    const [settled] = await app.messages({ channel: 'email' });
    expect(settled.status).toBe('sent');
    expect(settled.history.some((entry) => entry.detail?.includes('not in the provider log'))).toBe(true);

    const again = await app.admin('POST', url, { resolution: 'sent' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'CONFLICT', details: [{ pointer: '/key' }] });
    expect((await app.admin('POST', '/api/messages/no-such-key/resolve', { resolution: 'sent' })).statusCode).toBe(404);
  });
});
