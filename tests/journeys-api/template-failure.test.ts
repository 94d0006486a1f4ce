import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDeliveryApp, type DeliveryApp } from '../support/delivery-app';
import { email, entry, exit, go, journey, onEvent } from '../support/journey-factory';

/**
 * A template can pass its check for the sample customer and still blow a render limit for one real
 * customer (a loop over a number only that customer has). That must cost that one message, recorded
 * as failed with the reason, and never the customer's event: the ingestion request is acknowledged.
 */
describe('a template that fails for one customer', () => {
  let app: DeliveryApp;
  beforeEach(async () => {
    app = await createDeliveryApp();
    await app.publish(journey('stamp-card', [
      entry('signed-up', onEvent('Signed Up')),
      email('stamps', 'Your stamps', '{% for i in (1..attributes.stamps) %}*{% endfor %}'),
      exit('done'),
    ], [go('signed-up', 'stamps'), go('stamps', 'done')]));
  });
  afterEach(async () => {
    await app.close();
  });

  it('records that message as failed (template-error) and still stores the event', async () => {
    await app.send('identify', { userId: 'modest', traits: { email: 'm@example.com', stamps: 3 } });
    await app.send('identify', { userId: 'greedy', traits: { email: 'g@example.com', stamps: 50_000_000 } });
    await app.send('track', { userId: 'modest', event: 'Signed Up' });
    const response = await app.post('/v1/track', { userId: 'greedy', event: 'Signed Up' });
    expect(response.statusCode).toBe(200);

    const messages = await app.messages();
    const byUser = new Map(messages.map((message) => [message.userId, message]));
    expect(byUser.get('modest')).toMatchObject({ status: 'queued' });
    expect(byUser.get('greedy')).toMatchObject({ status: 'failed', reason: 'template-error' });
    const events = (await app.admin('GET', '/api/customers/greedy/events')).json().events;
    expect(events.map((event: { event?: string }) => event.event)).toContain('Signed Up');
  });
});
