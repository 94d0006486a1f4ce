import type { StoredEvent } from '../../schemas/types';
import type { Filter, StoragePort } from '../store/storage-port';

/** A bounded slice of a customer's stored events within a time window. */
export interface CustomerHistory {
  /** The newest `limit` events of the window, oldest first (event time, then `_id`). */
  events: StoredEvent[];
  /** How many events the window holds in all: more than `events.length` when the bound cut some. */
  total: number;
}

/**
 * A customer's stored events between `from` and `until` (ISO times, both inclusive, either open),
 * oldest first, keeping the newest `limit` when the window holds more. One indexed read
 * (`events_customer_time`), plus a count only when the bound was reached.
 *
 * @example await readCustomerHistory(store, 'ws_1', 'c_1', { from: '2024-01-01T00:00:00.000Z', limit: 2000 }) // { events: [...], total: 2101 }
 */
export async function readCustomerHistory(
  store: StoragePort,
  workspace: string,
  customerId: string,
  window: { from?: string; until?: string; limit: number },
): Promise<CustomerHistory> {
  const timestamp: Record<string, string> = {};
  if (window.from !== undefined) timestamp.$gte = window.from;
  if (window.until !== undefined) timestamp.$lte = window.until;
  const filter: Filter = Object.keys(timestamp).length > 0 ? { customerId, timestamp } : { customerId };
  const events = store.collection<StoredEvent>('events');
  const newest = await events.find(workspace, filter, { sort: { timestamp: -1, _id: -1 }, limit: window.limit });
  const total = newest.length < window.limit ? newest.length : await events.count(workspace, filter);
  return { events: newest.reverse(), total };
}
