/**
 * Membership follows the clock: relative-time conditions change with no event at all, and the clock
 * job (run by the scheduler every 15 s) moves the customer within the documented 60 s bound,
 * recording Segment Entered / Exited and starting journeys as ingestion would. All on a virtual clock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/errors/index';
import { publishJourney, saveJourneyDraft } from '../../engine/journeys/index';
import { clockBoundMilliseconds, readDueTime, reevaluateDueCustomers } from '../../engine/segments/index';
import { EmbeddedStore } from '../../engine/store/index';
import type { StoredEvent } from '../../schemas/types';
import { createDelegatingStore } from '../support/delegating-store';
import { entry, exit, go, journey } from '../support/journey-factory';
import { createSegmentApp, type SegmentApp } from '../support/segment-app';

const day = 86_400_000;
const tick = 15_000;
const apps: SegmentApp[] = [];
async function open(store?: EmbeddedStore | ReturnType<typeof createDelegatingStore>): Promise<SegmentApp> {
  const app = await createSegmentApp({ store });
  apps.push(app);
  return app;
}
afterEach(async () => {
  for (const app of apps.splice(0).reverse()) await app.close();
});

const recentBuyers = { id: 'recent-buyers', name: 'Ordered within the last 30 days', conditions: { all: [{ fact: 'traits.last_order_at', operator: 'withinLastDays', value: 30 }] } };

/** Runs the scheduler every 15 s of virtual time up to `until`; returns the instant `isDone` first held after a run. */
async function tickUntil(t: SegmentApp, until: number, isDone: () => Promise<boolean>): Promise<number | null> {
  while (t.clock.now() + tick <= until) {
    t.clock.advanceBy(tick);
    await t.app.scheduler.runDueJobs(t.clock.now());
    if (await isDone()) return t.clock.now();
  }
  return null;
}

