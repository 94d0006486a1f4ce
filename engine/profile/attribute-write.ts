import type { Customer } from '../../schemas/types';
import { eraseAttributes, mergeAttributes, type StampMap } from './attribute-tree';
import { timeOfStamp, type EventStamp } from './event-stamp';
import { readProfileMeta, withProfileMeta } from './profile-meta';

/** The newest stamp at the keys (an object's own stamp is its newest descendant's), or null. */
function newestStampOf(stamps: StampMap, keys: readonly string[]): EventStamp | null {
  let newest: EventStamp | null = null;
  for (const key of keys) {
    const node = Object.hasOwn(stamps, key) ? stamps[key] : undefined;
    const nodeStamp = node === undefined ? null : typeof node === 'string' ? node : node[0];
    if (nodeStamp !== null && (newest === null || nodeStamp > newest)) newest = nodeStamp;
  }
  return newest;
}

/**
 * The stamp of a write computed from what it read: its own, or — when a key it touches was stamped at
 * or after it (an earlier step or another journey in the same millisecond, an identify from a clock
 * running ahead) — one millisecond after that, so it is never silently outranked by the value it was
 * computed from.
 */
function stampAfter(stamp: EventStamp, newest: EventStamp | null): EventStamp {
  if (newest === null || newest < stamp) return stamp;
  return new Date(Date.parse(timeOfStamp(newest)) + 1).toISOString() + stamp.slice(timeOfStamp(stamp).length);
}

/** Top-level attributes to set and to remove. */
export interface AttributeChange {
  set?: Readonly<Record<string, unknown>>;
  unset?: readonly string[];
}

/**
 * Writes attributes that no event brings (a journey's action) as an identify at the step's stamp would
 * (moved past the keys' own stamps when needed: stampAfter): set values merge like identify traits (an
 * object key by key), removed keys keep their stamp, so a write stamped earlier — an identify that
 * arrives late — does not undo the change, a later one does, and an identity merge keeps it. A key
 * both set and removed is set. Pure; the values are copied.
 */
export function writeCustomerAttributes(customer: Customer, change: AttributeChange, stepStamp: EventStamp): Customer {
  const meta = readProfileMeta(customer);
  const before = { values: customer.attributes, stamps: meta.attributeStamps };
  const set = change.set ?? {};
  const unset = (change.unset ?? []).filter((key) => !Object.hasOwn(set, key));
  const stamp = stampAfter(stepStamp, newestStampOf(meta.attributeStamps, [...Object.keys(set), ...unset]));
  let after = unset.length > 0 ? eraseAttributes(before, unset, stamp) : before;
  if (Object.keys(set).length > 0) after = mergeAttributes(after, structuredClone(set) as Record<string, unknown>, stamp);
  if (after === before) return customer;
  return { ...customer, attributes: after.values, meta: withProfileMeta(customer, { ...meta, attributeStamps: after.stamps }) };
}
