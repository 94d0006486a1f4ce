import { describe, expect, it } from 'vitest';
import { classifyRfmGroup, rfmGroupLabels, scoreRfm, scoreRfmWithScale, type RfmGroup, type RfmInput } from '../../engine/traits';
import { readUciOrderHistories } from '../support/uci-order-history';

const now = Date.parse('2024-06-01T12:00:00.000Z');
const daysAgo = (days: number): string => new Date(now - days * 86_400_000).toISOString();

describe('scoreRfm', () => {
  it('measures recency in whole days, frequency in orders and monetary in net revenue', () => {
    const [trait] = scoreRfm([{ orders_count: 3, revenue_total: 120.5, last_order_at: new Date(now - 47 * 3_600_000).toISOString() }], now).traits;
    expect(trait).toMatchObject({ recency_days: 1, frequency: 3, monetary: 120.5, scored_at: '2024-06-01T12:00:00.000Z' });
  });

  it('treats a last order in the future (clock skew) as today', () => {
    const [trait] = scoreRfm([{ orders_count: 1, revenue_total: 10, last_order_at: daysAgo(-2) }], now).traits;
    expect(trait!.recency_days).toBe(0);
  });

  it('scores by quintile with more recent = 5, and gives customers without orders no RFM', () => {
    const customers: RfmInput[] = [
      { orders_count: 1, revenue_total: 10, last_order_at: daysAgo(400) },
      { orders_count: 2, revenue_total: 20, last_order_at: daysAgo(200) },
      { orders_count: 0, revenue_total: 0, last_order_at: null },
      { orders_count: 3, revenue_total: 30, last_order_at: daysAgo(100) },
      { orders_count: 4, revenue_total: 40, last_order_at: daysAgo(50) },
      { orders_count: 5, revenue_total: 50, last_order_at: daysAgo(1) },
    ];
    const { traits, scale } = scoreRfm(customers, now);
    expect(traits.map((trait) => trait?.score ?? null)).toEqual(['111', '222', null, '333', '444', '555']);
    expect(traits.map((trait) => trait?.group ?? null)).toEqual(['lost', 'about_to_sleep', null, 'loyal', 'champions', 'champions']);
    expect(scale.buyers).toBe(5);
    expect(scale.recency_days_max).toEqual([200, 100, 50, 1]);
    expect(scale.frequency_min).toEqual([2, 3, 4, 5]);
  });

  it('gives equal values equal scores, and everyone 3 when all are equal', () => {
    const same: RfmInput = { orders_count: 2, revenue_total: 50, last_order_at: daysAgo(10) };
    const { traits } = scoreRfm([same, same, same, same], now);
    expect(new Set(traits.map((trait) => trait!.score))).toEqual(new Set(['333']));
    const mixed = scoreRfm([
      { orders_count: 1, revenue_total: 5, last_order_at: daysAgo(3) },
      { orders_count: 1, revenue_total: 5, last_order_at: daysAgo(3) },
      { orders_count: 7, revenue_total: 900, last_order_at: daysAgo(90) },
      { orders_count: 7, revenue_total: 900, last_order_at: daysAgo(90) },
    ], now).traits;
    expect(mixed.map((trait) => trait!.score)).toEqual(['422', '422', '244', '244']);
  });
});

describe('scoreRfmWithScale', () => {
  it('re-scores every buyer of a batch exactly as the batch did (random data with many ties)', () => {
    let seed = 17;
    const next = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const customers: RfmInput[] = Array.from({ length: 500 }, () => {
      const orders = Math.floor(next() * 6);
      return { orders_count: orders, revenue_total: orders === 0 ? 0 : Math.round(next() * 40) * 5, last_order_at: orders === 0 ? null : daysAgo(Math.floor(next() * 60)) };
    });
    const { traits, scale } = scoreRfm(customers, now);
    customers.forEach((customer, index) => expect(scoreRfmWithScale(customer, scale, now)).toEqual(traits[index]));
  });

  it('places a value the batch never saw between the boundaries, and nobody without orders', () => {
    const { scale } = scoreRfm([10, 20, 30, 40, 50].map((value, index) => ({ orders_count: index + 1, revenue_total: value, last_order_at: daysAgo(50 - 10 * index) })), now);
    expect(scoreRfmWithScale({ orders_count: 9, revenue_total: 35, last_order_at: daysAgo(0) }, scale, now)).toMatchObject({ r: 5, f: 5, m: 3 });
    expect(scoreRfmWithScale({ orders_count: 0, revenue_total: 0, last_order_at: null }, scale, now)).toBeNull();
  });
});

