import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Customer, JourneySimulation } from '../../schemas/types';
import { createDeliveryApp, type DeliveryApp } from '../support/delivery-app';
import { createIngestApp, testAdminKey } from '../support/ingest-app';
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

describe('POST /api/journeys/{id}/simulate with message links', () => {
  it('renders links.unsubscribe as it would be sent, with a token that names only the simulation: following it changes nothing', async () => {
    const app = await createDeliveryApp({ links: { baseUrl: 'https://mail.example', secret: 'link-secret-for-tests-0123456789abcdef' } });
    try {
      const document = journey('news', [entry('start', onEvent('Signed Up')), email('mail', 'News', 'Stop: {{ links.unsubscribe }}'), exit('done')], [go('start', 'mail'), go('mail', 'done')]);
      expect((await app.admin('POST', '/api/journeys', document)).statusCode).toBe(201);
      const response = await app.admin('POST', '/api/journeys/news/simulate', {
        customer: { userId: 'ada', attributes: { email: 'ada@example.com' } },
        timeline: [{ at: '2024-06-01T10:00:00.000Z', event: 'Signed Up' }],
        until: '2024-06-02T00:00:00.000Z',
      });
      expect(response.statusCode, response.body).toBe(200);
      const mail = (response.json() as JourneySimulation).actions.find((action) => action.state === 'mail')!;
      const text = (mail.payload as { content: { text: string } }).content.text;
      const link = /Stop: (https:\/\/mail\.example\/unsubscribe\/\S+)/.exec(text)?.[1];
      expect(link, text).toBeDefined();
      const followed = await app.inject({ method: 'POST', url: new URL(link!).pathname });
      expect(followed.statusCode).toBe(404);
      expect(followed.body).toContain('belongs to no sender');
      expect(await app.store.collection('events').count(app.workspace, { event: 'Unsubscribed' })).toBe(0);
    } finally {
      await app.close();
    }
  });
});

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

  it("answers a made-up customer whose built-in trait has the wrong type with a 400 at that trait, not a 500", async () => {
    const response = await app.admin('POST', '/api/journeys/follow-up/simulate', { customer: { traits: { orders_count: 'many' } }, timeline: [{ at: '2024-06-01T10:00:00.000Z', event: 'Order Completed' }] });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ pointer: '/customer/traits/orders_count' })] });
  });

  it('answers an unknown userId with a 404 in the problem envelope', async () => {
    const response = await app.admin('POST', '/api/journeys/follow-up/simulate', { userId: 'nobody' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      code: 'NOT_FOUND',
      message: expect.any(String),
      details: [{ pointer: '/userId', message: expect.stringContaining('"nobody"') }],
    });
  });

  it("keeps the customer's presence in the journey: with re-entry never, a customer who entered does not enter again", async () => {
    const welcome = journey('welcome', [entry('joined', onEvent('Signed Up')), email('hello', 'Welcome'), exit('done')], [go('joined', 'hello'), go('hello', 'done')]);
    await app.publish(welcome);
    await app.send('identify', { userId: 'wes', traits: { email: 'wes@example.com', consent: { email: 'granted' } } });
    await app.send('track', { userId: 'wes', event: 'Signed Up' });
    const real = (await app.admin('GET', '/api/customers/wes')).json() as Customer;
    expect(real.journeys.welcome).toMatchObject({ status: 'completed' });

    const result = (await app.admin('POST', '/api/journeys/welcome/simulate', { userId: 'wes', version: 1 })).json() as JourneySimulation;
    expect(result.replayedEvents).toBe(2);
    // The Signed Up replayed: refused by the re-entry policy, so nothing is visited or sent; the one
    // instance listed is the customer's real one, carried in.
    expect(result.visits).toEqual([]);
    expect(result.actions).toEqual([]);
    expect(result.instances.map((instance) => [instance._id, instance.status])).toEqual([[real.journeys.welcome.instanceId, 'completed']]);
    expect(result.customer.journeys.welcome).toMatchObject({ instanceId: real.journeys.welcome.instanceId, status: 'completed' });
  });

  it('restarts a running instance the customer is in (re-entry always) without a conflict in the simulation store', async () => {
    const nudge = journey('nudge', [entry('joined', onEvent('Signed Up')), delay('later', wait('P30D')), email('hello', 'Still there?'), exit('done')], [go('joined', 'later'), elapsed('later', 'hello'), go('hello', 'done')], { reentry: { policy: 'always' } });
    await app.publish(nudge);
    await app.send('identify', { userId: 'nia', traits: { email: 'nia@example.com', consent: { email: 'granted' } } });
    await app.send('track', { userId: 'nia', event: 'Signed Up' });
    const real = (await app.admin('GET', '/api/customers/nia')).json() as Customer;
    expect(real.journeys.nudge).toMatchObject({ status: 'active', state: 'later' });

    const response = await app.admin('POST', '/api/journeys/nudge/simulate', { userId: 'nia', version: 1, until: '2024-07-01T00:00:00.000Z' });
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json() as JourneySimulation;
    const carried = result.instances.find((instance) => instance._id === real.journeys.nudge.instanceId)!;
    expect(carried).toMatchObject({ status: 'exited', endReason: 're-entered' });
    const fresh = result.instances.find((instance) => instance._id !== carried._id)!;
    expect(fresh).toMatchObject({ status: 'completed', state: 'done' });
    expect(result.actions.map((action) => (action.payload as { content: { subject: string } }).content.subject)).toEqual(['Still there?']);
  });
  it("carries a running instance's pending delay: it ends at its stored due time on the virtual clock", async () => {
    const nudge = journey('nudge', [entry('joined', onEvent('Signed Up')), delay('later', wait('P30D')), email('hello', 'Still there, {{ attributes.first_name }}?'), exit('done')], [go('joined', 'later'), elapsed('later', 'hello'), go('hello', 'done')]);
    await app.publish(nudge);
    await app.send('identify', { userId: 'ola', traits: { email: 'ola@example.com', first_name: 'Ola', consent: { email: 'granted' } } });
    await app.send('track', { userId: 'ola', event: 'Signed Up' });
    const real = (await app.admin('GET', '/api/customers/ola')).json() as Customer;
    expect(real.journeys.nudge).toMatchObject({ status: 'active', state: 'later' });
    const dueAt = new Date(app.clock.now() + 30 * 86_400_000).toISOString();

    // From ten days on: the Signed Up is before the period, so only the carried instance can act.
    app.clock.advanceBy(10 * 86_400_000);
    const response = await app.admin('POST', '/api/journeys/nudge/simulate', { userId: 'ola', version: 1, start: new Date(app.clock.now()).toISOString(), until: new Date(app.clock.now() + 60 * 86_400_000).toISOString() });
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json() as JourneySimulation;
    expect(result.replayedEvents).toBe(0);
    expect(result.visits.map((visit) => [visit.instanceId, visit.state, visit.at])).toEqual([
      [real.journeys.nudge.instanceId, 'hello', dueAt],
      [real.journeys.nudge.instanceId, 'done', dueAt],
    ]);
    expect(result.actions).toEqual([expect.objectContaining({ state: 'hello', kind: 'message', status: 'queued', at: dueAt, payload: expect.objectContaining({ content: expect.objectContaining({ subject: 'Still there, Ola?' }) }) })]);
    expect(result.instances).toEqual([expect.objectContaining({ _id: real.journeys.nudge.instanceId, status: 'completed', state: 'done' })]);
    expect(result.pendingTimers).toEqual([]);

    // Ending before the due time, the timer is still waiting at `until`, as the store holds it.
    const short = (await app.admin('POST', '/api/journeys/nudge/simulate', { userId: 'ola', version: 1, start: new Date(app.clock.now()).toISOString(), until: new Date(app.clock.now() + 86_400_000).toISOString() })).json() as JourneySimulation;
    expect(short.visits).toEqual([]);
    expect(short.pendingTimers).toEqual([{ instanceId: real.journeys.nudge.instanceId, state: 'later', dueAt }]);

    // Simulated from after the due time (a worker that was down), the overdue timer fires at the start.
    const late = new Date(Date.parse(dueAt) + 86_400_000).toISOString();
    const overdue = (await app.admin('POST', '/api/journeys/nudge/simulate', { userId: 'ola', version: 1, start: late, until: new Date(Date.parse(late) + 86_400_000).toISOString() })).json() as JourneySimulation;
    expect(overdue.visits.map((visit) => [visit.state, visit.at])).toEqual([['hello', late], ['done', late]]);
    // Nothing in the real store moved.
    expect(await app.messages()).toEqual([]);
    expect(((await app.admin('GET', '/api/customers/ola')).json() as Customer).journeys.nudge).toMatchObject({ status: 'active', state: 'later' });
  });
  it("checks a journey against the workspace's facts: a custom computed trait simulates as it published", async () => {
    expect((await app.admin('POST', '/api/traits', { id: 'big_orders', name: 'Big orders', event: 'Order Completed', aggregation: 'count' })).statusCode).toBe(201);
    const vip = journey(
      'vip',
      [entry('joined', onEvent('Signed Up')), split('big', { mode: 'conditions', branches: [{ id: 'yes', condition: { all: [{ fact: 'traits.big_orders', operator: 'greaterThanInclusive', value: 1 }] } }] }), email('hello', 'Hello, big spender'), exit('done')],
      [go('joined', 'big'), branch('big', 'hello', 'yes'), branch('big', 'done', 'else'), go('hello', 'done')],
    );
    await app.publish(vip);
    const response = await app.admin('POST', '/api/journeys/vip/simulate', {
      customer: { attributes: { email: 'x@example.com', consent: { email: true } }, traits: { big_orders: 3 } },
      timeline: [{ at: '2024-05-01T12:00:00.000Z', event: 'Signed Up' }],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect((response.json() as JourneySimulation).visits.map((visit) => visit.state)).toEqual(['joined', 'big', 'hello', 'done']);
  });
});

