import type { Customer } from '../../schemas/types';
import { stampAt } from './attribute-write';
import type { EventStamp } from './event-stamp';
import { readProfileMeta } from './profile-meta';
import { withFields } from '../store/index';

/** Changes kept one by one; the oldest are composed into one when there are more. */
export const maxLedgerChanges = 20;

/**
 * How an attribute that journeys change step by step (a points balance, a tag list) came to hold its
 * value, so that an identity merge can combine two customers' changes instead of keeping one value:
 *
 * - `base`: the attribute's last absolute write — an identify, an import, an "update attributes" step —
 *   as its stamp (null: from before stamps, or never written) and value;
 * - `changes`: every change since, oldest first, as `[stamp, change]`. Beyond `maxLedgerChanges` the
 *   oldest two are composed into one, stamped with the newer.
 *
 * The ledger is trusted only while it explains the attribute: its last change carries the attribute's
 * stamp and replaying it gives the value. Anything that wrote the attribute since (an identify, a hand
 * edit) makes that write the new base.
 */
export interface ChangeLedger<Value, Change> {
  base: [stamp: EventStamp | null, value: Value];
  changes: Array<[stamp: EventStamp, change: Change]>;
}

/** What one attribute's ledger needs to know about its values and changes. */
export interface LedgerKind<Value, Change> {
  attribute: string;
  /** Where the ledger lives in `customer.meta`. */
  metaKey: string;
  /** The attribute's value as the changes see it; null when it is no such value (then it merges as any attribute). */
  read(customer: Customer): Value | null;
  apply(value: Value, change: Change): Value;
  /** One change with the effect of `earlier` then `later`. */
  compose(earlier: Change, later: Change): Change;
  equal(a: Value, b: Value): boolean;
  /** The value of a customer that never had one. */
  empty: Value;
}

function replay<V, C>(kind: LedgerKind<V, C>, ledger: ChangeLedger<V, C>): V {
  return ledger.changes.reduce((value, [, change]) => kind.apply(value, change), ledger.base[1]);
}

/** The ledger that explains the customer's value now; null when the value is not one this kind changes. */
export function readLedger<V, C>(kind: LedgerKind<V, C>, customer: Customer): ChangeLedger<V, C> | null {
  const value = kind.read(customer);
  if (value === null) return null;
  const stamp = stampAt(readProfileMeta(customer).attributeStamps, kind.attribute);
  const stored = customer.meta?.[kind.metaKey] as ChangeLedger<V, C> | undefined;
  if (stored && stored.changes.length > 0 && stored.changes.at(-1)![0] === stamp && kind.equal(replay(kind, stored), value)) return stored;
  return { base: [stamp, value], changes: [] };
}

/**
 * `after` (the customer once a journey wrote the attribute's new value) with `change` recorded on the
 * ledger `before` had; its stamp is the one the write gave the attribute.
 */
export function withLedgerChange<V, C>(kind: LedgerKind<V, C>, before: Customer, after: Customer, change: C): Customer {
  const ledger = readLedger(kind, before) ?? { base: [null, kind.empty], changes: [] };
  const stamp = stampAt(readProfileMeta(after).attributeStamps, kind.attribute);
  if (stamp === null) return after;
  return withLedger(kind, after, composeOldest(kind, { base: ledger.base, changes: [...ledger.changes, [stamp, change]] }));
}

function composeOldest<V, C>(kind: LedgerKind<V, C>, ledger: ChangeLedger<V, C>): ChangeLedger<V, C> {
  const changes = ledger.changes.slice();
  while (changes.length > maxLedgerChanges) {
    const [[, earlier], [stamp, later]] = changes.splice(0, 2);
    changes.unshift([stamp, kind.compose(earlier, later)]);
  }
  return { base: ledger.base, changes };
}

function withLedger<V, C>(kind: LedgerKind<V, C>, customer: Customer, ledger: ChangeLedger<V, C>): Customer {
  // withFields, not a spread: a stored document gets a key its source may lack (store/with-fields.ts).
  return withFields(customer, { meta: withFields(customer.meta, { [kind.metaKey]: ledger }) });
}

/** Null (never written) is older than any stamp. */
function isLater(a: EventStamp | null, b: EventStamp | null): boolean {
  return a !== null && (b === null || a > b);
}

/**
 * The attribute of two customers merged into `merged` (the known one after mergeCustomers combined
 * the attributes), as if every write of both had been made to one customer: the later absolute write
 * of the two, then every change of either made after it, in time order.
 *
 * A composed change (older ones folded together) of the customer whose base lost counts whole when its
 * stamp, its newest, is after the winning base, else not at all: exact unless that base falls among
 * the changes it holds.
 *
 * When either value is not one this kind changes, or neither customer has a change, `merged` is
 * returned as it is (the later value, as for any attribute).
 */
export function withMergedLedgers<V, C>(kind: LedgerKind<V, C>, merged: Customer, known: Customer, anonymous: Customer): Customer {
  const knownLedger = readLedger(kind, known);
  const anonymousLedger = readLedger(kind, anonymous);
  if (!knownLedger || !anonymousLedger) return merged;
  if (knownLedger.changes.length === 0 && anonymousLedger.changes.length === 0) return merged;
  const winner = isLater(anonymousLedger.base[0], knownLedger.base[0]) ? anonymousLedger : knownLedger;
  const since = winner.base[0];
  const changes: Array<[EventStamp, C]> = [];
  for (const ledger of [knownLedger, anonymousLedger]) {
    for (const change of ledger.changes) if (ledger === winner || since === null || change[0] > since) changes.push(change);
  }
  changes.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const ledger = composeOldest(kind, { base: winner.base, changes });
  const value = replay(kind, ledger);
  // The attribute keeps the later of the two stamps (combineAttributes): the newest change's, or the winning base's.
  const attributes = kind.equal(value, kind.empty) && !Object.hasOwn(merged.attributes, kind.attribute) ? merged.attributes : withFields(merged.attributes, { [kind.attribute]: value });
  return withLedger(kind, withFields(merged, { attributes }), ledger);
}
