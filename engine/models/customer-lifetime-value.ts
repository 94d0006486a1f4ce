import type { BgNbdParameters } from './bg-nbd-likelihood';
import { computeExpectedPurchases } from './bg-nbd-prediction';
import type { CustomerSummary } from './customer-summary';
import { daysPerTimeUnit, type TimeUnit } from './time-unit';

/**
 * Predicted customer lifetime value over a finite horizon: expected future orders (BG/NBD) times the
 * expected order value (Gamma-Gamma), discounted per period:
 *
 *   CLV(H) = Σₖ₌₁..K [E(Y(tₖ)) − E(Y(tₖ₋₁))] · E[M] · (1 + d)^(−tₖ / 365 days)
 *
 * with t₀ = 0 and tₖ = min(k·step, H): the orders expected in each period of `step_days` (default 30,
 * the last one possibly shorter), valued at E[M] and discounted at the annual rate d from the END of
 * their period (as `lifetimes`' customer_lifetime_value does, per month). With d = 0 the sum telescopes
 * to E(Y(H)) · E[M] exactly. Revenue, not margin: multiply by a margin to get profit.
 */
export interface LifetimeValueOptions {
  /** The forecast horizon in days (> 0). */
  horizon_days: number;
  /** Annual discount rate d ≥ 0, e.g. 0.1 for 10 % a year (default 0: no discounting). */
  annual_discount_rate?: number;
  /** Length of the discounting periods in days (default 30). Irrelevant when d = 0. */
  step_days?: number;
}

export interface LifetimeValue {
  /** E(Y(H)): expected orders (purchase days) within the horizon. */
  expected_orders: number;
  /** The discounted value of those orders. */
  predicted_clv: number;
}

/**
 * Expected orders and predicted CLV of one customer over the horizon.
 *
 * @example
 * computeCustomerLifetimeValue({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 'weeks',
 *   { x: 2, t_x: 30.43, T: 38.86, monetary_value: 22.35 }, 30.1, { horizon_days: 273 })
 * // { expected_orders: 1.226, predicted_clv: 36.9 }
 */
export function computeCustomerLifetimeValue(
  parameters: BgNbdParameters,
  timeUnit: TimeUnit,
  customer: CustomerSummary,
  expectedOrderValue: number,
  options: LifetimeValueOptions,
): LifetimeValue {
  const horizon = options.horizon_days;
  const rate = options.annual_discount_rate ?? 0;
  const step = options.step_days ?? 30;
  if (!(horizon > 0 && Number.isFinite(horizon))) throw new RangeError(`horizon_days must be a positive number (got ${horizon}).`);
  if (!(rate >= 0 && Number.isFinite(rate))) throw new RangeError(`annual_discount_rate must be ≥ 0 (got ${rate}).`);
  if (!(step > 0)) throw new RangeError(`step_days must be positive (got ${step}).`);
  const unitDays = daysPerTimeUnit(timeUnit);
  const expectedOrders = computeExpectedPurchases(parameters, customer, horizon / unitDays);
  if (rate === 0) return { expected_orders: expectedOrders, predicted_clv: expectedOrders * expectedOrderValue };

  let value = 0;
  let previousOrders = 0;
  for (let end = Math.min(step, horizon); ; end = Math.min(end + step, horizon)) {
    const orders = end === horizon ? expectedOrders : computeExpectedPurchases(parameters, customer, end / unitDays);
    value += (orders - previousOrders) * expectedOrderValue * Math.pow(1 + rate, -end / 365);
    previousOrders = orders;
    if (end >= horizon) break;
  }
  return { expected_orders: expectedOrders, predicted_clv: value };
}
