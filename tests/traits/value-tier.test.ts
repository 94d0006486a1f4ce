import { describe, expect, it } from 'vitest';
import { assignValueTiers, assignValueTierWithScale, checkValueTierOptions, defaultValueTierOptions } from '../../engine/traits';
import { readUciOrderHistories } from '../support/uci-order-history';

const now = Date.parse('2024-06-01T00:00:00.000Z');

describe('assignValueTiers', () => {
  it('puts the top 20 % high and the next 30 % mid by default', () => {
    const values = Array.from({ length: 10 }, (_, index) => (index + 1) * 100);
    const { traits, scale } = assignValueTiers(values, defaultValueTierOptions, now);
    expect(traits.map((trait) => trait.tier)).toEqual(['low', 'low', 'low', 'low', 'low', 'mid', 'mid', 'mid', 'high', 'high']);
    expect(scale).toMatchObject({ ranked_customers: 10, high_min: 900, mid_min: 600, basis: 'revenue' });
    expect(traits[9]).toEqual({ tier: 'high', basis: 'revenue', value: 1000, scored_at: '2024-06-01T00:00:00.000Z' });
  });

  it('puts customers without positive value in low and leaves them out of the percentages', () => {
    const { traits, scale } = assignValueTiers([500, 0, null, -20, 120, 80, 75], defaultValueTierOptions, now);
    expect(traits.map((trait) => trait.tier)).toEqual(['high', 'low', 'low', 'low', 'mid', 'low', 'low']);
    expect(traits.map((trait) => trait.value)).toEqual([500, 0, 0, 0, 120, 80, 75]);
    expect(scale.ranked_customers).toBe(4);
  });

  it('keeps ties together: equal values share a tier', () => {
    const { traits } = assignValueTiers([10, 10, 10, 10, 10, 10, 10, 10, 10, 99], defaultValueTierOptions, now);
    expect(traits.map((trait) => trait.tier)).toEqual([...Array(9).fill('low'), 'high']);
    // q of the pairs from the top: 5s 0.1, 4s 0.3, 3s exactly 0.5 — the boundary is strict, so low.
    const pairs = assignValueTiers([5, 5, 4, 4, 3, 3, 2, 2, 1, 1], defaultValueTierOptions, now).traits.map((trait) => trait.tier);
    expect(pairs).toEqual(['high', 'high', 'mid', 'mid', 'low', 'low', 'low', 'low', 'low', 'low']);
  });

  it('follows configured percentages and basis', () => {
    const { traits, scale } = assignValueTiers([1, 2, 3, 4], { basis: 'clv', high_percent: 50, mid_percent: 0 }, now);
    expect(traits.map((trait) => trait.tier)).toEqual(['low', 'low', 'high', 'high']);
    expect(scale).toMatchObject({ basis: 'clv', mid_min: null, high_min: 3 });
  });

  it('places one customer against a scale exactly as the batch did', () => {
    let seed = 5;
    const next = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const values = Array.from({ length: 300 }, () => (next() < 0.2 ? 0 : Math.round(next() * 30) * 10));
    const { traits, scale } = assignValueTiers(values, defaultValueTierOptions, now);
    values.forEach((value, index) => expect(assignValueTierWithScale(value, scale, now)).toEqual(traits[index]));
  });

  it('ranks the UCI Online Retail customers 20 / 30 / 50 among those with positive net revenue', () => {
    const histories = readUciOrderHistories();
    const { traits, scale } = assignValueTiers(histories.map((history) => history.revenue_total), defaultValueTierOptions, now);
    const positive = histories.filter((history) => history.revenue_total > 0).length;
    expect(scale.ranked_customers).toBe(positive);
    const share = (tier: string): number => traits.filter((trait) => trait.tier === tier).length / positive;
    expect(Math.abs(share('high') - 0.2)).toBeLessThan(0.002);
    expect(Math.abs(share('mid') - 0.3)).toBeLessThan(0.002);
  });
});

describe('checkValueTierOptions', () => {
  it('fills defaults and points at bad settings', () => {
    expect(checkValueTierOptions({})).toEqual({ ok: true, value: defaultValueTierOptions });
    const bad = checkValueTierOptions({ basis: 'margin' as 'clv', high_percent: 70, mid_percent: 40 });
    expect(!bad.ok && bad.problem.details.map((detail) => detail.pointer)).toEqual(['/basis']);
    const sum = checkValueTierOptions({ high_percent: 70, mid_percent: 40 });
    expect(!sum.ok && sum.problem.details.map((detail) => detail.pointer)).toEqual(['/mid_percent']);
    const negative = checkValueTierOptions({ high_percent: -1 });
    expect(!negative.ok && negative.problem.code).toBe('VALIDATION_FAILED');
  });
});