describe('classifyRfmGroup', () => {
  it('assigns every one of the 125 score combinations to exactly one of the eleven groups, all of them used', () => {
    const used = new Set<RfmGroup>();
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) used.add(classifyRfmGroup(r, f, m));
    expect([...used].sort()).toEqual(Object.keys(rfmGroupLabels).sort());
    expect(Object.keys(rfmGroupLabels)).toHaveLength(11);
  });

  it('follows the documented grid on R and FM = ⌈(F+M)/2⌉', () => {
    expect(classifyRfmGroup(5, 5, 5)).toBe('champions');
    expect(classifyRfmGroup(5, 4, 3)).toBe('champions'); // FM = ⌈3.5⌉ = 4
    expect(classifyRfmGroup(5, 3, 3)).toBe('potential_loyalist');
    expect(classifyRfmGroup(5, 1, 1)).toBe('new');
    expect(classifyRfmGroup(4, 1, 1)).toBe('promising');
    expect(classifyRfmGroup(3, 2, 2)).toBe('need_attention');
    expect(classifyRfmGroup(3, 4, 4)).toBe('loyal');
    expect(classifyRfmGroup(3, 1, 1)).toBe('about_to_sleep');
    expect(classifyRfmGroup(2, 3, 3)).toBe('at_risk');
    expect(classifyRfmGroup(1, 5, 4)).toBe('cannot_lose');
    expect(classifyRfmGroup(2, 1, 1)).toBe('hibernating');
    expect(classifyRfmGroup(1, 1, 1)).toBe('lost');
  });
});

describe('RFM on the UCI Online Retail customers', () => {
  const histories = readUciOrderHistories();
  const scoredAt = Date.parse('2011-12-10T00:00:00Z');
  const { traits, scale } = scoreRfm(histories, scoredAt);
  const scored = traits.filter((trait) => trait !== null);

  it('scores the 4,339 customers with an order', () => {
    expect(scale.buyers).toBe(4339);
    expect(scored).toHaveLength(4339);
  });

  it('splits a nearly tie-free metric (net revenue) into five groups of 20 % ± 0.5 %', () => {
    for (let score = 1; score <= 5; score++) {
      const share = scored.filter((trait) => trait.m === score).length / scored.length;
      expect(Math.abs(share - 0.2)).toBeLessThan(0.005);
    }
  });

  it('never splits a tie and never scores a larger value lower', () => {
    for (const metric of ['frequency', 'monetary', 'recency_days'] as const) {
      const scoreOf = metric === 'frequency' ? 'f' : metric === 'monetary' ? 'm' : 'r';
      const byValue = new Map<number, Set<number>>();
      for (const trait of scored) byValue.set(trait[metric], (byValue.get(trait[metric]) ?? new Set()).add(trait[scoreOf]));
      for (const scores of byValue.values()) expect(scores.size).toBe(1);
      const ordered = [...byValue.entries()].sort((left, right) => left[0] - right[0]).map(([, scores]) => [...scores][0]);
      const direction = metric === 'recency_days' ? -1 : 1;
      for (let index = 1; index < ordered.length; index++) expect(direction * (ordered[index] - ordered[index - 1])).toBeGreaterThanOrEqual(0);
    }
  });

  it('uses all eleven groups', () => {
    expect(new Set(scored.map((trait) => trait.group)).size).toBe(11);
  });
});
