import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliveryApp, loopbackChannels, type DeliveryApp } from '../support/delivery-app';
import { startHttpTestReceiver, type HttpTestReceiver } from '../support/http-test-receiver';
import { action, entry, exit, go, journey, onEvent } from '../support/journey-factory';

/** Joined → a CRM webhook, at most 3 a minute → done. */
function ratedJourney(webhookUrl: string) {
  return journey(
    'rated-crm-sync',
    [entry('joined', onEvent('Joined')), action({ id: 'tell-crm', kind: 'webhook', params: { url: webhookUrl, body: { user: '{{ customer.userId }}' } } }), exit('done')],
    [go('joined', 'tell-crm'), go('tell-crm', 'done')],
    { sendRate: { limit: 3, per: 'minute' } },
  );
}

describe("a journey's send rate through the delivery worker", () => {
  let app: DeliveryApp;
  let receiver: HttpTestReceiver;

  beforeEach(async () => {
    app = await createDeliveryApp();
    receiver = await startHttpTestReceiver();
    const saved = await app.admin('PUT', '/api/channels', loopbackChannels(app.workspace, {}));
    expect(saved.statusCode, saved.body).toBe(200);
    await app.publish(ratedJourney(`${receiver.origin}/crm`));
    for (let i = 0; i < 10; i++) await app.send('track', { userId: `u${i}`, event: 'Joined' });
  });

  afterEach(async () => {
    await app.close();
    await receiver.close();
  });

  /** Runs the workers until idle once a minute; how many webhooks arrived in each minute. */
  async function arrivalsPerMinute(workers: Array<{ runUntilIdle(): Promise<unknown> }>, minutes: number): Promise<number[]> {
    const arrivals: number[] = [];
    for (let minute = 0; minute < minutes; minute++) {
      const before = receiver.requests.length;
      await Promise.all(workers.map((worker) => worker.runUntilIdle()));
      arrivals.push(receiver.requests.length - before);
      app.clock.advanceBy(60_000);
    }
    return arrivals;
  }

  it('delivers the configured rate with the default claim parallelism', async () => {
    expect(await arrivalsPerMinute([app.createWorker()], 4)).toEqual([3, 3, 3, 1]);
    const messages = await app.messages();
    expect(messages.every((m) => m.status === 'sent' && m.attempts === 1)).toBe(true);
  });

  it('delivers the configured rate between two workers on one store, each message once', async () => {
    expect(await arrivalsPerMinute([app.createWorker({ owner: 'worker-a' }), app.createWorker({ owner: 'worker-b' })], 4)).toEqual([3, 3, 3, 1]);
    const keys = receiver.requests.map((request) => request.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(10);
  });
});
