import { describe, expect, it } from 'vitest';
import {
  collectOrderDayStatistics,
  computeExpectedOrderValue,
  computeProbabilityAlive,
  fitClvModel,
  summarizeTransactions,
  type ClvModel,
} from '../../engine/models';
import { computeClvTraits } from '../../engine/traits';
import { readCdnowTransactions } from '../support/cdnow-sample';
import { readUciOrderHistories } from '../support/uci-order-history';

function fitCdnow(): ClvModel {
  const summaries = summarizeTransactions(readCdnowTransactions(), { observation_end: '1997-09-30', time_unit: 'weeks' });
  if (!summaries.ok) throw new Error('summary failed');
  const model = fitClvModel(summaries.value, { time_unit: 'weeks', observation_end: '1997-09-30', fitted_at: '1997-10-01T00:00:00.000Z' });
  if (!model.ok) throw new Error(JSON.stringify(model.problem));
  return model.value;
}

describe('computeClvTraits', () => {
  const model = fitCdnow();
  // CDNOW customer 00004 on 1997-09-30: orders on 1 Jan, 18 Jan and 2 Aug 1997.
  const statistics = collectOrderDayStatistics([
    { at: '1997-01-01', value: 29.33 },
    { at: '1997-01-18', value: 29.73 },
    { at: '1997-08-02', value: 14.96 },
  ]);
  const now = Date.parse('1997-09-30T15:00:00Z');

  it('shows its inputs and the paper\'s 39-week forecast for the example customer', () => {
    const traits = computeClvTraits(statistics, model, now, { horizon_days: 273 })!;
    const { clv } = traits;
    expect([clv.x, clv.t_x.toFixed(2), clv.T.toFixed(2)]).toEqual([2, '30.43', '38.86']);
    expect(clv.average_order_value).toBeCloseTo((29.73 + 14.96) / 2, 10);
    expect(clv.expected_orders.toFixed(3)).toBe('1.226');
    expect(clv.p_alive).toBeCloseTo(computeProbabilityAlive(model.bg_nbd, { x: 2, t_x: 213 / 7, T: 272 / 7 }), 12);
    expect(clv.expected_order_value).toBeCloseTo(computeExpectedOrderValue(model.gamma_gamma, { x: 2, monetary_value: 22.345 }), 10);
    expect(clv.predicted_clv).toBeCloseTo(clv.expected_orders * clv.expected_order_value, 10);
    expect(clv).toMatchObject({ horizon_days: 273, annual_discount_rate: 0, time_unit: 'weeks', fitted_at: '1997-10-01T00:00:00.000Z' });
    expect(traits.churn_risk).toBeCloseTo(1 - clv.p_alive, 15);
  });

  it('defaults to a one-year horizon and discounts when asked', () => {
    const plain = computeClvTraits(statistics, model, now)!.clv;
    const discounted = computeClvTraits(statistics, model, now, { annual_discount_rate: 0.15 })!.clv;
    expect(plain.horizon_days).toBe(365);
    expect(discounted.expected_orders).toBe(plain.expected_orders);
    expect(discounted.predicted_clv).toBeLessThan(plain.predicted_clv);
    expect(discounted.annual_discount_rate).toBe(0.15);
  });

  it('gives a one-time buyer the population spend and a customer without orders nothing', () => {
    const once = computeClvTraits(collectOrderDayStatistics([{ at: '1997-03-01', value: 12 }]), model, now)!;
    expect(once.clv.average_order_value).toBeNull();
    expect(once.clv.expected_order_value).toBeCloseTo(computeExpectedOrderValue(model.gamma_gamma, { x: 0, monetary_value: null }), 10);
    expect(once.churn_risk).toBe(0); // BG/NBD: no drop-out before a repeat purchase
    expect(computeClvTraits(null, model, now)).toBeNull();
  });

  it('counts an order dated after now (clock skew) as today instead of failing', () => {
    const ahead = computeClvTraits(collectOrderDayStatistics([{ at: '1997-09-01', value: 10 }, { at: '1997-10-01T01:00:00Z', value: 20 }]), model, now)!;
    expect(ahead.clv).toMatchObject({ x: 1 });
    expect(ahead.clv.t_x).toBeCloseTo(ahead.clv.T, 12);
  });

  it('ranks real customers by future value: on UCI Online Retail the top 20 % by predicted CLV bring over 60 % of the next 100 days\' revenue', () => {
    // Calibrate on orders through 2011-08-31, predict 100 days ahead, compare with what each customer
    // actually ordered from 1 September to 9 December 2011.
    const histories = readUciOrderHistories();
    const transactions = histories.flatMap((history) => history.orders.map((order) => ({ customer: history.userId, ...order })));
    const summaries = summarizeTransactions(transactions, { observation_end: '2011-08-31', time_unit: 'days' });
    if (!summaries.ok) throw new Error('summary failed');
    const fitted = fitClvModel(summaries.value, { time_unit: 'days', observation_end: '2011-08-31', fitted_at: '2011-09-01T00:00:00.000Z' });
    if (!fitted.ok) throw new Error(JSON.stringify(fitted.problem));
    const calibrationEnd = Date.parse('2011-08-31T23:00:00Z');
    const rows = histories.flatMap((history) => {
      const traits = computeClvTraits(collectOrderDayStatistics(history.orders, '2011-08-31'), fitted.value, calibrationEnd, { horizon_days: 100 });
      if (!traits) return [];
      const later = history.orders.filter((order) => order.at >= '2011-09-01').reduce((sum, order) => sum + order.value, 0);
      return [{ predicted: traits.clv.predicted_clv, later, pAlive: traits.clv.p_alive }];
    });
    expect(rows).toHaveLength(3317);
    for (const row of rows) expect(row.pAlive).toBeGreaterThanOrEqual(0);
    const total = rows.reduce((sum, row) => sum + row.later, 0);
    const top = [...rows].sort((left, right) => right.predicted - left.predicted).slice(0, Math.round(rows.length * 0.2));
    expect(top.reduce((sum, row) => sum + row.later, 0) / total).toBeGreaterThan(0.6);
  });
});
