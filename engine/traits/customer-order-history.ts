import type { Customer } from '../../schemas/types';
import type { OrderDayStatistics } from '../models/index';
import { readProfileMeta } from '../profile/index';
import type { LifecycleHistory } from './lifecycle-stage';

const microsPerUnit = 1_000_000;

/**
 * What the marketing traits read from a customer's order-day ledger (`meta.orders`, kept by the
 * profile; docs/profiles.md): the order-day statistics of BG/NBD and Gamma-Gamma and the order times of
 * the lifecycle stage, as the table "What the runtime passes" in docs/traits.md defines them.
 */

/** Sorted `YYYY-MM-DD` days of the ledger (folded days are not listed). */
function ledgerDaysOf(customer: Customer): string[] {
  return Object.keys(readProfileMeta(customer).orders.days).sort();
}

/**
 * The customer's order-day statistics, counting only days on or before `throughDay` (`YYYY-MM-DD`)
 * when given. Null without an order by then. `undefined` when the ledger cannot say: days were folded
 * (more than 1,000 order days) and `throughDay` falls inside the folded range — read the events then.
 *
 * @example orderDayStatisticsOf(customer) // { first_order_day: '2011-01-05', last_order_day: '2011-11-30', order_days: 9, repeat_value: 1830.2 }
 */
export function orderDayStatisticsOf(customer: Customer, throughDay?: string): OrderDayStatistics | null | undefined {
  const ledger = readProfileMeta(customer).orders;
  const days = ledgerDaysOf(customer).filter((day) => throughDay === undefined || day <= throughDay);
  if (days.length === 0) return null;
  const folded = ledger.folded;
  if (folded && throughDay !== undefined && folded.through > throughDay) return undefined;
  let grossMicros = folded?.grossMicros ?? 0;
  for (const day of days) grossMicros += ledger.days[day][1];
  const firstDay = days[0];
  const lastDay = folded && folded.through > days[days.length - 1] ? folded.through : days[days.length - 1];
  return {
    first_order_day: firstDay,
    last_order_day: lastDay,
    order_days: days.length + (folded?.days ?? 0),
    repeat_value: (grossMicros - ledger.days[firstDay][1]) / microsPerUnit,
  };
}

/**
 * The lifecycle stage's input: the exact first and last order times, the ledger's other order days
 * (each as its UTC midnight), and when the customer was first seen.
 */
export function lifecycleHistoryOf(customer: Customer): LifecycleHistory {
  const { first_order_at: firstOrderAt, last_order_at: lastOrderAt, first_seen_at: firstSeenAt } = customer.traits;
  if (!firstOrderAt || !lastOrderAt) return { order_times: [], first_seen_at: firstSeenAt ?? null };
  const days = ledgerDaysOf(customer);
  const middle = days.slice(1, -1).filter((day) => day > firstOrderAt.slice(0, 10) && day < lastOrderAt.slice(0, 10));
  return { order_times: [firstOrderAt, ...middle, lastOrderAt], first_seen_at: firstSeenAt ?? null };
}
