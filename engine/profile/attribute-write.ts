import type { Customer } from '../../schemas/types';
import { eraseAttributes, mergeAttributes, type StampMap } from './attribute-tree';
import { timeOfStamp, type EventStamp } from './event-stamp';
import { readProfileMeta, withProfileMeta } from './profile-meta';

/** The stamp at a top-level key (an object's own stamp is its newest descendant's), or null. */
export function stampAt(stamps: StampMap, key: string): EventStamp | null {
  const node = Object.hasOwn(stamps, key) ? stamps[key] : undefined;
  return node === undefined ? null : typeof node === 'string' ? node : node[0];
}

/** The latest time a stamp can carry in its 24-character ISO form. */
const lastIsoTime = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * The stamp of a write to one key, computed from what the key held: the step's own, or — when the key
 * was stamped at or after it (an earlier step or another journey in the same millisecond, an identify
 * from a clock running ahead) — one millisecond after that (at the end of time, the same time with a
 * character more), so the write is never silently outranked by the value it was computed from. Each key
 * is moved on its own: a future stamp on one key does not carry the others ahead.
 */
function stampAfter(stamp: EventStamp, current: EventStamp | null): EventStamp {
  if (current === null || current < stamp) return stamp;
  const next = Date.parse(timeOfStamp(current)) + 1;
  return next > lastIsoTime ? `${current}+` : new Date(next).toISOString() + stamp.slice(timeOfStamp(stamp).length);
}

/** Top-level attributes to set and to remove. */
export interface AttributeChange {
  set?: Readonly<Record<string, unknown>>;
  unset?: readonly string[];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Writes attributes that no event brings (a journey's action), each top-level key at its own stamp
 * (stampAfter): a value is written whole — an object replaces what was there, as the journey wrote
 * it — and a removed key keeps its stamp. So a write stamped earlier (an identify that arrives late)
 * does not undo the change, a later one does, and an identity merge keeps it. A key both set and
 * removed is set. Pure; the values are copied.
 */
export function writeCustomerAttributes(customer: Customer, change: AttributeChange, stepStamp: EventStamp): Customer {
  const meta = readProfileMeta(customer);
  const before = { values: customer.attributes, stamps: meta.attributeStamps };
  const set = change.set ?? {};
  let after = before;
  for (const key of change.unset ?? []) {
    if (!Object.hasOwn(set, key)) after = eraseAttributes(after, [key], stampAfter(stepStamp, stampAt(after.stamps, key)));
  }
  for (const [key, value] of Object.entries(set)) {
    const stamp = stampAfter(stepStamp, stampAt(after.stamps, key));
    if (isPlainObject(value)) {
      // Whole, not merged into the old object: erased at the stamp, then written just after it.
      after = eraseAttributes(after, [key], stamp);
      after = mergeAttributes(after, { [key]: structuredClone(value) }, `${stamp}+`);
    } else {
      after = mergeAttributes(after, { [key]: structuredClone(value) }, stamp);
    }
  }
  if (after === before) return customer;
  return { ...customer, attributes: after.values, meta: withProfileMeta(customer, { ...meta, attributeStamps: after.stamps }) };
}
