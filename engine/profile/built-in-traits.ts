import type { CustomerTraits } from '../../schemas/types';
import { isSafeAttributeKey } from './attribute-tree';
import { fromMicros } from './money-amount';
import { netMicros, type OrderLedger } from './order-ledger';

/**
 * The built-in traits, kept current on every event by event time (definitions in docs/profiles.md):
 * `first_seen_at`, `last_seen_at`, `events_count`, `event_counts`, `orders_count`, `first_order_at`,
 * `last_order_at`, `revenue_total`, `average_order_value`, `timezone`. Counts and min/max times are
 * order-independent by nature; money comes from the integer sums of the order ledger; `timezone` (the
 * device's, from `context.timezone`) is kept by event stamp in applyEventToCustomer and mergeCustomers.
 */
export type BuiltInTraits = Required<
  Pick<
    CustomerTraits,
    'events_count' | 'orders_count' | 'revenue_total' | 'first_order_at' | 'last_order_at' | 'average_order_value' | 'event_counts'
  >
> &
  Pick<CustomerTraits, 'first_seen_at' | 'last_seen_at' | 'timezone'>;

export const builtInTraitNames = [
  'first_seen_at',
  'last_seen_at',
  'events_count',
  'event_counts',
  'orders_count',
  'first_order_at',
  'last_order_at',
  'revenue_total',
  'average_order_value',
  'timezone',
] as const;

/** The track event that counts as an order, and the one that takes revenue back (Segment e-commerce spec). */
export const orderCompletedEvent = 'Order Completed';
export const orderRefundedEvent = 'Order Refunded';

/** Built-in traits of a customer with no events yet. */
export function createBuiltInTraits(): BuiltInTraits {
  return {
    events_count: 0,
    event_counts: {},
    orders_count: 0,
    first_order_at: null,
    last_order_at: null,
    revenue_total: 0,
    average_order_value: null,
  };
}

/** Traits after one more event at `time` (counted as `countedName` in event_counts, if any). */
export function countEventInTraits(traits: CustomerTraits, time: string, countedName: string | null): CustomerTraits {
  const next: CustomerTraits = {
    ...traits,
    events_count: (traits.events_count ?? 0) + 1,
    first_seen_at: earlierOf(traits.first_seen_at, time),
    last_seen_at: laterOf(traits.last_seen_at, time),
  };
  if (countedName !== null && isSafeAttributeKey(countedName)) {
    const counts = traits.event_counts ?? {};
    next.event_counts = { ...counts, [countedName]: (Object.hasOwn(counts, countedName) ? counts[countedName] : 0) + 1 };
  }
  return next;
}

/** Traits after one more Order Completed at `time`; money traits are refreshed from the ledger separately. */
export function countOrderInTraits(traits: CustomerTraits, time: string): CustomerTraits {
  const next = { ...traits };
  setOrderInTraits(next, time);
  return next;
}

/**
 * `countOrderInTraits` on a traits object the caller owns and has not shared yet (it changes it in
 * place: the ingestion path builds one copy per event instead of one per helper).
 */
export function setOrderInTraits(traits: CustomerTraits, time: string): void {
  traits.orders_count = (traits.orders_count ?? 0) + 1;
  traits.first_order_at = earlierOf(traits.first_order_at ?? undefined, time);
  traits.last_order_at = laterOf(traits.last_order_at ?? undefined, time);
}

/**
 * `revenue_total` = net revenue (Σ Order Completed − Σ Order Refunded); `average_order_value` = net
 * revenue / orders_count rounded to micro-units, null without orders.
 */
export function withMoneyTraits(traits: CustomerTraits, ledger: OrderLedger): CustomerTraits {
  const next = { ...traits };
  setMoneyTraits(next, ledger);
  return next;
}

/** `withMoneyTraits` on a traits object the caller owns and has not shared yet (changed in place). */
export function setMoneyTraits(traits: CustomerTraits, ledger: OrderLedger): void {
  const net = netMicros(ledger);
  const orders = traits.orders_count ?? 0;
  traits.revenue_total = fromMicros(net);
  traits.average_order_value = orders > 0 ? fromMicros(Math.round(net / orders)) : null;
}

/**
 * The built-in traits of two customers together (identity merge); other traits are not touched here.
 * `timezone` stays `a`'s: which zone is later needs the stamps in `meta` (mergeCustomers decides).
 */
export function combineBuiltInTraits(a: CustomerTraits, b: CustomerTraits): CustomerTraits {
  const counts: Record<string, number> = { ...(a.event_counts ?? {}) };
  for (const [name, count] of Object.entries(b.event_counts ?? {})) {
    if (!isSafeAttributeKey(name)) continue;
    counts[name] = (Object.hasOwn(counts, name) ? counts[name] : 0) + count;
  }
  const combined: CustomerTraits = {
    ...a,
    events_count: (a.events_count ?? 0) + (b.events_count ?? 0),
    event_counts: counts,
    orders_count: (a.orders_count ?? 0) + (b.orders_count ?? 0),
    first_order_at: earlierOf(a.first_order_at ?? undefined, b.first_order_at ?? undefined) ?? null,
    last_order_at: laterOf(a.last_order_at ?? undefined, b.last_order_at ?? undefined) ?? null,
  };
  const firstSeen = earlierOf(a.first_seen_at, b.first_seen_at);
  const lastSeen = laterOf(a.last_seen_at, b.last_seen_at);
  if (firstSeen !== undefined) combined.first_seen_at = firstSeen;
  if (lastSeen !== undefined) combined.last_seen_at = lastSeen;
  return combined;
}

function earlierOf(a: string | undefined, b: string): string;
function earlierOf(a: string | undefined, b: string | undefined): string | undefined;
function earlierOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

function laterOf(a: string | undefined, b: string): string;
function laterOf(a: string | undefined, b: string | undefined): string | undefined;
function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}
