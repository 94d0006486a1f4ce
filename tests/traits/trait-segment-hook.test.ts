import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/errors';
import { createSegment, recomputeSegment } from '../../engine/segments';
import { loadCustomTraitFacts } from '../../engine/traits';
import { TraitHarness } from '../support/trait-harness';

/**
 * Batch trait jobs change customers outside ingestion; the scheduler's jobs call the segments'
 * batch recompute for the customers each chunk changed, so memberships on those traits follow.
 */
let h: TraitHarness;
beforeEach(async () => {
  h = await TraitHarness.create('2024-05-10T12:00:00.000Z');
});
afterEach(async () => {
  await h.close();
});

async function segmentsOf(userId: string): Promise<string[]> {
  return (await h.customer(userId)).segments;
}

describe('segments follow traits that batch jobs change', () => {
  it('moves customers into an RFM-group segment when the refresh scores them', async () => {
    const runtime = h.app.runtime;
    const segment = unwrap(await createSegment(runtime, h.workspace, { id: 'best_buyers', name: 'Best buyers', conditions: { fact: 'traits.rfm.group', operator: 'equal', value: 'champions' } }));
    await recomputeSegment(runtime, h.workspace, segment.id);
    // Five buyers: "big" ordered often, recently, for the most money.
    for (const [userId, orders, revenue, daysAgo] of [['big', 6, 400, 1], ['mid', 3, 90, 10], ['low', 2, 40, 20], ['old', 1, 20, 60], ['tiny', 1, 5, 90]] as const) {
      await h.track(...Array.from({ length: orders }, (_, index) => ({ userId, event: 'Order Completed', at: new Date(Date.parse('2024-05-10T08:00:00.000Z') - (daysAgo + index) * 86_400_000).toISOString(), properties: { revenue: revenue / orders } })));
    }
    expect(await segmentsOf('big')).toEqual([]);
    const refreshed = await h.api('POST', '/api/traits/rfm/refresh');
    expect(refreshed.statusCode, refreshed.body).toBe(200);
    expect((await h.customer('big')).traits.rfm).toMatchObject({ group: 'champions' });
    expect(await segmentsOf('big')).toEqual(['best_buyers']);
    expect(await segmentsOf('tiny')).toEqual([]);
  });

  it('moves customers into a segment on a computed trait when its backfill computes it', async () => {
    const runtime = h.app.runtime;
    await h.track(
      { userId: 'fan', event: 'Product Viewed', at: '2024-05-09T08:00:00.000Z' },
      { userId: 'fan', event: 'Product Viewed', at: '2024-05-09T09:00:00.000Z' },
      { userId: 'fan', event: 'Product Viewed', at: '2024-05-10T08:00:00.000Z' },
      { userId: 'browser', event: 'Product Viewed', at: '2024-05-10T08:00:00.000Z' },
    );
    const created = await h.api('POST', '/api/traits', { id: 'views_7d', name: 'Views, 7 days', event: 'Product Viewed', aggregation: 'count', window_days: 7 });
    expect(created.statusCode).toBe(201);
    const customTraits = await loadCustomTraitFacts(runtime.store, h.workspace);
    const segment = unwrap(await createSegment(runtime, h.workspace, { id: 'engaged', name: 'Engaged', conditions: { fact: 'traits.views_7d', operator: 'greaterThanInclusive', value: 3 } }, { customTraits }));
    await recomputeSegment(runtime, h.workspace, segment.id);
    expect(await segmentsOf('fan')).toEqual([]);
    await h.runDueJobs();
    expect(await h.trait('fan', 'views_7d')).toBe(3);
    expect(await segmentsOf('fan')).toEqual(['engaged']);
    expect(await segmentsOf('browser')).toEqual([]);
    // The window moves on: two views leave it on 16 May, and the clock job takes the fan out.
    await h.advanceTo('2024-05-16T00:00:30.000Z');
    expect(await h.trait('fan', 'views_7d')).toBe(1);
    expect(await segmentsOf('fan')).toEqual([]);
  });
});
