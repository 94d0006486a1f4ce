/**
 * Real-time membership: the event that makes a customer match (or stop matching) a segment changes
 * `segments` / `segmentsEnteredAt` in the same commit as the event — before /v1 answers — and records
 * a Segment Entered / Exited event that the journeys stage sees in the same pipeline run.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/errors/index';
import { publishJourney, saveJourneyDraft } from '../../engine/journeys/index';
import { applyEventToCustomer, createCustomer } from '../../engine/profile/index';
import { buildLiveSegments, evaluateMemberships, listChangedWatchKeys, segmentCollectionNames, type StoredSegment } from '../../engine/segments/index';
import { EmbeddedStore, type StoragePort } from '../../engine/store/index';
import type { StoredEvent } from '../../schemas/types';
import { entry, exit, go, journey } from '../support/journey-factory';
import { createSegmentApp, segmentTestStart, type SegmentApp } from '../support/segment-app';
import { createDelegatingStore } from '../support/delegating-store';

const apps: SegmentApp[] = [];
async function open(store?: StoragePort): Promise<SegmentApp> {
  const app = await createSegmentApp({ store });
  apps.push(app);
  return app;
}
afterEach(async () => {
  for (const app of apps.splice(0).reverse()) await app.close();
});

const revenueAtLeast = (amount: number) => ({ all: [{ fact: 'traits.revenue_total', operator: 'greaterThanInclusive', value: amount }] });

describe('real-time membership', () => {
  it('enters on the order that makes the customer match and leaves on the refund that ends it, before /v1/track answers', async () => {
    const t = await open();
    await t.createSegment({ id: 'vip', name: 'VIP', conditions: revenueAtLeast(100) });

    await t.track('ada', 'Order Completed', { order_id: 'o1', revenue: 60, total: 60 }, { messageId: 'order-1' });
    expect((await t.customer('ada'))!.segments).toEqual([]);
    t.clock.advanceBy(60_000);
    await t.track('ada', 'Order Completed', { order_id: 'o2', revenue: 50, total: 50 }, { messageId: 'order-2' });
    const member = (await t.customer('ada'))!;
    expect(member.segments).toEqual(['vip']);
    expect(member.segmentsEnteredAt).toEqual({ vip: new Date(t.clock.now()).toISOString() });

    const [entered] = await t.eventsNamed('ada', 'Segment Entered');
    expect(entered).toMatchObject({
      messageId: 'order-2/segment-entered/vip',
      type: 'track',
      userId: 'ada',
      customerId: member._id,
      properties: { segment_id: 'vip', segment_name: 'VIP', segment_version: 1 },
      context: { wayfarer: { cause: 'event', causeMessageId: 'order-2' } },
    });

    t.clock.advanceBy(60_000);
    await t.track('ada', 'Order Refunded', { order_id: 'o2', revenue: 50, total: 50 }, { messageId: 'refund-2' });
    expect((await t.customer('ada'))!.segments).toEqual([]);
    expect((await t.customer('ada'))!.segmentsEnteredAt).toEqual({});
    expect((await t.eventsNamed('ada', 'Segment Exited')).map((event) => event.messageId)).toEqual(['refund-2/segment-exited/vip']);
  });

  it('follows identify traits, and a re-sent message records nothing twice', async () => {
    const t = await open();
    await t.createSegment({ id: 'french', name: 'In France', conditions: { all: [{ fact: 'attributes.country', operator: 'equal', value: 'France' }] } });
    await t.identify('bea', { country: 'France' }, { messageId: 'id-1' });
    await t.identify('bea', { country: 'France' }, { messageId: 'id-1' });
    expect((await t.customer('bea'))!.segments).toEqual(['french']);
    expect(await t.eventsNamed('bea', 'Segment Entered')).toHaveLength(1);
    t.clock.advanceBy(1000);
    await t.identify('bea', { country: 'Germany' }, { messageId: 'id-2' });
    expect((await t.customer('bea'))!.segments).toEqual([]);
    expect(await t.eventsNamed('bea', 'Segment Exited')).toHaveLength(1);
  });

  it('starts a journey on Segment Entered in the same pipeline run', async () => {
    const t = await open();
    await t.createSegment({ id: 'vip', name: 'VIP', conditions: revenueAtLeast(100) });
    const welcome = journey('welcome-vip', [entry('in', { type: 'segment-entered', segmentId: 'vip' }), exit('done')], [go('in', 'done')]);
    unwrap(await saveJourneyDraft(t.runtime, t.workspace, welcome));
    unwrap(await publishJourney(t.runtime, t.workspace, 'welcome-vip', 1));

    await t.track('cy', 'Order Completed', { order_id: 'o1', revenue: 20, total: 20 });
    expect((await t.customer('cy'))!.journeys['welcome-vip']).toBeUndefined();
    await t.track('cy', 'Order Completed', { order_id: 'o2', revenue: 200, total: 200 });
    const customer = (await t.customer('cy'))!;
    expect(customer.segments).toEqual(['vip']);
    expect(customer.journeys['welcome-vip']).toMatchObject({ status: 'completed', state: 'done' });
  });

  it('moves a segment defined by another segment in the same run, after it', async () => {
    const t = await open();
    await t.createSegment({ id: 'vip', name: 'VIP', conditions: revenueAtLeast(100) });
    await t.createSegment({ id: 'vip-fr', name: 'VIP in France', conditions: { all: [{ fact: 'segments', operator: 'contains', value: 'vip' }, { fact: 'attributes.country', operator: 'equal', value: 'France' }] } });
    await t.identify('dee', { country: 'France' });
    expect((await t.customer('dee'))!.segments).toEqual([]);
    await t.track('dee', 'Order Completed', { order_id: 'o1', revenue: 120, total: 120 }, { messageId: 'big-order' });
    expect((await t.customer('dee'))!.segments).toEqual(['vip', 'vip-fr']);
    const entered = await t.store.collection<StoredEvent>('events').find(t.workspace, { event: 'Segment Entered' });
    expect(entered.map((event) => event.properties!.segment_id).sort()).toEqual(['vip', 'vip-fr']);
  });

  it('re-evaluates after an identity merge brings in another profile\'s orders', async () => {
    const t = await open();
    await t.createSegment({ id: 'repeat', name: 'Repeat buyers', conditions: { all: [{ fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 2 }] } });
    await t.identify('eve', { email: 'eve@example.com' });
    for (const order of ['o1', 'o2']) {
      const response = await t.post('/v1/track', { anonymousId: 'anon-eve', event: 'Order Completed', properties: { order_id: order, revenue: 5, total: 5 } });
      expect(response.statusCode).toBe(200);
    }
    expect((await t.customer('eve'))!.segments).toEqual([]);
    await t.identify('eve', { plan: 'free' }, { anonymousId: 'anon-eve' });
    const merged = (await t.customer('eve'))!;
    expect(merged.traits.orders_count).toBe(2);
    expect(merged.segments).toEqual(['repeat']);
  });

  it('notices a change another writer made since the last event (a job rewriting traits) on the next event', async () => {
    const t = await open();
    await t.createSegment({ id: 'tier-high', name: 'High tier', conditions: { all: [{ fact: 'traits.value_tier.tier', operator: 'equal', value: 'high' }] } });
    await t.identify('fay', { email: 'fay@example.com' });
    const customers = t.store.collection('customers');
    await customers.updateOne(t.workspace, { userId: 'fay' }, { $set: { 'traits.value_tier': { tier: 'high', basis: 'revenue', value: 10 } }, $inc: { version: 1 } });
    expect((await t.customer('fay'))!.segments).toEqual([]);
    await t.track('fay', 'Page Viewed');
    expect((await t.customer('fay'))!.segments).toEqual(['tier-high']);
  });

  it('evaluates only the segments whose facts the event changed', () => {
    const stored = (id: string, conditions: object, references: string[] = []): StoredSegment => ({
      _id: id, workspace: 'ws', id, name: id, description: '', conditions: conditions as StoredSegment['conditions'], version: 1, status: 'active',
      facts: [], dependsOnTime: false, references, computedVersion: 1, createdAt: '', updatedAt: '',
    });
    const segments: StoredSegment[] = [];
    for (let i = 0; i < 50; i++) segments.push(stored(`orders-${i}`, { all: [{ fact: 'traits.orders_count', operator: 'greaterThan', value: i }] }));
    for (let i = 0; i < 50; i++) segments.push(stored(`country-${i}`, { all: [{ fact: 'attributes.country', operator: 'equal', value: `C${i}` }] }));
    segments.push(stored('c0-repeat', { all: [{ fact: 'segments', operator: 'contains', value: 'country-0' }, { fact: 'traits.orders_count', operator: 'greaterThan', value: 1 }] }, ['country-0']));
    const live = buildLiveSegments(new EmbeddedStore(), 'ws', 1, segments);
    const now = segmentTestStart;
    const base = createCustomer({ id: 'c1', workspace: 'ws', userId: 'u1', anonymousId: null, now: new Date(now).toISOString() });

    const identified = applyEventToCustomer(base, { type: 'identify', messageId: 'm1', timestamp: '2024-05-01T10:00:00.000Z', traits: { country: 'C0' } });
    const byIdentify = evaluateMemberships(live, identified, { changed: listChangedWatchKeys(base, identified) }, now);
    // The 50 country segments, and the segment reading country-0's membership, which changed.
    expect(byIdentify.evaluated).toBe(51);
    expect(byIdentify.changes.map((change) => change.segment.id)).toEqual(['country-0']);

    const ordered = applyEventToCustomer(byIdentify.customer, { type: 'track', event: 'Order Completed', messageId: 'm2', timestamp: '2024-05-01T11:00:00.000Z', properties: { revenue: 5 } });
    const byOrder = evaluateMemberships(live, ordered, { changed: listChangedWatchKeys(byIdentify.customer, ordered) }, now);
    expect(byOrder.evaluated).toBe(51);
    expect(byOrder.changes.map((change) => change.segment.id)).toEqual(['orders-0']);
    expect(evaluateMemberships(live, ordered, { changed: 'all' }, now).evaluated).toBe(101);
  });

  it('picks up a segment saved by another process from the next event on (cache invalidated through the store)', async () => {
    const shared = new EmbeddedStore();
    const first = await open(shared);
    const second = await open(createDelegatingStore(shared));
    await second.track('gil', 'Order Completed', { order_id: 'o1', revenue: 500, total: 500 });
    expect((await second.customer('gil'))!.segments).toEqual([]);

    // Defined by the other "process": its recompute puts gil in.
    await first.createSegment({ id: 'vip', name: 'VIP', conditions: revenueAtLeast(1000) });
    await second.track('gil', 'Order Completed', { order_id: 'o2', revenue: 600, total: 600 });
    expect((await second.customer('gil'))!.segments).toEqual(['vip']);

    // A new version saved by the first process is what the second evaluates next.
    const updated = await first.admin('PUT', '/api/segments/vip', { name: 'VIP', conditions: revenueAtLeast(5000) });
    expect(updated.json().recompute).toMatchObject({ exited: 1 });
    await second.track('gil', 'Order Completed', { order_id: 'o3', revenue: 3000, total: 3000 });
    expect((await second.customer('gil'))!.segments).toEqual([]);
    await second.track('gil', 'Order Completed', { order_id: 'o4', revenue: 1000, total: 1000 });
    expect((await second.customer('gil'))!.segments).toEqual(['vip']);
    const entered = await second.eventsNamed('gil', 'Segment Entered');
    expect(entered.map((event) => event.properties!.segment_version)).toEqual([1, 2]);
  });

  it('stores nothing of a membership when the request fails', async () => {
    const t = await open();
    await t.createSegment({ id: 'vip', name: 'VIP', conditions: revenueAtLeast(100) });
    const response = await t.post('/v1/track', { userId: 'hal', event: 'Order Completed', properties: { revenue: 500 }, timestamp: 'not a time' });
    expect(response.statusCode).toBe(400);
    expect(await t.customer('hal')).toBeNull();
    expect(await t.store.collection(segmentCollectionNames.customers).count(t.workspace, { segments: 'vip' })).toBe(0);
  });
});
