import {
  computeCustomerLifetimeValue,
  computeExpectedOrderValue,
  computeProbabilityAlive,
  dayOfNumber,
  dayNumberOf,
  summarizeOrderDays,
  type ClvModel,
  type ModelTimeUnit,
  type OrderDayStatistics,
} from '../models';

/**
 * `traits.clv` and `traits.churn_risk` of one customer from a fitted CLV model (BG/NBD + Gamma-Gamma,
 * see engine/models) and the customer's order-day statistics. The trait shows its inputs (x, t_x, T,
 * the observed mean repeat value) next to its outputs so a marketer can see why a customer scores as
 * they do.
 */
export interface ClvTrait {
  /** Repeat purchase days (distinct order days − 1). */
  x: number;
  /** Time from the first to the last purchase day, in `time_unit`. */
  t_x: number;
  /** Time from the first purchase day to today, in `time_unit`. */
  T: number;
  /** Observed mean value of the repeat purchase days (Gamma-Gamma's m_x); null without repeat purchases. */
  average_order_value: number | null;
  /** P(alive): probability the customer is still an active buyer. */
  p_alive: number;
  /** Expected orders (purchase days) in the next `horizon_days`. */
  expected_orders: number;
  /** Expected value of each future order (Gamma-Gamma). */
  expected_order_value: number;
  /** Expected revenue in the next `horizon_days`, discounted at `annual_discount_rate`. */
  predicted_clv: number;
  horizon_days: number;
  annual_discount_rate: number;
  time_unit: ModelTimeUnit;
  /** When the model this used was fitted. */
  fitted_at: string;
}

export interface ClvTraits {
  clv: ClvTrait;
  /** 1 − p_alive. */
  churn_risk: number;
}

export interface ClvTraitOptions {
  /** Forecast horizon in days (default 365). */
  horizon_days?: number;
  /** Annual discount rate (default 0). */
  annual_discount_rate?: number;
}

/**
 * The CLV traits at `now` (epoch ms), or null for a customer without orders (no CLV to speak of; the
 * runtime leaves `traits.clv` and `traits.churn_risk` null). `statistics` are the customer's order-day
 * statistics — the profile's order-day ledger gives them directly (gross micros / 1e6 for
 * `repeat_value`); an order dated after `now` counts as today. T is measured to today's UTC day.
 *
 * @example
 * computeClvTraits({ first_order_day: '1997-01-01', last_order_day: '1997-08-02', order_days: 3, repeat_value: 44.69 },
 *   cdnowModel, Date.parse('1997-09-30'), { horizon_days: 273 })
 * // { clv: { x: 2, t_x: 30.43, T: 38.86, p_alive: 0.73, expected_orders: 1.23, … }, churn_risk: 0.27 }
 */
export function computeClvTraits(statistics: OrderDayStatistics | null, model: ClvModel, now: number, options: ClvTraitOptions = {}): ClvTraits | null {
  if (!statistics) return null;
  const horizonDays = options.horizon_days ?? 365;
  const discountRate = options.annual_discount_rate ?? 0;
  const today = dayOfNumber(dayNumberOf(now));
  // An order dated after now (residual clock skew) counts as today rather than making T negative.
  const observationEnd = statistics.last_order_day > today ? statistics.last_order_day : today;
  const summary = summarizeOrderDays(statistics, { observation_end: observationEnd, time_unit: model.time_unit });
  const { bg_nbd: bgNbd, gamma_gamma: gammaGamma } = model;
  const pAlive = computeProbabilityAlive(bgNbd, summary);
  const expectedOrderValue = computeExpectedOrderValue(gammaGamma, summary);
  const value = computeCustomerLifetimeValue(bgNbd, model.time_unit, summary, expectedOrderValue, {
    horizon_days: horizonDays,
    annual_discount_rate: discountRate,
  });
  return {
    clv: {
      x: summary.x,
      t_x: summary.t_x,
      T: summary.T,
      average_order_value: summary.monetary_value,
      p_alive: pAlive,
      expected_orders: value.expected_orders,
      expected_order_value: expectedOrderValue,
      predicted_clv: value.predicted_clv,
      horizon_days: horizonDays,
      annual_discount_rate: discountRate,
      time_unit: model.time_unit,
      fitted_at: model.fitted_at,
    },
    churn_risk: 1 - pAlive,
  };
}
