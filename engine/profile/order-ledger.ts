/**
 * What the profile keeps about orders beyond the summary traits, in `meta.orders`: exact money sums and
 * the days on which the customer ordered. It is what keeps the traits exact when orders arrive late or
 * two customers merge, and what scoring needs without reading the event history: BG/NBD and Gamma-Gamma
 * take repeat purchases x = distinct order days − 1, t_x and T from the first and last day, and the mean
 * value of the repeat days (same-day orders collapsed, as the papers and `lifetimes` do).
 *
 * - `completedMicros` / `refundedMicros`: Σ amount of Order Completed / Order Refunded in micro-units
 *   (money-amount.ts explains why integers).
 * - `days`: UTC calendar date (`YYYY-MM-DD`) → `[orders, grossMicros]`, Order Completed only.
 * - Bounded: after `maxOrderDays` distinct days the oldest days except the first are folded into
 *   `folded`, which keeps their number, orders and value but not their dates. From then on a late order
 *   dated inside the folded range is counted as falling on a day already known (the only case where the
 *   ledger is approximate, documented in docs/profiles.md).
 */
export interface OrderLedger {
  completedMicros: number;
  refundedMicros: number;
  days: Record<string, OrderDay>;
  folded: FoldedOrderDays | null;
}

/** `[orders, grossMicros]` of one calendar day. */
export type OrderDay = [orders: number, grossMicros: number];

export interface FoldedOrderDays {
  /** The newest folded date; every folded date is after the first order day and on or before this. */
  through: string;
  days: number;
  orders: number;
  grossMicros: number;
}

/** 1,000 distinct days is close to three years of daily orders: at most about 30 KB of the document. */
export const maxOrderDays = 1000;

export function createOrderLedger(): OrderLedger {
  return { completedMicros: 0, refundedMicros: 0, days: {}, folded: null };
}

/** The ledger after one Order Completed worth `micros` on `day` (`YYYY-MM-DD`). */
export function recordOrder(ledger: OrderLedger, day: string, micros: number): OrderLedger {
  return addOrderDay({ ...ledger, completedMicros: ledger.completedMicros + micros }, day, 1, micros);
}

/** The ledger after one Order Refunded worth `micros` (counted positive whatever sign was sent). */
export function recordRefund(ledger: OrderLedger, micros: number): OrderLedger {
  return { ...ledger, refundedMicros: ledger.refundedMicros + Math.abs(micros) };
}

/** Net revenue in micro-units: completed minus refunded. */
export function netMicros(ledger: OrderLedger): number {
  return ledger.completedMicros - ledger.refundedMicros;
}

/** Number of distinct order days, folded ones included. */
export function countOrderDays(ledger: OrderLedger): number {
  return Object.keys(ledger.days).length + (ledger.folded?.days ?? 0);
}

/** Both ledgers together (identity merge). */
export function combineOrderLedgers(a: OrderLedger, b: OrderLedger): OrderLedger {
  let ledger: OrderLedger = {
    ...a,
    completedMicros: a.completedMicros + b.completedMicros,
    refundedMicros: a.refundedMicros + b.refundedMicros,
  };
  for (const day of Object.keys(b.days)) ledger = addOrderDay(ledger, day, b.days[day][0], b.days[day][1]);
  if (b.folded) {
    const folded = ledger.folded;
    ledger = {
      ...ledger,
      folded: {
        through: folded && folded.through > b.folded.through ? folded.through : b.folded.through,
        days: (folded?.days ?? 0) + b.folded.days,
        orders: (folded?.orders ?? 0) + b.folded.orders,
        grossMicros: (folded?.grossMicros ?? 0) + b.folded.grossMicros,
      },
    };
  }
  return ledger;
}

function addOrderDay(ledger: OrderLedger, day: string, orders: number, grossMicros: number): OrderLedger {
  const folded = ledger.folded;
  if (folded && day <= folded.through && !Object.hasOwn(ledger.days, day) && day > firstDay(ledger)) {
    return { ...ledger, folded: { ...folded, orders: folded.orders + orders, grossMicros: folded.grossMicros + grossMicros } };
  }
  const current = Object.hasOwn(ledger.days, day) ? ledger.days[day] : [0, 0];
  const days = { ...ledger.days, [day]: [current[0] + orders, current[1] + grossMicros] as OrderDay };
  return foldOldest({ ...ledger, days });
}

function firstDay(ledger: OrderLedger): string {
  let first = '';
  for (const day of Object.keys(ledger.days)) if (first === '' || day < first) first = day;
  return first;
}

function foldOldest(ledger: OrderLedger): OrderLedger {
  const dates = Object.keys(ledger.days);
  if (dates.length <= maxOrderDays) return ledger;
  dates.sort();
  // Keep the first day: it anchors t_x and T, and its value is left out of the repeat-purchase mean.
  const foldedDates = dates.slice(1, dates.length - maxOrderDays + 1);
  const days = { ...ledger.days };
  let folded = ledger.folded ?? { through: foldedDates[0], days: 0, orders: 0, grossMicros: 0 };
  for (const date of foldedDates) {
    const [orders, grossMicros] = days[date];
    delete days[date];
    folded = {
      through: date > folded.through ? date : folded.through,
      days: folded.days + 1,
      orders: folded.orders + orders,
      grossMicros: folded.grossMicros + grossMicros,
    };
  }
  return { ...ledger, days, folded };
}
