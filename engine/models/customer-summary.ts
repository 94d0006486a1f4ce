import { createProblem, fail, ok, toPointer, type ProblemDetail, type Result } from '../errors';
import {
  collectOrderDayStatistics,
  dayNumberOf,
  parseTime,
  type OrderDayStatistics,
} from './order-day-statistics';
import { daysPerTimeUnit, isTimeUnit, timeUnits, type TimeUnit } from './time-unit';

/**
 * One customer as BG/NBD and Gamma-Gamma see them ("recency-frequency-monetary summary"), in the
 * model's time unit. Observation starts at the customer's first purchase (day 0).
 */
export interface CustomerSummary {
  /** Repeat purchases: distinct order days − 1. */
  x: number;
  /** Time from the first purchase day to the last purchase day (0 when x = 0). */
  t_x: number;
  /** Time from the first purchase day to the observation end day (the customer's "age"). */
  T: number;
  /** Mean value of the repeat purchase days (Gamma-Gamma's m_x); null when x = 0. */
  monetary_value: number | null;
}

/** A summary with the customer it belongs to, as `summarizeTransactions` returns them. */
export interface IdentifiedCustomerSummary extends CustomerSummary {
  customer: string;
  first_order_day: string;
}

/** One raw transaction: a customer id, its time (ISO-8601, `YYYY-MM-DD` or epoch ms) and its value. */
export interface Transaction {
  customer: string;
  at: string | number;
  value: number;
}

export interface SummaryOptions {
  /**
   * The last day of the observation (calibration) period, as an ISO-8601 time or `YYYY-MM-DD`; only
   * its UTC calendar day matters: purchases on that day count, T is measured to that day.
   */
  observation_end: string | number;
  time_unit: TimeUnit;
}

/** At most this many offending places are listed in a problem's details. */
const maximumDetails = 50;

/**
 * The summary of one customer from their order-day statistics at `observation_end`.
 * t_x and T are whole days divided by the unit's length (CDNOW: 213 days → t_x = 30.43 weeks).
 * Throws a RangeError when the first order day is after the observation end (a caller bug).
 *
 * @example
 * summarizeOrderDays({ first_order_day: '1997-01-01', last_order_day: '1997-08-02', order_days: 3, repeat_value: 44.69 },
 *   { observation_end: '1997-09-30', time_unit: 'weeks' })
 * // { x: 2, t_x: 30.428…, T: 38.857…, monetary_value: 22.345 }
 */
export function summarizeOrderDays(statistics: OrderDayStatistics, options: SummaryOptions): CustomerSummary {
  const endDay = dayNumberOf(parseTime(options.observation_end));
  const firstDay = dayNumberOf(parseTime(statistics.first_order_day));
  const lastDay = dayNumberOf(parseTime(statistics.last_order_day));
  if (!(firstDay <= lastDay && lastDay <= endDay)) {
    throw new RangeError(`Order days ${statistics.first_order_day}…${statistics.last_order_day} do not fall before the observation end ${String(options.observation_end)}.`);
  }
  const unit = daysPerTimeUnit(options.time_unit);
  const x = statistics.order_days - 1;
  return {
    x,
    t_x: (lastDay - firstDay) / unit,
    T: (endDay - firstDay) / unit,
    monetary_value: x > 0 ? statistics.repeat_value / x : null,
  };
}

/**
 * Per-customer summaries from raw transactions, following the papers' conventions: observation starts
 * at each customer's first purchase; purchases are collapsed by UTC calendar day (same-day purchases are
 * one purchase whose value is their sum); purchases after `observation_end`'s day are ignored, and so
 * are customers whose first purchase is after it. Customers come out in order of first appearance.
 * A `VALIDATION_FAILED` problem points at every invalid transaction (up to 50).
 */
