import type { Customer } from '../../schemas/types';
import { eraseAttributes, mergeAttributes } from './attribute-tree';
import type { EventStamp } from './event-stamp';
import { readProfileMeta, withProfileMeta } from './profile-meta';

/** Top-level attributes to set and to remove. */
export interface AttributeChange {
  set?: Readonly<Record<string, unknown>>;
  unset?: readonly string[];
}

/**
 * Writes attributes that no event brings (a journey's action) as an identify at `stamp` would: set
 * values merge like identify traits (an object key by key), removed keys keep their stamp, so a write
 * stamped earlier — an identify that arrives late — does not undo the change, a later one does, and
 * an identity merge keeps it. A key both set and removed is set. Pure; the values are copied.
 */
export function writeCustomerAttributes(customer: Customer, change: AttributeChange, stamp: EventStamp): Customer {
  const meta = readProfileMeta(customer);
  const before = { values: customer.attributes, stamps: meta.attributeStamps };
  const set = change.set ?? {};
  const unset = (change.unset ?? []).filter((key) => !Object.hasOwn(set, key));
  let after = unset.length > 0 ? eraseAttributes(before, unset, stamp) : before;
  if (Object.keys(set).length > 0) after = mergeAttributes(after, structuredClone(set) as Record<string, unknown>, stamp);
  if (after === before) return customer;
  return { ...customer, attributes: after.values, meta: withProfileMeta(customer, { ...meta, attributeStamps: after.stamps }) };
}
