import type { Customer } from '../../schemas/types';

/** One trait's aggregation state on a customer, with the definition revision it was computed for. */
export interface TraitState {
  revision: number;
  data: unknown;
  /**
   * When the oldest event kept leaves the trait's window (epoch ms; null without a window or events):
   * until then, an event of another trait leaves this state and its value untouched.
   */
  next?: number | null;
}

/** The states of one customer's computed traits, by trait id. */
export type TraitStates = Readonly<Record<string, TraitState>>;

/**
 * Where a customer's computed-trait states live: `meta["traitStates:<customer _id>"]`.
 *
 * The key names the customer on purpose. When ingestion merges an anonymous customer into a known
 * one, the profile keeps both customers' other meta keys (docs/profiles.md, "Identity merge"), so the
 * known customer then carries two blocks — its own and the absorbed customer's, including events of
 * the same request that are not stored yet — and the traits stage combines them exactly.
 */
export const traitStatesKeyPrefix = 'traitStates:';

/** When the customer's computed traits or lifecycle stage next change on the clock (ISO), indexed. */
export const traitsDueKey = 'traitsDueAt';

/** The states a customer document carries: its own block, and blocks of customers merged into it. */
export interface CustomerTraitStates {
  own: TraitStates | null;
  foreign: Array<{ customerId: string; states: TraitStates }>;
}

export function readTraitStates(customer: Customer): CustomerTraitStates {
  const meta = (customer.meta ?? {}) as Record<string, unknown>;
  let own: TraitStates | null = null;
  const foreign: CustomerTraitStates['foreign'] = [];
  for (const key of Object.keys(meta)) {
    if (!key.startsWith(traitStatesKeyPrefix)) continue;
    const customerId = key.slice(traitStatesKeyPrefix.length);
    const states = meta[key] as TraitStates;
    if (customerId === customer._id) own = states;
    else foreign.push({ customerId, states });
  }
  foreign.sort((a, b) => (a.customerId < b.customerId ? -1 : 1));
  return { own, foreign };
}

/** When the computed traits and lifecycle stage of the customer next change on the clock, or null. */
export function readTraitsDueAt(customer: Pick<Customer, 'meta'>): string | null {
  const value = (customer.meta as Record<string, unknown> | undefined)?.[traitsDueKey];
  return typeof value === 'string' ? value : null;
}

/**
 * The customer with exactly one state block, its own (none when `states` is empty), every absorbed
 * block removed, and its due time set (removed when null).
 */
export function withTraitStates(customer: Customer, states: TraitStates, dueAt: string | null): Customer {
  if (hasTraitStates(customer, states, dueAt)) return customer;
  const meta: Record<string, unknown> = { ...customer.meta };
  for (const key of Object.keys(meta)) if (key.startsWith(traitStatesKeyPrefix)) delete meta[key];
  if (Object.keys(states).length > 0) meta[traitStatesKeyPrefix + customer._id] = states;
  if (dueAt === null) delete meta[traitsDueKey];
  else meta[traitsDueKey] = dueAt;
  return { ...customer, meta };
}

/**
 * Whether the customer already carries exactly these states (the same block, or none when `states` is
 * empty), no other block, and this due time — so `withTraitStates` can return it unchanged. Most
 * events change no state: keeping the document's `meta` as it is spares the store re-logging it.
 */
function hasTraitStates(customer: Customer, states: TraitStates, dueAt: string | null): boolean {
  const meta = (customer.meta ?? {}) as Record<string, unknown>;
  if ((meta[traitsDueKey] ?? null) !== dueAt) return false;
  const ownKey = traitStatesKeyPrefix + customer._id;
  let hasStates = false;
  for (const key in meta) {
    if (!key.startsWith(traitStatesKeyPrefix)) continue;
    if (key !== ownKey) return false;
    hasStates = true;
  }
  if (!hasStates) return isEmptyRecord(states);
  const own = meta[ownKey] as TraitStates;
  if (own === states) return true;
  // updateComputedTraits builds a new record each time; its entries are the stored ones when unchanged.
  let count = 0;
  for (const id in states) {
    if (own[id] !== states[id]) return false;
    count++;
  }
  return count > 0 && count === Object.keys(own).length;
}

function isEmptyRecord(record: TraitStates): boolean {
  for (const _key in record) return false;
  return true;
}