export function summarizeTransactions(transactions: readonly Transaction[], options: SummaryOptions): Result<IdentifiedCustomerSummary[]> {
  const details: ProblemDetail[] = [];
  if (Number.isNaN(parseTime(options.observation_end))) {
    details.push({ pointer: '/observation_end', message: 'observation_end must be an ISO-8601 time or a YYYY-MM-DD day.' });
  }
  if (!isTimeUnit(options.time_unit)) {
    details.push({ pointer: '/time_unit', message: `time_unit must be one of ${timeUnits.join(', ')}.` });
  }
  const ordersByCustomer = new Map<string, Array<{ at: number; value: number }>>();
  transactions.forEach((transaction, index) => {
    const problems = checkTransaction(transaction, index);
    if (problems.length > 0) {
      details.push(...problems);
      return;
    }
    const orders = ordersByCustomer.get(transaction.customer) ?? [];
    orders.push({ at: parseTime(transaction.at), value: transaction.value });
    ordersByCustomer.set(transaction.customer, orders);
  });
  if (details.length > 0) return fail(createProblem('VALIDATION_FAILED', capDetails(details)));

  const endDay = new Date(parseTime(options.observation_end)).toISOString().slice(0, 10);
  const summaries: IdentifiedCustomerSummary[] = [];
  for (const [customer, orders] of ordersByCustomer) {
    const statistics = collectOrderDayStatistics(orders, endDay);
    if (!statistics) continue;
    summaries.push({ customer, first_order_day: statistics.first_order_day, ...summarizeOrderDays(statistics, options) });
  }
  return ok(summaries);
}

/**
 * Everything wrong with model input summaries, as problem details pointing into `/customers/<i>`:
 * x a whole number ≥ 0, 0 ≤ t_x ≤ T finite, and t_x > 0 when x > 0 (repeat purchases happen on later days).
 */
export function checkCustomerSummaries(customers: readonly CustomerSummary[]): ProblemDetail[] {
  const details: ProblemDetail[] = [];
  customers.forEach((customer, index) => {
    const at = (field: string): string => toPointer(['customers', index, field]);
    const { x, t_x: recency, T: age } = customer;
    if (!(Number.isInteger(x) && x >= 0)) details.push({ pointer: at('x'), message: 'x (repeat purchases) must be a whole number ≥ 0.' });
    if (!(Number.isFinite(age) && age >= 0)) details.push({ pointer: at('T'), message: 'T (age since the first purchase) must be a finite number ≥ 0.' });
    if (!(Number.isFinite(recency) && recency >= 0 && recency <= age)) {
      details.push({ pointer: at('t_x'), message: 't_x (time of the last purchase) must be a finite number between 0 and T.' });
    } else if (x > 0 && recency === 0) {
      details.push({ pointer: at('t_x'), message: 'A customer with repeat purchases (x > 0) has t_x > 0: repeat purchases fall on later days.' });
    }
  });
  return capDetails(details);
}

function checkTransaction(transaction: Transaction, index: number): ProblemDetail[] {
  const at = (field: string): string => toPointer(['transactions', index, field]);
  const problems: ProblemDetail[] = [];
  if (typeof transaction.customer !== 'string' || transaction.customer === '') {
    problems.push({ pointer: at('customer'), index, message: 'customer must be a non-empty string.' });
  }
  if (!((typeof transaction.at === 'string' || typeof transaction.at === 'number') && Number.isFinite(parseTime(transaction.at)))) {
    problems.push({ pointer: at('at'), index, message: 'at must be an ISO-8601 time, a YYYY-MM-DD day or epoch milliseconds.' });
  }
  if (typeof transaction.value !== 'number' || !Number.isFinite(transaction.value)) {
    problems.push({ pointer: at('value'), index, message: 'value must be a finite number.' });
  }
  return problems;
}

function capDetails(details: ProblemDetail[]): ProblemDetail[] {
  if (details.length <= maximumDetails) return details;
  return [...details.slice(0, maximumDetails), { message: `…and ${details.length - maximumDetails} more problems of the same kinds.` }];
}
