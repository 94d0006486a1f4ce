import type { Customer } from '../../schemas/types';
import type { StampMap } from './attribute-tree';
import type { EventStamp } from './event-stamp';
import { createOrderLedger, type OrderLedger } from './order-ledger';

/**
 * The profile's bookkeeping in `customer.meta` (never a condition fact, not shown by the customer API):
 *
 * - `attributeStamps`: the stamp (event time + messageId) that set each attribute path (attribute-tree.ts);
 * - `orders`: exact money sums and order days (order-ledger.ts);
 * - `mergedFrom`: `_id`s of the anonymous customers merged into this one, so merging twice changes nothing;
 * - `timezoneStamp`: the stamp of the event whose `context.timezone` set `traits.timezone` (absent until one did).
 *
 * Other areas may keep their own keys in `meta`; the profile functions carry them over untouched.
 */
export interface ProfileMeta {
  attributeStamps: StampMap;
  orders: OrderLedger;
  mergedFrom: string[];
  timezoneStamp?: EventStamp;
}

export function createProfileMeta(): ProfileMeta {
  return { attributeStamps: {}, orders: createOrderLedger(), mergedFrom: [] };
}

/** The profile's part of a customer's `meta`, with defaults for a document written before it existed. */
export function readProfileMeta(customer: Customer): ProfileMeta {
  const meta = (customer.meta ?? {}) as Partial<ProfileMeta>;
  const profileMeta: ProfileMeta = {
    attributeStamps: meta.attributeStamps ?? {},
    orders: meta.orders ?? createOrderLedger(),
    mergedFrom: meta.mergedFrom ?? [],
  };
  // Only when set: a key holding undefined would be written as null by some stores.
  if (meta.timezoneStamp !== undefined) profileMeta.timezoneStamp = meta.timezoneStamp;
  return profileMeta;
}

/** `customer.meta` with the profile's part replaced and every other key kept. */
export function withProfileMeta(customer: Customer, profileMeta: ProfileMeta): NonNullable<Customer['meta']> {
  return { ...customer.meta, ...profileMeta };
}
