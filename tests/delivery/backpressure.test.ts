import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MessageRecord } from '../../engine/journeys/index';
import type { ChannelConfig } from '../../schemas/types';
import { createDeliveryApp, loopbackChannels, type DeliveryApp } from '../support/delivery-app';
import { startHttpTestReceiver, type HttpTestReceiver } from '../support/http-test-receiver';
import { action, email, entry, exit, go, journey, onEvent } from '../support/journey-factory';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function countByStatus(records: MessageRecord[]): Record<string, number> {
  return records.reduce<Record<string, number>>((counts, record) => ({ ...counts, [record.status]: (counts[record.status] ?? 0) + 1 }), {});
}

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await pause(25);
  }
  throw new Error(`Timed out waiting until ${what}`);
}

describe('a slow channel', () => {
  let app: DeliveryApp;
  let smtp: SmtpTestServer;
  let receiver: HttpTestReceiver;

  beforeEach(async () => {
    app = await createDeliveryApp();
    smtp = await startSmtpTestServer();
    // The CRM takes requests and never answers: each webhook delivery runs into the channel's timeout.
    receiver = await startHttpTestReceiver(() => ({ hold: true }));
    const config: ChannelConfig = loopbackChannels(app.workspace, { smtp: smtp.port });
    config.channels.webhook = { ...config.channels.webhook, timeoutMs: 1_500 } as ChannelConfig['channels'][string];
    expect((await app.admin('PUT', '/api/channels', config)).statusCode).toBe(200);
    await app.publish(
      journey('crm-sync', [entry('signed-up', onEvent('Signed Up')), action({ id: 'tell-crm', kind: 'webhook', params: { url: `${receiver.origin}/crm`, body: { userId: '{{ customer.userId }}' } } }), exit('done')], [go('signed-up', 'tell-crm'), go('tell-crm', 'done')]),
    );
    await app.publish(journey('receipts', [entry('ordered', onEvent('Order Completed')), email('receipt', 'Thanks for your order'), exit('done')], [go('ordered', 'receipt'), go('receipt', 'done')]));
    for (let i = 0; i < 6; i++) {
      await app.send('identify', { userId: `u${i}`, traits: { email: `u${i}@example.com` } });
      await app.send('track', { userId: `u${i}`, event: 'Signed Up' });
      await app.send('track', { userId: `u${i}`, event: 'Order Completed', properties: { order_id: `o${i}`, total: 10 } });
    }
  });

  afterEach(async () => {
    await app.close();
    await smtp.close();
    await receiver.close();
  });

  it('holds no more claims than the worker can deliver, keeps other channels flowing, and a stop records what was in flight', async () => {
    const worker = app.createWorker({ concurrency: 4, channelConcurrency: 2, pollIntervalMs: 10 });
    worker.start();
    // Each outcome is recorded after the receiver has it, and the webhooks are claimed alongside: wait for the records too.
    await waitUntil(async () => smtp.messages.length === 6, 'every receipt was sent');
    await waitUntil(async () => countByStatus(await app.messages({ channel: 'email' })).sent === 6 && receiver.requests.length === 2, 'the receipts recorded and two webhooks at the CRM');

    // Two webhooks hang at the CRM; the other four wait in the store, unclaimed, for any worker.
    const hooks = countByStatus(await app.messages({ channel: 'webhook' }));
    expect(hooks).toEqual({ sending: 2, queued: 4 });
    expect(receiver.requests).toHaveLength(2);
    expect(countByStatus(await app.messages({ channel: 'email' }))).toEqual({ sent: 6 });

    // A clean stop waits for the deliveries in flight and records them (here: timed out, to be retried).
    await worker.stop();
    const after = await app.messages({ channel: 'webhook' });
    expect(countByStatus(after)).toEqual({ queued: 6 });
    const retried = after.filter((record) => record.attempts === 1);
    expect(retried).toHaveLength(2);
    for (const record of retried) expect(record.lastError).toContain('TIMEOUT');
    expect(worker.stats).toMatchObject({ sent: 6, retried: 2, abandoned: 0 });
  });
});
