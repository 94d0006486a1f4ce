/**
 * Size history: a point every clock hour (the scheduler's size job, once per hour however many
 * processes run it) and one at every recompute, served by GET /api/segments/{id}/sizes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordHourlySegmentSizes, segmentCollectionNames } from '../../engine/segments/index';
import type { SegmentSizes } from '../../schemas/types';
import { createSegmentApp, type SegmentApp } from '../support/segment-app';

const hour = 3_600_000;
let t: SegmentApp;
beforeEach(async () => {
  t = await createSegmentApp();
});
afterEach(async () => {
  await t.close();
});

const buyers = { id: 'buyers', name: 'Buyers', conditions: { all: [{ fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 1 }] } };

describe('segment size history', () => {
  it('records the size once per hour through the scheduler, and at every recompute', async () => {
    await t.createSegment(buyers);
    for (let i = 0; i < 5; i++) {
      await t.track(`u${i}`, 'Order Completed', { order_id: `o${i}`, revenue: 5, total: 5 });
      t.clock.advanceBy(20 * 60_000);
      await t.app.scheduler.runDueJobs(t.clock.now());
    }
    // Twice in the same hour records nothing more.
    expect(await recordHourlySegmentSizes(t.runtime, t.workspace, t.clock.now())).toBe(0);
    const response = await t.admin('GET', '/api/segments/buyers/sizes');
    const history = response.json() as SegmentSizes;
    // Jobs ran at 12:20, 12:40, 13:00, 13:20 and 13:40: the first run of each hour records it.
    expect(history.points.map((point) => [point.reason, point.size, point.at.slice(11, 16)])).toEqual([
      ['recompute', 0, '12:00'],
      ['hourly', 1, '12:20'],
      ['hourly', 3, '13:00'],
    ]);
    const hours = history.points.filter((point) => point.reason === 'hourly').map((point) => Math.floor(Date.parse(point.at) / hour));
    expect(new Set(hours).size).toBe(hours.length);
  });

  it('answers a range, defaulting to the last 30 days, and refuses a bad one', async () => {
    await t.createSegment(buyers);
    const sizes = t.store.collection(segmentCollectionNames.sizes);
    const base = t.clock.now();
    for (const [daysAgo, size] of [[40, 1], [20, 2], [1, 3]]) {
      const at = new Date(base - daysAgo * 24 * hour).toISOString();
      await sizes.insertOne(t.workspace, { _id: `${t.workspace}/buyers/hourly/${at}`, segmentId: 'buyers', version: 1, at, size, reason: 'hourly' });
    }
    const recent = (await t.admin('GET', '/api/segments/buyers/sizes')).json() as SegmentSizes;
    expect(recent.points.map((point) => point.size)).toEqual([2, 3, 0]);
    expect(recent.to).toBe(new Date(base).toISOString());
    const old = (await t.admin('GET', `/api/segments/buyers/sizes?from=${new Date(base - 50 * 24 * hour).toISOString()}&to=${new Date(base - 10 * 24 * hour).toISOString()}`)).json() as SegmentSizes;
    expect(old.points.map((point) => point.size)).toEqual([1, 2]);

    const badTime = await t.admin('GET', '/api/segments/buyers/sizes?from=yesterday');
    expect(badTime.statusCode).toBe(400);
    expect(badTime.json()).toMatchObject({ code: 'INVALID_QUERY', details: [{ pointer: '/from' }] });
    const reversed = await t.admin('GET', `/api/segments/buyers/sizes?from=${new Date(base).toISOString()}&to=${new Date(base - hour).toISOString()}`);
    expect(reversed.statusCode).toBe(400);
    const tooLong = await t.admin('GET', `/api/segments/buyers/sizes?from=2020-01-01T00:00:00Z`);
    expect(tooLong.statusCode).toBe(400);
    expect((await t.admin('GET', '/api/segments/nobody/sizes')).statusCode).toBe(404);
  });
});
