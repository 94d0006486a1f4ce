import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestLimits } from '../../engine/ingest';
import type { Customer } from '../../schemas/types';
import { TraitHarness } from '../support/trait-harness';
import { uciEventsPath } from '../support/uci-order-history';

/**
 * RFM refresh on real data: the UCI Online Retail event stream from December 2010 to May 2011
 * (11,657 events) goes through /v1/batch, POST /api/traits/rfm/refresh scores the workspace, and
 * every buyer's scores must equal a quintile computation written here from the raw stream.
 */
const sliceEnd = '2011-06-01';
const refreshAt = '2011-06-01T00:00:00.000Z';

interface Expected {
  orders: number;
  netCents: number;
  lastOrderAt: string | null;
}

let h: TraitHarness;
const expected = new Map<string, Expected>();

beforeAll(async () => {
  h = await TraitHarness.create(refreshAt);
  const lines = gunzipSync(readFileSync(uciEventsPath)).toString('utf8').split('\n');
  let batch: string[] = [];
  let bytes = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const response = await h.app.post('/v1/batch', `{"batch":[${batch.join(',')}]}`, { 'content-type': 'application/json' });
    expect(response.statusCode, response.body).toBe(200);
    batch = [];
    bytes = 0;
  };
  for (const line of lines) {
    if (line === '') continue;
    const event = JSON.parse(line) as { userId: string; event?: string; timestamp: string; properties?: { revenue: number } };
    if (event.timestamp >= sliceEnd) break;
    // Orders over Segment's 32 KB message limit are refused by ingestion; leave them out of both sides.
    if (Buffer.byteLength(line) > ingestLimits.maxMessageBytes) continue;
    const totals = expected.get(event.userId) ?? { orders: 0, netCents: 0, lastOrderAt: null };
    if (event.event === 'Order Completed') {
      totals.orders += 1;
      totals.netCents += Math.round(event.properties!.revenue * 100);
      if (totals.lastOrderAt === null || event.timestamp > totals.lastOrderAt) totals.lastOrderAt = event.timestamp;
    } else if (event.event === 'Order Refunded') {
      totals.netCents -= Math.round(Math.abs(event.properties!.revenue) * 100);
    }
    expected.set(event.userId, totals);
    if (bytes + line.length > 450 * 1024) await flush();
    batch.push(line);
    bytes += line.length + 1;
  }
  await flush();
}, 600_000);

afterAll(async () => {
  await h?.close();
});

/**
 * Quintile scores from ranks with ties averaged (the "average" rank of pandas and R): a value whose
 * equal values occupy ranks first…last (1-based) of n sits at percentile ((first + last) / 2 − ½) / n,
 * and scores 1 + the number of the boundaries 20 %, 40 %, 60 %, 80 % it reaches — compared in integers.
 */
function quintileScores(values: number[]): number[] {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const firstRank = new Map<number, number>();
  const lastRank = new Map<number, number>();
  sorted.forEach((value, index) => {
    if (!firstRank.has(value)) firstRank.set(value, index + 1);
    lastRank.set(value, index + 1);
  });
  return values.map((value) => {
    // percentile = (first + last − 1) / (2n); it reaches k/5 when 5·(first + last − 1) ≥ 2n·k.
    const twiceRankSum = firstRank.get(value)! + lastRank.get(value)! - 1;
    let score = 1;
    for (let k = 1; k <= 4; k++) if (5 * twiceRankSum >= 2 * n * k) score++;
    return score;
  });
}

/** docs/traits.md: the group from R and FM = ⌈(F + M) / 2⌉ (rows R = 5…1, columns FM = 1…5). */
const groupGrid: Record<number, string[]> = {
  5: ['new', 'potential_loyalist', 'potential_loyalist', 'champions', 'champions'],
  4: ['promising', 'potential_loyalist', 'loyal', 'champions', 'champions'],
  3: ['about_to_sleep', 'need_attention', 'loyal', 'loyal', 'loyal'],
  2: ['hibernating', 'about_to_sleep', 'at_risk', 'at_risk', 'at_risk'],
  1: ['lost', 'hibernating', 'at_risk', 'cannot_lose', 'cannot_lose'],
};

