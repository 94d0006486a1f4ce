/**
 * A customer's order history reduced to what BG/NBD and Gamma-Gamma need. Orders are counted by UTC
 * calendar DAY, as in the papers and in `lifetimes`: several orders on one day are one purchase
 * occasion whose value is their sum, so a split basket does not look like a loyal repeat buyer.
 *
 * These four numbers are sufficient statistics: x, t_x and T (at any observation end) and the mean
 * repeat-purchase value all follow from them. The runtime can keep them incrementally (the profile's
 * order-day ledger holds exactly this: distinct days and their gross value).
 */
export interface OrderDayStatistics {
  /** UTC calendar day of the first order, `YYYY-MM-DD`. */
  first_order_day: string;
  /** UTC calendar day of the latest order, `YYYY-MM-DD`. */
  last_order_day: string;
  /** Number of distinct days with at least one order, the first day included (≥ 1). */
  order_days: number;
  /** Total value of the orders on every day after the first day (the repeat purchases), in currency units. */
  repeat_value: number;
}

/** One order: its time (ISO-8601 string, `YYYY-MM-DD`, or epoch milliseconds) and value. */
export interface TimedOrder {
  at: string | number;
  value: number;
}

const millisecondsPerDay = 86_400_000;

/** Epoch milliseconds of an ISO-8601 time, a `YYYY-MM-DD` day (UTC midnight) or a number; NaN if invalid. */
export function parseTime(time: string | number): number {
  return typeof time === 'number' ? time : Date.parse(time);
}

/** Days since 1970-01-01 of the UTC calendar day containing `time` (epoch ms). */
export function dayNumberOf(time: number): number {
  return Math.floor(time / millisecondsPerDay);
}

/** `YYYY-MM-DD` of a day number. */
export function dayOfNumber(dayNumber: number): string {
  return new Date(dayNumber * millisecondsPerDay).toISOString().slice(0, 10);
}

/**
 * The order-day statistics of a list of orders (any order), counting only orders on or before
 * `throughDay` (a `YYYY-MM-DD` UTC day) when given. Null when no order counts.
 * Throws on an unparseable time: the runtime's own order list is trusted; client input is checked by
 * `summarizeTransactions` before it gets here.
 *
 * @example
 * collectOrderDayStatistics([{ at: '1997-01-01', value: 29.33 }, { at: '1997-01-18T10:00:00Z', value: 29.73 }])
 * // { first_order_day: '1997-01-01', last_order_day: '1997-01-18', order_days: 2, repeat_value: 29.73 }
 */
export function collectOrderDayStatistics(orders: readonly TimedOrder[], throughDay?: string): OrderDayStatistics | null {
  const lastCountedDay = throughDay === undefined ? Number.POSITIVE_INFINITY : dayNumberOf(parseTime(throughDay));
  if (Number.isNaN(lastCountedDay)) throw new RangeError(`Invalid day "${throughDay}".`);
  const valueByDay = new Map<number, number>();
  for (const order of orders) {
    const time = parseTime(order.at);
    if (Number.isNaN(time)) throw new RangeError(`Invalid order time "${order.at}".`);
    const day = dayNumberOf(time);
    if (day > lastCountedDay) continue;
    valueByDay.set(day, (valueByDay.get(day) ?? 0) + order.value);
  }
  if (valueByDay.size === 0) return null;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const day of valueByDay.keys()) {
    first = Math.min(first, day);
    last = Math.max(last, day);
  }
  let repeatValue = 0;
  for (const [day, value] of valueByDay) if (day !== first) repeatValue += value;
  return {
    first_order_day: dayOfNumber(first),
    last_order_day: dayOfNumber(last),
    order_days: valueByDay.size,
    repeat_value: repeatValue,
  };
}
