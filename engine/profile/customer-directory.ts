import type { Customer, StoredEvent } from '../../schemas/types';
import { ok, type Result } from '../errors/index';
import type { Filter, StoragePort } from '../store/storage-port';
import { decodeCursor, encodeCursor } from './page-cursor';

/** The customer as the API shows it: everything but `meta`, which is bookkeeping, not a fact. */
export type CustomerView = Omit<Customer, 'meta'>;

export interface CustomerPage {
  customers: CustomerView[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

export interface CustomerEventPage {
  /** Newest first. */
  events: StoredEvent[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: string | null;
}

/** Page sizes of the customer API. */
export const defaultPageSize = 50;
export const maxPageSize = 500;

/** The API view of a customer document. */
export function toCustomerView(customer: Customer): CustomerView {
  const { meta: _meta, ...view } = customer;
  return view;
}

/** The customer with this userId, or null. */
export async function findCustomerByUserId(store: StoragePort, workspace: string, userId: string): Promise<Customer | null> {
  return store.collection<Customer>('customers').findOne(workspace, { userId });
}

/**
 * One page of the workspace's customers in `_id` order (roughly creation order), after the cursor;
 * with `anonymousId`, only the customers that have used it. That is usually one, but a shared device
 * can link one anonymousId to several known customers over time, so the answer is a list.
 *
 * @example await listCustomers(store, 'ws_1', { limit: 100 }) // { customers: [...], next: '5b22…' }
 */
export async function listCustomers(
  store: StoragePort,
  workspace: string,
  page: { limit?: number; after?: string; anonymousId?: string },
): Promise<Result<CustomerPage>> {
  const limit = clampPageSize(page.limit);
  const filter: Filter = page.anonymousId === undefined ? {} : { anonymousIds: page.anonymousId };
  if (page.after !== undefined) {
    const cursor = decodeCursor(page.after, 1, 'after');
    if (!cursor.ok) return cursor;
    filter._id = { $gt: cursor.value[0] };
  }
  const found = await store.collection<Customer>('customers').find(workspace, filter, { sort: { _id: 1 }, limit: limit + 1 });
  const customers = found.slice(0, limit);
  const last = customers[customers.length - 1];
  return ok({ customers: customers.map(toCustomerView), next: found.length > limit ? encodeCursor([last._id]) : null });
}

/**
 * One page of a customer's timeline, newest first by event time. Events with equal timestamps are
 * ordered by `_id`, and the cursor holds both, so paging never skips or repeats an event even when
 * many share one millisecond.
 */
export async function listCustomerEvents(
  store: StoragePort,
  workspace: string,
  customerId: string,
  page: { limit?: number; before?: string },
): Promise<Result<CustomerEventPage>> {
  const limit = clampPageSize(page.limit);
  let filter: Filter = { customerId };
  if (page.before !== undefined) {
    const cursor = decodeCursor(page.before, 2, 'before');
    if (!cursor.ok) return cursor;
    const [timestamp, id] = cursor.value;
    filter = { customerId, $or: [{ timestamp: { $lt: timestamp } }, { timestamp, _id: { $lt: id } }] };
  }
  const found = await store.collection<StoredEvent>('events').find(workspace, filter, { sort: { timestamp: -1, _id: -1 }, limit: limit + 1 });
  const events = found.slice(0, limit);
  const last = events[events.length - 1];
  return ok({ events, next: found.length > limit ? encodeCursor([last.timestamp, last._id]) : null });
}

function clampPageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return defaultPageSize;
  return Math.min(maxPageSize, Math.max(1, Math.floor(limit)));
}
