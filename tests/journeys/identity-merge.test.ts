import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDueTimers, fireDueTimers, fireTimer, journeyCollectionNames, summarizeJourney } from '../../engine/journeys/index';
import type { InstancePresence } from '../../engine/journeys/journey-instance';
import { adoptMergedJourneys } from '../../engine/journeys/merged-journeys';
import type { StoredDocument } from '../../engine/store/index';
import type { Customer } from '../../schemas/types';
import { delay, elapsed, entry, exit, go, goal, journey, onEvent, send, wait } from '../support/journey-factory';
import { newTestCustomer } from '../support/profile-event-factory';
import { createSegmentApp, type SegmentApp } from '../support/segment-app';

interface Stored extends StoredDocument {
  customerId: string | null;
  status?: string;
  endReason?: string;
  userId?: string | null;
  availableAt?: string;
  reason?: string | null;
}

const day = 24 * 60 * 60 * 1000;

/**
 * An anonymous visitor starts a journey, then signs in as a customer we already know: the identify
 * merges the two. The journey must go on for the known customer — not be stranded on a deleted
 * anonymous profile — and a journey both were in must not run twice.
 */
describe('journeys across an identity merge', () => {
  let app: SegmentApp;
  beforeEach(async () => {
    app = await createSegmentApp();
    await app.publishJourney(journey('browse-nudge', [
      entry('viewed', onEvent('Product Viewed')),
      delay('a-day', wait('P1D')),
      send('nudge', 'log', { body: 'still thinking about it, {{ customer.userId | default: "stranger" }}?' }),
      exit('done'),
    ], [go('viewed', 'a-day'), elapsed('a-day', 'nudge'), go('nudge', 'done')]));
    await app.identify('ada', { email: 'ada@example.com' });
  });
  afterEach(async () => {
    await app.close();
  });

  async function anonymousView(anonymousId: string): Promise<void> {
    const response = await app.post('/v1/track', { anonymousId, event: 'Product Viewed', properties: { name: 'Teapot' }, timestamp: new Date(app.clock.now()).toISOString() });
    expect(response.statusCode, response.body).toBe(200);
  }

  /** One batch: the visitor views a product, then signs in as ada — the merge comes after the journey's step. */
  async function viewThenSignInInOneBatch(anonymousId: string): Promise<void> {
    const timestamp = new Date(app.clock.now()).toISOString();
    const response = await app.post('/v1/batch', {
      batch: [
        { type: 'track', anonymousId, event: 'Product Viewed', messageId: `${anonymousId}-view`, timestamp },
        { type: 'identify', userId: 'ada', anonymousId, messageId: `${anonymousId}-sign-in`, timestamp },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
  }

  const all = (collection: string, filter: Record<string, unknown> = {}) => app.store.collection<Stored>(collection).find(app.workspace, filter);

  it('carries a journey started before sign-in over to the known customer, delay and all', async () => {
    await anonymousView('anon-1');
    const [anonymous] = await all('customers', { anonymousIds: 'anon-1' });
    const [instance] = await all(journeyCollectionNames.instances);
    expect(instance.customerId).toBe(anonymous._id);

    await app.identify('ada', {}, { anonymousId: 'anon-1' });
    const ada = (await app.customer('ada'))!;
    expect(ada.anonymousIds).toContain('anon-1');
    expect(await all('customers', { _id: anonymous._id })).toEqual([]);
    expect(ada.journeys['browse-nudge']).toMatchObject({ instanceId: instance._id, status: 'active', state: 'a-day' });
    expect(await all(journeyCollectionNames.instances)).toEqual([expect.objectContaining({ _id: instance._id, customerId: ada._id, status: 'active' })]);
    expect(await all(journeyCollectionNames.timers, { instanceId: instance._id })).toEqual([expect.objectContaining({ customerId: ada._id })]);

    app.clock.advanceBy(day + 1);
    const fired = await fireDueTimers(app.runtime, { owner: 'test-worker' });
    expect(fired.map((result) => result.outcome)).toEqual(['fired']);
    const after = (await app.customer('ada'))!;
    expect(after.journeys['browse-nudge']).toMatchObject({ instanceId: instance._id, status: 'completed' });
    expect(await all(journeyCollectionNames.messages)).toEqual([expect.objectContaining({ customerId: ada._id, userId: 'ada' })]);
    const listed = await app.admin('GET', '/api/messages?userId=ada');
    expect(listed.statusCode, listed.body).toBe(200);
    // Rendered when the delay ended, for the customer the journey now belongs to.
    expect(JSON.stringify(listed.json())).toContain('still thinking about it, ada?');
  });

  it('keeps one run when both were in the journey: the anonymous one ends as merged, and only one message is made', async () => {
    await app.track('ada', 'Product Viewed', { name: 'Kettle' });
    const adaInstanceId = (await app.customer('ada'))!.journeys['browse-nudge']!.instanceId;
    await anonymousView('anon-2');
    const [anonymousInstance] = await all(journeyCollectionNames.instances, { _id: { $ne: adaInstanceId } });
    expect(await all(journeyCollectionNames.timers)).toHaveLength(2);

    await app.identify('ada', {}, { anonymousId: 'anon-2' });
    const ada = (await app.customer('ada'))!;
    expect(ada.journeys['browse-nudge']).toMatchObject({ instanceId: adaInstanceId, status: 'active' });
    expect(await all(journeyCollectionNames.instances, { _id: anonymousInstance._id })).toEqual([
      expect.objectContaining({ customerId: ada._id, status: 'exited', endReason: 'merged' }),
    ]);
    expect(await all(journeyCollectionNames.timers)).toEqual([expect.objectContaining({ instanceId: adaInstanceId, customerId: ada._id })]);

    app.clock.advanceBy(day + 1);
    const fired = await fireDueTimers(app.runtime, { owner: 'test-worker' });
    expect(fired.map((result) => result.outcome)).toEqual(['fired']);
    const messages = await all(journeyCollectionNames.messages);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ customerId: ada._id, userId: 'ada' });
  });

  it('re-points the anonymous customer\'s earlier messages and counts its sends against frequency caps', async () => {
    await anonymousView('anon-3');
    app.clock.advanceBy(day + 1);
    await fireDueTimers(app.runtime, { owner: 'test-worker' });
    const [message] = await all(journeyCollectionNames.messages);
    const anonymousId = message.customerId;

    await app.identify('ada', {}, { anonymousId: 'anon-3' });
    const ada = (await app.customer('ada')) as Customer;
    expect(await all(journeyCollectionNames.messages)).toEqual([expect.objectContaining({ _id: message._id, customerId: ada._id, userId: 'ada' })]);
    expect(await all(journeyCollectionNames.instances, { customerId: anonymousId })).toEqual([]);
    expect((ada.meta as Record<string, Record<string, string[]>>).journeySends.log).toHaveLength(1);
  });

  it('counts both customers\' sends held to the same moment as two against frequency caps', async () => {
    const twiceADay = { frequencyCaps: [{ channel: 'email' as const, limit: 2, window: 'P1D' }], quietHours: { start: '21:00', end: '08:00' } };
    const mail = (id: string, trigger: string) =>
      journey(id, [entry('in', onEvent(trigger)), send('mail', 'email', { subject: id, text: id }), exit('done')], [go('in', 'mail'), go('mail', 'done')], twiceADay);
    await app.publishJourney(mail('cart', 'Cart Abandoned'));
    await app.publishJourney(mail('promo', 'Browsed'));
    app.clock.advanceBy(10 * 60 * 60 * 1000); // 22:00 UTC: both emails are held until 08:00
    await app.track('ada', 'Cart Abandoned');
    const visitor = { anonymousId: 'anon-9', timestamp: new Date(app.clock.now()).toISOString() };
    expect((await app.post('/v1/identify', { ...visitor, traits: { email: 'ada@example.com' } })).statusCode).toBe(200);
    expect((await app.post('/v1/track', { ...visitor, event: 'Cart Abandoned' })).statusCode).toBe(200);
    const held = await all(journeyCollectionNames.messages, { journeyId: 'cart' });
    expect(held.map((message) => [message.status, message.availableAt])).toEqual([
      ['queued', '2024-05-02T08:00:00.000Z'],
      ['queued', '2024-05-02T08:00:00.000Z'],
    ]);

    await app.identify('ada', {}, { anonymousId: 'anon-9' });
    const ada = (await app.customer('ada')) as Customer;
    expect((ada.meta as Record<string, Record<string, string[]>>).journeySends.email).toEqual(['2024-05-02T08:00:00.000Z', '2024-05-02T08:00:00.000Z']);

    app.clock.advanceBy(11 * 60 * 60 * 1000); // 09:00: a third email within a day
    await app.track('ada', 'Browsed');
    expect((await all(journeyCollectionNames.messages, { journeyId: 'promo' })).map((message) => [message.status, message.reason])).toEqual([['suppressed', 'frequency-cap']]);
  });

  it('fires a timer a worker claimed before the merge moved it to the known customer', async () => {
    await anonymousView('anon-4');
    app.clock.advanceBy(day + 1);
    const [claimed] = await claimDueTimers(app.runtime, { owner: 'slow-worker' });
    const anonymousId = claimed.customerId;

    await app.identify('ada', {}, { anonymousId: 'anon-4' });
    const ada = (await app.customer('ada'))!;
    expect(ada._id).not.toBe(anonymousId);
    expect(await fireTimer(app.runtime, claimed, { owner: 'slow-worker' })).toMatchObject({ outcome: 'fired' });
    expect((await app.customer('ada'))!.journeys['browse-nudge']).toMatchObject({ status: 'completed' });
    expect(await all(journeyCollectionNames.messages)).toEqual([expect.objectContaining({ customerId: ada._id })]);
  });

  it('moves a journey the anonymous customer started earlier in the same batch', async () => {
    await viewThenSignInInOneBatch('anon-5');
    const ada = (await app.customer('ada'))!;
    const instanceId = ada.journeys['browse-nudge']!.instanceId;
    expect(await all(journeyCollectionNames.instances)).toEqual([expect.objectContaining({ _id: instanceId, customerId: ada._id, status: 'active' })]);
    expect(await all(journeyCollectionNames.timers)).toEqual([expect.objectContaining({ instanceId, customerId: ada._id })]);
  });

  it('gives the known customer a message the anonymous journey made earlier in the same batch', async () => {
    await app.publishJourney(journey('viewed-now', [
      entry('viewed', onEvent('Product Viewed')),
      send('thanks', 'log', { body: 'thanks for looking' }),
      exit('done'),
    ], [go('viewed', 'thanks'), go('thanks', 'done')]));
    await viewThenSignInInOneBatch('anon-6');
    const ada = (await app.customer('ada'))!;
    expect(await all(journeyCollectionNames.messages, { journeyId: 'viewed-now' })).toEqual([expect.objectContaining({ customerId: ada._id, userId: 'ada' })]);
    const listed = await app.admin('GET', '/api/messages?userId=ada');
    expect(listed.statusCode, listed.body).toBe(200);
    expect(JSON.stringify(listed.json())).toContain('thanks for looking');
  });
});

/**
 * Known Ada went through a campaign 60 days ago; as an anonymous visitor she goes through it again
 * today, then signs in. Her latest run is the visitor's: its goal window is the one an order now
 * falls in, and its end is the one the re-entry cool-down counts from.
 */
describe('a journey both merged customers finished', () => {
  let app: SegmentApp;
  beforeEach(async () => {
    app = await createSegmentApp();
    await app.publishJourney(journey('viewed-nudge', [
      entry('viewed', onEvent('Product Viewed')),
      send('nudge', 'log', { body: 'nudge' }),
      exit('done'),
      goal('bought', 'Order Completed', 'P7D'),
    ], [go('viewed', 'nudge'), go('nudge', 'done')], { reentry: { policy: 'after-cooldown', cooldown: 'P30D' } }));
    await app.identify('ada', { email: 'ada@example.com' });
  });
  afterEach(async () => {
    await app.close();
  });

  const instances = () => app.store.collection<Stored & { enteredAt: string; convertedAt?: string }>(journeyCollectionNames.instances).find(app.workspace, { journeyId: 'viewed-nudge' }, { sort: { enteredAt: 1 } });

  async function anonymousView(anonymousId: string): Promise<void> {
    const response = await app.post('/v1/track', { anonymousId, event: 'Product Viewed', timestamp: new Date(app.clock.now()).toISOString() });
    expect(response.statusCode, response.body).toBe(200);
  }

  it('keeps the run entered last, so a later order converts it and the cool-down counts from it', async () => {
    await app.track('ada', 'Product Viewed');
    app.clock.advanceBy(60 * day);
    await anonymousView('anon-7');
    const [older, newer] = await instances();
    expect([older.status, newer.status]).toEqual(['completed', 'completed']);

    app.clock.advanceBy(60 * 60 * 1000);
    await app.identify('ada', {}, { anonymousId: 'anon-7' });
    const ada = (await app.customer('ada'))!;
    expect(ada.journeys['viewed-nudge']).toMatchObject({ instanceId: newer._id, status: 'completed', enteredAt: newer.enteredAt });
    // Both runs finished on their own: the merge re-points them and ends neither.
    expect(await instances()).toEqual([
      expect.objectContaining({ _id: older._id, customerId: ada._id, status: 'completed', endReason: 'reached:done' }),
      expect.objectContaining({ _id: newer._id, customerId: ada._id, status: 'completed', endReason: 'reached:done' }),
    ]);

    app.clock.advanceBy(60 * 60 * 1000); // two hours after the visitor's run, inside its 7-day window
    await app.track('ada', 'Order Completed', { total: 20 });
    const afterOrder = await instances();
    expect(afterOrder.map((instance) => [instance._id, instance.convertedAt !== undefined])).toEqual([[older._id, false], [newer._id, true]]);
    expect((await app.customer('ada'))!.journeys['viewed-nudge']).toMatchObject({ instanceId: newer._id, convertedAt: expect.any(String) });
    const report = await summarizeJourney(app.runtime, app.workspace, 'viewed-nudge');
    expect(report.variants).toEqual([expect.objectContaining({ entered: 2, converted: 1 })]);

    await app.track('ada', 'Product Viewed'); // the P30D cool-down runs from the visitor's run
    expect(await instances()).toHaveLength(2);
  });

  it('keeps the known customer\'s run when it was entered last', async () => {
    await anonymousView('anon-8');
    app.clock.advanceBy(60 * day);
    await app.track('ada', 'Product Viewed');
    const [older, newer] = await instances();
    app.clock.advanceBy(60 * 60 * 1000);
    await app.identify('ada', {}, { anonymousId: 'anon-8' });
    const ada = (await app.customer('ada'))!;
    expect(ada.journeys['viewed-nudge']).toMatchObject({ instanceId: newer._id });
    expect(await instances()).toEqual([
      expect.objectContaining({ _id: older._id, customerId: ada._id, status: 'completed', endReason: 'reached:done' }),
      expect.objectContaining({ _id: newer._id, customerId: ada._id, status: 'completed', endReason: 'reached:done' }),
    ]);
  });
});

/**
 * A merge can reach the journeys stage again for a customer already taken over: on a standalone
 * MongoDB a partial commit may store the merged customer but leave the absorbed one in place, and
 * the next identify merges it again. What was taken over then must not be ended as a second run.
 */
describe('a merge applied again', () => {
  const running: InstancePresence = {
    instanceId: 'ji_1', version: 1, state: 'a-day', status: 'active', enteredAt: '2024-05-01T12:00:00.000Z', updatedAt: '2024-05-01T12:00:00.000Z',
    path: [{ state: 'viewed', at: '2024-05-01T12:00:00.000Z' }, { state: 'a-day', at: '2024-05-01T12:00:00.000Z' }], steps: 2, context: { v: { 'a-day': 1 }, t0: '2024-05-01T12:00:00.000Z' }, rev: 1,
  };
  const withRun = (customer: Customer): Customer => ({ ...customer, journeys: { 'browse-nudge': running } });

  it('ends nothing the remaining customer already runs, and never takes a customer over from itself', async () => {
    const app = await createSegmentApp();
    const known = withRun(newTestCustomer({ id: 'cus_known', userId: 'ada' }));
    const absorbed = withRun(newTestCustomer({ id: 'cus_visitor', userId: null, anonymousId: 'anon-1' }));
    const now = Date.parse('2024-05-01T13:00:00.000Z');
    for (const merged of [[absorbed], [known]]) {
      const adopted = await adoptMergedJourneys(app.store, app.workspace, known, merged, now);
      expect(adopted.writes).toEqual([]);
      expect(adopted.customer.journeys['browse-nudge']).toBe(running);
    }
    await app.close();
  });
});
