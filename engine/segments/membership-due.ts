import type { Customer } from '../../schemas/types';

/**
 * The customer's due time: the earliest instant at which a relative-time segment may change for it
 * with no event (ISO text, so it orders like time in every store). It lives in `meta.segmentsDueAt`,
 * indexed (engine/segments/segment-collections.ts); the clock job re-evaluates customers whose due
 * time has come. Absent when no membership of the customer follows the clock.
 */
export function readDueTime(customer: Pick<Customer, 'meta'>): string | null {
  const value = (customer.meta as Record<string, unknown> | undefined)?.segmentsDueAt;
  return typeof value === 'string' ? value : null;
}

/** The customer with another due time (null removes it). Returns the customer itself when unchanged. */
export function withDueTime(customer: Customer, due: string | null): Customer {
  if (readDueTime(customer) === due) return customer;
  const meta: Record<string, unknown> = { ...customer.meta };
  if (due === null) delete meta.segmentsDueAt;
  else meta.segmentsDueAt = due;
  return { ...customer, meta };
}
