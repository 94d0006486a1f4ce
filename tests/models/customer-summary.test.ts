import { describe, expect, it } from 'vitest';
import {
  checkCustomerSummaries,
  collectOrderDayStatistics,
  summarizeOrderDays,
  summarizeTransactions,
  type IdentifiedCustomerSummary,
  type Transaction,
} from '../../engine/models';

function summarize(transactions: Transaction[], observationEnd = '1997-09-30', unit: 'days' | 'weeks' = 'weeks'): IdentifiedCustomerSummary[] {
  const result = summarizeTransactions(transactions, { observation_end: observationEnd, time_unit: unit });
  if (!result.ok) throw new Error(JSON.stringify(result.problem));
  return result.value;
}

describe('summarizeTransactions', () => {
  it('reproduces the papers\' summary of CDNOW customer 4 (x = 2, t_x = 30.43, T = 38.86 weeks)', () => {
    const [customer] = summarize([
      { customer: '00004', at: '1997-01-01', value: 29.33 },
      { customer: '00004', at: '1997-01-18', value: 29.73 },
      { customer: '00004', at: '1997-08-02', value: 14.96 },
      { customer: '00004', at: '1997-12-12', value: 26.48 }, // after the calibration period
    ]);
    expect(customer.customer).toBe('00004');
    expect(customer.x).toBe(2);
    expect(customer.t_x).toBeCloseTo(213 / 7, 12);
    expect(customer.T).toBeCloseTo(272 / 7, 12);
    expect(customer.t_x.toFixed(2)).toBe('30.43');
    expect(customer.T.toFixed(2)).toBe('38.86');
    // Mean of the REPEAT purchases only: the first purchase is not part of m_x.
    expect(customer.monetary_value).toBeCloseTo((29.73 + 14.96) / 2, 12);
  });

  it('collapses same-day purchases into one purchase whose value is their sum', () => {
    const [customer] = summarize([
      { customer: 'c', at: '1997-03-01T09:00:00Z', value: 10 },
      { customer: 'c', at: '1997-03-01T18:00:00Z', value: 5 }, // same day as the first: not a repeat
      { customer: 'c', at: '1997-03-08T08:00:00Z', value: 20 },
      { customer: 'c', at: '1997-03-08T21:00:00Z', value: 30 },
    ], '1997-03-31', 'days');
    expect(customer).toMatchObject({ x: 1, t_x: 7, T: 30, monetary_value: 50 });
  });

  it('uses UTC calendar days', () => {
    // 23:30 at UTC−2 on 1 March is 01:30 UTC on 2 March: a different day from the 1 March order.
    const [customer] = summarize([
      { customer: 'c', at: '1997-03-01T10:00:00Z', value: 1 },
      { customer: 'c', at: '1997-03-01T23:30:00-02:00', value: 1 },
    ], '1997-03-10', 'days');
    expect(customer).toMatchObject({ x: 1, t_x: 1, T: 9 });
  });

  it('counts purchases on the observation end day and ignores later ones and later customers', () => {
    const summaries = summarize([
      { customer: 'a', at: '1997-09-01', value: 1 },
      { customer: 'a', at: '1997-09-30T23:59:59.999Z', value: 2 },
      { customer: 'a', at: '1997-10-01T00:00:00Z', value: 4 },
      { customer: 'b', at: '1997-10-02', value: 8 },
    ], '1997-09-30', 'days');
    expect(summaries).toEqual([{ customer: 'a', first_order_day: '1997-09-01', x: 1, t_x: 29, T: 29, monetary_value: 2 }]);
  });

  it('gives null monetary_value to customers without repeat purchases and keeps first-appearance order', () => {
    const summaries = summarize([
      { customer: 'z', at: '1997-01-05', value: 3 },
      { customer: 'a', at: '1997-01-01', value: 3 },
    ], '1997-01-15', 'days');
    expect(summaries.map((summary) => [summary.customer, summary.x, summary.T, summary.monetary_value])).toEqual([['z', 0, 10, null], ['a', 0, 14, null]]);
  });

  it('points at every invalid transaction and option', () => {
    const result = summarizeTransactions([
      { customer: 'ok', at: '1997-01-01', value: 1 },
      { customer: '', at: 'yesterday', value: Number.NaN },
      { customer: 'x', at: '1997-01-02', value: '3' as unknown as number },
    ], { observation_end: 'soon', time_unit: 'months' as 'days' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe('VALIDATION_FAILED');
    expect(result.problem.details.map((detail) => detail.pointer)).toEqual([
      '/observation_end', '/time_unit', '/transactions/1/customer', '/transactions/1/at', '/transactions/1/value', '/transactions/2/value',
    ]);
  });

  it('caps the list of problems at 50 and says how many more there are', () => {
    const result = summarizeTransactions(Array.from({ length: 80 }, () => ({ customer: 'c', at: 'never', value: 1 })), { observation_end: '1997-01-01', time_unit: 'days' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.details).toHaveLength(51);
    expect(result.problem.details[50].message).toContain('30 more');
  });
});

describe('order-day statistics', () => {
  it('are sufficient: summarizing them equals summarizing the raw orders at any observation end', () => {
    const orders = [
      { at: '2024-01-03T10:00:00Z', value: 40 },
      { at: '2024-01-03T12:00:00Z', value: 10 },
      { at: '2024-02-10T09:00:00Z', value: 25 },
      { at: '2024-03-01T09:00:00Z', value: 35 },
    ];
    const statistics = collectOrderDayStatistics(orders);
    expect(statistics).toEqual({ first_order_day: '2024-01-03', last_order_day: '2024-03-01', order_days: 3, repeat_value: 60 });
    const fromStatistics = summarizeOrderDays(statistics!, { observation_end: '2024-06-30', time_unit: 'days' });
    const fromOrders = summarize(orders.map((order) => ({ customer: 'c', ...order })), '2024-06-30', 'days')[0];
    expect(fromStatistics).toEqual({ x: fromOrders.x, t_x: fromOrders.t_x, T: fromOrders.T, monetary_value: fromOrders.monetary_value });
  });

  it('count only orders through a given day, and none at all gives null', () => {
    expect(collectOrderDayStatistics([{ at: '2024-05-01', value: 1 }], '2024-04-30')).toBeNull();
    expect(collectOrderDayStatistics([])).toBeNull();
  });

  it('refuse an observation end before the first order', () => {
    expect(() => summarizeOrderDays({ first_order_day: '2024-05-01', last_order_day: '2024-05-01', order_days: 1, repeat_value: 0 }, { observation_end: '2024-04-01', time_unit: 'days' })).toThrow(RangeError);
  });
});

describe('checkCustomerSummaries', () => {
  it('accepts valid summaries, including a customer observed for zero time', () => {
    expect(checkCustomerSummaries([{ x: 0, t_x: 0, T: 0, monetary_value: null }, { x: 3, t_x: 10, T: 12, monetary_value: 5 }])).toEqual([]);
  });

  it('points at impossible values', () => {
    const details = checkCustomerSummaries([
      { x: 1.5, t_x: 1, T: 2, monetary_value: null },
      { x: 1, t_x: 5, T: 4, monetary_value: null },
      { x: 2, t_x: 0, T: 4, monetary_value: null },
      { x: 0, t_x: 0, T: -1, monetary_value: null },
    ]);
    expect(details.map((detail) => detail.pointer)).toEqual(['/customers/0/x', '/customers/1/t_x', '/customers/2/t_x', '/customers/3/T', '/customers/3/t_x']);
  });
});