describe('RFM refresh over the UCI Online Retail buyers', () => {
  it('scores every buyer exactly as an independent quintile computation does', async () => {
    const response = await h.api('POST', '/api/traits/rfm/refresh');
    expect(response.statusCode, response.body).toBe(200);
    const buyers = [...expected.entries()].filter(([, totals]) => totals.orders > 0);
    expect(buyers.length).toBeGreaterThan(2000);
    expect(response.json()).toMatchObject({ scored_at: refreshAt, customers: expected.size, buyers: buyers.length });

    const now = Date.parse(refreshAt);
    const recency = buyers.map(([, totals]) => Math.floor((now - Date.parse(totals.lastOrderAt!)) / 86_400_000));
    const r = quintileScores(recency.map((days) => -days));
    const f = quintileScores(buyers.map(([, totals]) => totals.orders));
    const m = quintileScores(buyers.map(([, totals]) => totals.netCents));

    const stored = new Map((await h.app.store.collection<Customer>('customers').find(h.workspace, {})).map((customer) => [customer.userId!, customer]));
    expect(stored.size).toBe(expected.size);
    const mismatches: string[] = [];
    buyers.forEach(([userId, totals], index) => {
      const want = {
        recency_days: recency[index],
        frequency: totals.orders,
        monetary: totals.netCents / 100,
        r: r[index],
        f: f[index],
        m: m[index],
        score: `${r[index]}${f[index]}${m[index]}`,
        group: groupGrid[r[index]][Math.ceil((f[index] + m[index]) / 2) - 1],
        scored_at: refreshAt,
      };
      const got = stored.get(userId)!.traits.rfm;
      if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${userId}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    for (const [userId, totals] of expected) if (totals.orders === 0) expect(stored.get(userId)!.traits.rfm, userId).toBeNull();

    // Monetary has few ties: five nearly equal quintiles.
    const perScore = [1, 2, 3, 4, 5].map((score) => m.filter((value) => value === score).length);
    for (const count of perScore) expect(Math.abs(count - buyers.length / 5)).toBeLessThanOrEqual(2);
    // Real buyers spread over most of the eleven groups (8 of them in this half year).
    expect(new Set(buyers.map(([userId]) => (stored.get(userId)!.traits.rfm as { group: string }).group)).size).toBe(8);
  });

  it('puts the top 20 % of paying customers in the high value tier and the next 30 % in mid, by the same ranking rule', async () => {
    const paying = [...expected.entries()].filter(([, totals]) => totals.netCents > 0);
    const stored = new Map((await h.app.store.collection<Customer>('customers').find(h.workspace, {})).map((customer) => [customer.userId!, customer]));
    const n = paying.length;
    const cents = paying.map(([, totals]) => totals.netCents);
    const mismatches: string[] = [];
    paying.forEach(([userId, totals]) => {
      const above = cents.filter((value) => value > totals.netCents).length;
      const equal = cents.filter((value) => value === totals.netCents).length;
      // share = (above + equal/2) / n, compared with 20 % and 50 % in integers.
      const tier = 100 * (2 * above + equal) < 20 * 2 * n ? 'high' : 100 * (2 * above + equal) < 50 * 2 * n ? 'mid' : 'low';
      const got = (stored.get(userId)!.traits.value_tier as { tier: string }).tier;
      if (got !== tier) mismatches.push(`${userId}: ${got} ≠ ${tier}`);
    });
    expect(mismatches.slice(0, 5)).toEqual([]);
    for (const [userId, totals] of expected) if (totals.netCents <= 0) expect((stored.get(userId)!.traits.value_tier as { tier: string }).tier, userId).toBe('low');
  });

  it('re-scores a buyer on the next order against the stored scales, and writes nothing new on a refresh that changes nothing', async () => {
    const before = await h.customer('17850');
    await h.track({ userId: '17850', event: 'Order Completed', at: '2011-05-31T18:00:00.000Z', properties: { revenue: 10 } });
    const after = await h.customer('17850');
    expect(after.traits.rfm).toMatchObject({ recency_days: 0, frequency: (before.traits.rfm as { frequency: number }).frequency + 1, r: 5 });
    const again = await h.api('POST', '/api/traits/rfm/refresh');
    expect(again.json().changed_customers).toBeLessThan(20);
  });
});