describe('membership on the clock', () => {
  it('leaves "ordered within the last 30 days" 30 days after the order with no event, recording Segment Exited within 60 s', async () => {
    const t = await open();
    await t.createSegment(recentBuyers);
    const orderedAt = t.clock.now();
    await t.track('ada', 'Order Completed', { order_id: 'o1', revenue: 20, total: 20 });
    const member = (await t.customer('ada'))!;
    expect(member.segments).toEqual(['recent-buyers']);
    const due = Date.parse(readDueTime(member)!);
    expect(due).toBeGreaterThan(orderedAt + 30 * day);
    expect(due).toBeLessThanOrEqual(orderedAt + 30 * day + 1);

    // Up to two minutes before the change nothing happens, however often the job runs.
    t.clock.advanceTo(due - 2 * 60_000);
    await t.app.scheduler.runDueJobs(t.clock.now());
    const isOut = async (): Promise<boolean> => !(await t.customer('ada'))!.segments.includes('recent-buyers');
    expect(await isOut()).toBe(false);

    const leftAt = await tickUntil(t, due + 5 * 60_000, isOut);
    expect(leftAt).not.toBeNull();
    expect(leftAt!).toBeGreaterThanOrEqual(due);
    expect(leftAt! - due).toBeLessThanOrEqual(clockBoundMilliseconds);

    const [exited] = await t.eventsNamed('ada', 'Segment Exited');
    expect(exited).toMatchObject({ userId: 'ada', properties: { segment_id: 'recent-buyers' }, context: { wayfarer: { cause: 'clock' } }, timestamp: new Date(leftAt!).toISOString() });
    const customer = (await t.customer('ada'))!;
    expect(customer.segmentsEnteredAt).toEqual({});
    expect(readDueTime(customer)).toBeNull();
    expect(await t.eventsNamed('ada', 'Order Completed')).toHaveLength(1);
  });

  it('enters "no order for 60 days" with no event, and the journey on it starts', async () => {
    const t = await open();
    await t.createSegment({ id: 'lapsed', name: 'Lapsed', conditions: { all: [{ fact: 'traits.last_order_at', operator: 'notWithinLastDays', value: 60 }] } });
    const winBack = journey('win-back', [entry('in', { type: 'segment-entered', segmentId: 'lapsed' }), exit('done')], [go('in', 'done')]);
    unwrap(await saveJourneyDraft(t.runtime, t.workspace, winBack));
    unwrap(await publishJourney(t.runtime, t.workspace, 'win-back', 1));
    await t.track('bo', 'Order Completed', { order_id: 'o1', revenue: 20, total: 20 });
    const due = Date.parse(readDueTime((await t.customer('bo'))!)!);
    t.clock.advanceTo(due - 60_000);
    const enteredAt = await tickUntil(t, due + 5 * 60_000, async () => (await t.customer('bo'))!.segments.includes('lapsed'));
    expect(enteredAt! - due).toBeLessThanOrEqual(clockBoundMilliseconds);
    const customer = (await t.customer('bo'))!;
    expect(customer.journeys['win-back']).toMatchObject({ status: 'completed' });
    expect(await t.eventsNamed('bo', 'Segment Entered')).toHaveLength(1);

    // A new order brings the customer back at once, through ingestion.
    await t.track('bo', 'Order Completed', { order_id: 'o2', revenue: 20, total: 20 });
    expect((await t.customer('bo'))!.segments).toEqual([]);
  });

  it('schedules customers who were already there when a time-dependent segment is saved', async () => {
    const t = await open();
    await t.track('cy', 'Order Completed', { order_id: 'o1', revenue: 20, total: 20 });
    t.clock.advanceBy(10 * day);
    const created = await t.createSegment(recentBuyers);
    expect(created.recompute).toMatchObject({ entered: 1 });
    const due = Date.parse(readDueTime((await t.customer('cy'))!)!);
    expect(due - t.clock.now()).toBeGreaterThan(19 * day);
    t.clock.advanceTo(due);
    await t.app.scheduler.runDueJobs(t.clock.now());
    expect((await t.customer('cy'))!.segments).toEqual([]);
  });

  it('writes due times for customers no event touches as their change comes within the 24-hour horizon', async () => {
    const t = await open();
    await t.track('eli', 'Order Completed', { order_id: 'o1', revenue: 20, total: 20 });
    t.clock.advanceBy(10 * day);
    const created = await t.createSegment({ id: 'quiet', name: 'No order for 30 days', conditions: { all: [{ fact: 'traits.last_order_at', operator: 'notWithinLastDays', value: 30 }] } });
    expect(created.recompute).toMatchObject({ entered: 0 });
    // The change is 20 days away: beyond the horizon, so no due time yet.
    expect(readDueTime((await t.customer('eli'))!)).toBeNull();
    const changeAt = t.clock.now() + 20 * day;
    // The scheduler runs every job as it comes due; the horizon job every 6 hours.
    for (let time = t.clock.now() + 6 * 3_600_000; time < changeAt - day; time += 6 * 3_600_000) {
      t.clock.advanceTo(time);
      await t.app.scheduler.runDueJobs(time);
    }
    t.clock.advanceTo(changeAt - 12 * 3_600_000);
    await t.app.scheduler.runDueJobs(t.clock.now());
    const due = Date.parse(readDueTime((await t.customer('eli'))!)!);
    expect(due).toBeGreaterThan(changeAt - 60_000);
    expect(due).toBeLessThanOrEqual(changeAt + 60_000);
    expect((await t.customer('eli'))!.segments).toEqual([]);
    const enteredAt = await tickUntil(t, due + 5 * 60_000, async () => (await t.customer('eli'))!.segments.includes('quiet'));
    expect(enteredAt! - due).toBeLessThanOrEqual(clockBoundMilliseconds);
  });

  it('settles an overdue time-dependent membership on the customer\'s next event, even before the job runs', async () => {
    const t = await open();
    await t.createSegment(recentBuyers);
    await t.track('dee', 'Order Completed', { order_id: 'o1', revenue: 20, total: 20 });
    t.clock.advanceBy(45 * day);
    await t.identify('dee', { city: 'Leeds' });
    expect((await t.customer('dee'))!.segments).toEqual([]);
    expect(await t.eventsNamed('dee', 'Segment Exited')).toHaveLength(1);
  });

  it('records each change once when two processes run the clock job at the same time', async () => {
    const shared = new EmbeddedStore();
    const first = await open(shared);
    const second = await open(createDelegatingStore(shared));
    await first.createSegment(recentBuyers);
    for (const user of ['u1', 'u2', 'u3', 'u4', 'u5']) await first.track(user, 'Order Completed', { order_id: `${user}-o`, revenue: 5, total: 5 });
    const now = first.clock.now() + 31 * day;
    first.clock.advanceTo(now);
    second.clock.advanceTo(now);
    const [a, b] = await Promise.all([reevaluateDueCustomers(first.runtime, first.workspace, now), reevaluateDueCustomers(second.runtime, second.workspace, now)]);
    expect(a.exited + b.exited).toBe(5);
    const exited = await shared.collection<StoredEvent>('events').find(first.workspace, { event: 'Segment Exited' });
    expect(exited).toHaveLength(5);
    expect(await shared.collection('customers').count(first.workspace, { segments: 'recent-buyers' })).toBe(0);
  });
});
