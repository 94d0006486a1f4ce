import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDueTimers, fireDueTimers, fireTimer, journeyCollectionNames } from '../../engine/journeys/index';
import type { StoredDocument } from '../../engine/store/index';
import type { Customer } from '../../schemas/types';
import { delay, elapsed, entry, exit, go, journey, onEvent, send, wait } from '../support/journey-factory';
import { createSegmentApp, type SegmentApp } from '../support/segment-app';

interface Stored extends StoredDocument {
  customerId: string | null;
  status?: string;
  endReason?: string;
  userId?: string | null;
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