describe("POST /api/journeys/{id}/simulate: starting from the customer as stored", () => {
  it('an old identify and more events than the replay bound: attributes, traits and segments are the stored ones, the bound is reported', async () => {
    const h = await createIngestApp();
    const admin = (method: 'GET' | 'POST', url: string, payload?: object) => h.inject({ method, url, headers: { authorization: `Bearer ${testAdminKey}` }, ...(payload ? { payload } : {}) });
    try {
      expect((await admin('POST', '/api/segments', { id: 'unas', name: 'Unas', conditions: { all: [{ fact: 'attributes.first_name', operator: 'equal', value: 'Una' }] } })).statusCode).toBe(201);
      const hello = journey('hello', [entry('viewed', onEvent('Viewed')), email('hi', 'Hi {{ attributes.first_name }}'), exit('done')], [go('viewed', 'hi'), go('hi', 'done')], { consent: { email: 'opt-in' } });
      expect((await admin('POST', '/api/journeys', hello)).statusCode).toBe(201);

      expect((await h.post('/v1/identify', { userId: 'u', traits: { email: 'una@example.com', first_name: 'Una', consent: { email: 'granted' } }, timestamp: '2024-01-02T09:00:00.000Z' })).statusCode).toBe(200);
      const viewed = Array.from({ length: 2_100 }, (_, i) => ({ type: 'track', userId: 'u', event: 'Viewed', properties: { page: i }, timestamp: new Date(Date.parse('2024-03-01T00:00:00.000Z') + i * 60_000).toISOString() }));
      for (let i = 0; i < viewed.length; i += 700) expect((await h.post('/v1/batch', { batch: viewed.slice(i, i + 700) })).statusCode).toBe(200);
      const stored = (await admin('GET', '/api/customers/u')).json() as Customer;
      expect(stored.segments).toContain('unas');
      const storedEvents = await h.store.collection('events').count(h.workspace, { customerId: stored._id });
      expect(storedEvents).toBeGreaterThan(2_100);

      const response = await admin('POST', '/api/journeys/hello/simulate', { userId: 'u' });
      expect(response.statusCode, response.body).toBe(200);
      const result = response.json() as JourneySimulation;
      const hi = result.actions.find((action) => action.state === 'hi')!;
      expect(hi).toMatchObject({ kind: 'message', channel: 'email', status: 'queued', reason: null });
      expect(hi.payload).toMatchObject({ to: 'una@example.com', content: { subject: 'Hi Una' } });
      expect(result.suppressions).toEqual([]);
      // The stored document, not a rebuild: the replayed events are not counted a second time.
      expect(result.customer.attributes).toMatchObject({ email: 'una@example.com', first_name: 'Una' });
      expect(result.customer.traits.events_count).toBe(stored.traits.events_count);
      expect(result.customer.traits.event_counts).toEqual(stored.traits.event_counts);
      expect(result.customer.segments).toEqual(stored.segments);
      // The newest 2,000 events were replayed; the response says how many older ones were not.
      expect(result.replayedEvents).toBe(2_000);
      expect(result.omittedEvents).toBe(storedEvents - 2_000);
    } finally {
      await h.close();
    }
  });
});
