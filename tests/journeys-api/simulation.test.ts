import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JourneySimulation } from '../../schemas/types';
import { createDeliveryApp, type DeliveryApp } from '../support/delivery-app';
import { branch, delay, elapsed, email, entry, exit, go, journey, onEvent, split, wait } from '../support/journey-factory';

/** Order Completed → 3 days → (VIP? thank-you email : review email) → done. */
function followUp(version = 1) {
  return {
    ...journey(
      'follow-up',
      [
        entry('ordered', onEvent('Order Completed')),
        delay('three-days', wait('P3D')),
        split('is-vip', { mode: 'conditions', branches: [{ id: 'vip', condition: { all: [{ fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 3 }] } }] }),
        email('thanks', 'Thank you for order number {{ traits.orders_count }}'),
        email('review', 'How was it, {{ attributes.first_name | default: "friend" }}?'),
        exit('done'),
      ],
      [go('ordered', 'three-days'), elapsed('three-days', 'is-vip'), branch('is-vip', 'thanks', 'vip'), branch('is-vip', 'review', 'else'), go('thanks', 'done'), go('review', 'done')],
      { consent: { email: 'opt-in' } },
    ),
    version,
  };
}

describe('POST /api/journeys/{id}/simulate', () => {
  let app: DeliveryApp;
  beforeEach(async () => {
    app = await createDeliveryApp();
    expect((await app.admin('POST', '/api/journeys', followUp())).statusCode).toBe(201);
  });
  afterEach(async () => {
    await app.close();
  });

  it('runs the draft over a made-up timeline: states with times, rendered messages, suppressions — and sends nothing', async () => {
    const response = await app.admin('POST', '/api/journeys/follow-up/simulate', {
      customer: { userId: 'sim', attributes: { first_name: 'Ada', email: 'ada@example.com', consent: { email: true } } },
      timeline: [
        { at: '2024-06-01T10:00:00.000Z', event: 'Order Completed', properties: { order_id: 'o1', total: 20 } },
        { at: '2024-06-20T10:00:00.000Z', event: 'Order Completed', properties: { order_id: 'o2', total: 20 } },
      ],
      until: '2024-07-01T00:00:00.000Z',
    });
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json() as JourneySimulation;
    expect(result).toMatchObject({ journeyId: 'follow-up', version: 1, start: '2024-06-01T10:00:00.000Z', until: '2024-07-01T00:00:00.000Z', replayedEvents: 0 });
    const firstRun = result.visits.filter((visit) => visit.instanceId === result.instances[0]._id);
    expect(firstRun.map((visit) => [visit.state, visit.at])).toEqual([
      ['ordered', '2024-06-01T10:00:00.000Z'],
      ['three-days', '2024-06-01T10:00:00.000Z'],
      ['is-vip', '2024-06-04T10:00:00.000Z'],
      ['review', '2024-06-04T10:00:00.000Z'],
      ['done', '2024-06-04T10:00:00.000Z'],
    ]);
    const review = result.actions.find((action) => action.state === 'review')!;
    expect(review).toMatchObject({ kind: 'message', channel: 'email', status: 'queued', at: '2024-06-04T10:00:00.000Z' });
    expect(review.payload).toMatchObject({ type: 'message', to: 'ada@example.com', content: { subject: 'How was it, Ada?' } });
    // Nothing reached the real store: no message, no instance, no customer.
    expect(await app.messages()).toEqual([]);
    expect((await app.admin('GET', '/api/customers/sim')).statusCode).toBe(404);
  });

  it('reports suppressions and why (here: no email consent under an opt-in rule)', async () => {
    const result = (await app.admin('POST', '/api/journeys/follow-up/simulate', {
      customer: { userId: 'sim', attributes: { email: 'bo@example.com' } },
      timeline: [{ at: '2024-06-01T10:00:00.000Z', event: 'Order Completed', properties: { order_id: 'o1', total: 5 } }],
    })).json() as JourneySimulation;
    expect(result.until).toBe('2025-06-01T10:00:00.000Z');
    expect(result.suppressions).toEqual([{ at: '2024-06-04T10:00:00.000Z', instanceId: result.instances[0]._id, state: 'review', channel: 'email', reason: 'consent' }]);
  });

  it("replays a real customer's history through a version", async () => {
    await app.send('identify', { userId: 'cy', traits: { first_name: 'Cy', email: 'cy@example.com', consent: { email: 'granted' } }, timestamp: '2024-03-01T09:00:00.000Z' });
    for (let i = 1; i <= 3; i++) {
      await app.send('track', { userId: 'cy', event: 'Order Completed', properties: { order_id: `o${i}`, total: 30 }, timestamp: `2024-04-0${i}T09:00:00.000Z` });
    }
    const result = (await app.admin('POST', '/api/journeys/follow-up/simulate', { userId: 'cy', version: 1, until: '2024-05-01T00:00:00.000Z' })).json() as JourneySimulation;
    expect(result.replayedEvents).toBe(4);
    expect(result.start).toBe('2024-03-01T09:00:00.000Z');
    // One instance (re-entry is "never" by default); three days after the first order the replayed
    // profile has all three orders, so the VIP branch is taken.
    expect(result.instances.map((instance) => instance.status)).toEqual(['completed']);
    expect(result.visits.find((visit) => visit.state === 'is-vip')!.at).toBe('2024-04-04T09:00:00.000Z');
    expect(result.actions.map((action) => [action.state, (action.payload as { content: { subject: string } }).content.subject])).toEqual([['thanks', 'Thank you for order number 3']]);

    // Simulating from a later start: the history before it only builds the profile (no instance from it).
    const later = (await app.admin('POST', '/api/journeys/follow-up/simulate', {
      userId: 'cy',
      start: '2024-04-10T00:00:00.000Z',
      timeline: [{ at: '2024-04-11T00:00:00.000Z', event: 'Order Completed', properties: { order_id: 'o4', total: 30 } }],
      until: '2024-05-01T00:00:00.000Z',
    })).json() as JourneySimulation;
    expect(later.replayedEvents).toBe(0);
    expect(later.actions.map((action) => (action.payload as { content: { subject: string } }).content.subject)).toEqual(['Thank you for order number 4']);
    expect(later.customer.traits.orders_count).toBe(4);
  });

  it('answers client mistakes with a 4xx and a pointer', async () => {
    const unknownUser = await app.admin('POST', '/api/journeys/follow-up/simulate', { userId: 'nobody' });
    expect(unknownUser.statusCode).toBe(404);
    expect(unknownUser.json().details[0].pointer).toBe('/userId');
    const outside = await app.admin('POST', '/api/journeys/follow-up/simulate', { start: '2024-06-01T00:00:00.000Z', until: '2024-06-02T00:00:00.000Z', timeline: [{ at: '2024-07-01T00:00:00.000Z', event: 'Order Completed' }] });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().details).toContainEqual(expect.objectContaining({ pointer: '/timeline/0/at' }));
    expect((await app.admin('POST', '/api/journeys/follow-up/simulate', { apiEntries: ['2024-06-01T00:00:00.000Z'] })).json().details[0].pointer).toBe('/apiEntries');
    expect((await app.admin('POST', '/api/journeys/follow-up/simulate', { version: 7 })).statusCode).toBe(404);
    const broken = { ...followUp(), transitions: [] };
    const invalid = await app.admin('POST', '/api/journeys/follow-up/simulate', { journey: broken });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().code).toBe('INVALID_DEFINITION');
  });
});
