import { describe, expect, it } from 'vitest';
import { computeCustomerLifetimeValue, computeExpectedPurchases, type BgNbdParameters, type CustomerSummary } from '../../engine/models';

const weekly: BgNbdParameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
const customer: CustomerSummary = { x: 2, t_x: 30.43, T: 38.86, monetary_value: 22.35 };

describe('computeCustomerLifetimeValue', () => {
  it('without discounting is expected orders × expected order value', () => {
    const value = computeCustomerLifetimeValue(weekly, 'weeks', customer, 30, { horizon_days: 273 });
    expect(value.expected_orders).toBeCloseTo(computeExpectedPurchases(weekly, customer, 39), 12);
    expect(value.predicted_clv).toBeCloseTo(value.expected_orders * 30, 12);
  });

  it('converts the horizon from days into the model\'s time unit', () => {
    // The same model in days: α scales by 7, r, a, b do not; t_x and T are in days.
    const daily: BgNbdParameters = { ...weekly, alpha: weekly.alpha * 7 };
    const inDays = { ...customer, t_x: customer.t_x * 7, T: customer.T * 7 };
    const weeks = computeCustomerLifetimeValue(weekly, 'weeks', customer, 30, { horizon_days: 365 });
    const days = computeCustomerLifetimeValue(daily, 'days', inDays, 30, { horizon_days: 365 });
    expect(days.expected_orders).toBeCloseTo(weeks.expected_orders, 12);
  });

  it('discounts each period\'s expected orders from the end of the period', () => {
    const rate = 0.12;
    const value = computeCustomerLifetimeValue(weekly, 'weeks', customer, 30, { horizon_days: 365, annual_discount_rate: rate });
    let expected = 0;
    let previous = 0;
    for (let end = 30; ; end = Math.min(end + 30, 365)) {
      const orders = computeExpectedPurchases(weekly, customer, end / 7);
      expected += (orders - previous) * 30 * Math.pow(1 + rate, -end / 365);
      previous = orders;
      if (end === 365) break;
    }
    expect(value.predicted_clv).toBeCloseTo(expected, 10);
    expect(value.predicted_clv).toBeLessThan(value.expected_orders * 30);
  });

  it('is worth less the higher the discount rate, and finer periods discount slightly less', () => {
    const at = (rate: number, step?: number): number =>
      computeCustomerLifetimeValue(weekly, 'weeks', customer, 30, { horizon_days: 730, annual_discount_rate: rate, step_days: step }).predicted_clv;
    expect(at(0.05)).toBeGreaterThan(at(0.1));
    expect(at(0.1)).toBeGreaterThan(at(0.3));
    expect(at(0.1, 1)).toBeGreaterThan(at(0.1, 30));
  });

  it('refuses a non-positive horizon or a negative rate', () => {
    expect(() => computeCustomerLifetimeValue(weekly, 'weeks', customer, 30, { horizon_days: 0 })).toThrow(RangeError);
    expect(() => computeCustomerLifetimeValue(weekly, 'weeks', customer, 30, { horizon_days: 30, annual_discount_rate: -0.1 })).toThrow(RangeError);
  });
});
