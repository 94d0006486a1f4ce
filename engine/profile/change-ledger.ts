import type { Customer } from '../../schemas/types';
import { stampAt } from './attribute-write';
import type { EventStamp } from './event-stamp';
import { readProfileMeta } from './profile-meta';
import { withFields } from '../store/index';

/**
 * How an attribute that journeys change step by step (a points balance, a tag list) came to hold its
 * value, so that an identity merge can combine two customers' changes instead of keeping one value:
 *
 * - `base`: the attribute's last absolute write — an identify, an import, an "update attributes" step —
 *   as its stamp (null: from before stamps, or never written) and value;
 * - `changes`: the changes since, oldest first, as `[stamp, change]`, kept bounded by the kind's
 *   `compact`.
 *
 * The ledger is trusted only while it explains the attribute: its last change carries the attribute's
 * stamp and replaying it gives the value. Anything that wrote the attribute since (an identify, a hand
 * edit) makes that write the new base. A stored ledger of any other shape counts as none.
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
  equal(a: Value, b: Value): boolean;
  /** The value of a customer that never had one. */
  empty: Value;
  isValue(value: unknown): value is Value;
  isChange(change: unknown): change is Change;
  /** The changes, bounded: time-ordered in, time-ordered out, replaying to the same value. */
  compact(changes: Array<[EventStamp, Change]>): Array<[EventStamp, Change]>;
}

function replay<V, C>(kind: LedgerKind<V, C>, ledger: ChangeLedger<V, C>): V {
  return ledger.changes.reduce((value, [, change]) => kind.apply(value, change), ledger.base[1]);
}

function isLedger<V, C>(kind: LedgerKind<V, C>, stored: unknown): stored is ChangeLedger<V, C> {
  if (stored === null || typeof stored !== 'object') return false;
  const { base, changes } = stored as Partial<ChangeLedger<unknown, unknown>>;
  return (
    Array.isArray(base) &&
    base.length === 2 &&
    (base[0] === null || typeof base[0] === 'string') &&
    kind.isValue(base[1]) &&
    Array.isArray(changes) &&
    changes.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && kind.isChange(entry[1]))
  );
}

/** The ledger that explains the customer's value now; null when the value is not one this kind changes. */
export function readLedger<V, C>(kind: LedgerKind<V, C>, customer: Customer): ChangeLedger<V, C> | null {
  const value = kind.read(customer);
  if (value === null) return null;
  const stamp = stampAt(readProfileMeta(customer).attributeStamps, kind.attribute);
  const stored: unknown = customer.meta?.[kind.metaKey];
  if (isLedger(kind, stored) && stored.changes.length > 0 && stored.changes.at(-1)![0] === stamp && kind.equal(replay(kind, stored), value)) return stored;
  return { base: [stamp, value], changes: [] };
}

/**
 * `after` (the customer once a journey wrote the attribute's new value) with `changes` recorded on
 * the ledger `before` had, at the stamp the write gave the attribute. A value the kind does not
 * change (a CRM's `tags: "vip"`) was replaced from empty, so it is the base, at its own stamp.
 */
export function withLedgerChanges<V, C>(kind: LedgerKind<V, C>, before: Customer, after: Customer, changes: readonly C[]): Customer {
  const ledger = readLedger(kind, before) ?? { base: [stampAt(readProfileMeta(before).attributeStamps, kind.attribute), kind.empty], changes: [] };
  const stamp = stampAt(readProfileMeta(after).attributeStamps, kind.attribute);
  if (stamp === null || changes.length === 0) return after;
  return withLedger(kind, after, { base: ledger.base, changes: kind.compact([...ledger.changes, ...changes.map((change): [EventStamp, C] => [stamp, change])]) });
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
 * of the two, then every change of either made after it, in time order. A change is replayed as it
 * was made: a redemption counts even where one customer's balance would not have covered it.
 *
 * When either value is not one this kind changes, or no change of either comes after the later
 * absolute write, `merged` is returned as it is (the later value, as written).
 */
export function withMergedLedgers<V, C>(kind: LedgerKind<V, C>, merged: Customer, known: Customer, anonymous: Customer): Customer {
  const knownLedger = readLedger(kind, known);
  const anonymousLedger = readLedger(kind, anonymous);
  if (!knownLedger || !anonymousLedger) return merged;
  const winner = isLater(anonymousLedger.base[0], knownLedger.base[0]) ? anonymousLedger : knownLedger;
  const since = winner.base[0];
  const changes: Array<[EventStamp, C]> = [];
  for (const ledger of [knownLedger, anonymousLedger]) {
    for (const change of ledger.changes) if (ledger === winner || since === null || change[0] > since) changes.push(change);
  }
  if (changes.length === 0) return merged;
  // Stable: the changes of one step keep their order.
  changes.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const ledger: ChangeLedger<V, C> = { base: winner.base, changes: kind.compact(changes) };
  // The attribute keeps the later of the two stamps (combineAttributes): the newest change's, or the winning base's.
  const attributes = withFields(merged.attributes, { [kind.attribute]: replay(kind, ledger) });
  return withLedger(kind, withFields(merged, { attributes }), ledger);
}
