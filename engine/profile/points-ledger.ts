import type { Customer } from '../../schemas/types';
import { stampAt } from './attribute-write';
import type { EventStamp } from './event-stamp';
import { readProfileMeta } from './profile-meta';

/** The loyalty points balance journeys award and redeem. */
export const loyaltyPointsAttribute = 'loyalty_points';

/** Where the ledger lives in `customer.meta`. */
const ledgerKey = 'pointsLedger';

/** Changes kept one by one; older ones are folded into `carried`. */
export const maxLedgerChanges = 20;

/**
 * How a customer's balance came about, so that an identity merge can add two balances instead of
 * keeping one (`meta.pointsLedger`):
 *
 * - `base`: the balance's last absolute write — an identify, an import, a journey's "update attributes"
 *   — as its stamp (null: from before stamps, or never written, as 0) and value;
 * - `changes`: every award and redemption since, oldest first, as `[stamp, delta]`;
 * - `carried`: changes beyond the last `maxLedgerChanges`, folded into one sum with the newest stamp.
 *
 * The balance is `base` + `carried` + every change. The ledger is only trusted while it still explains
 * the attribute: its last change carries the attribute's stamp and it adds up to the value. Anything
 * that wrote the attribute since (an identify, a hand edit) makes that write the new base.
 */
export interface PointsLedger {
  base: [stamp: EventStamp | null, value: number];
  carried?: [until: EventStamp, sum: number];
  changes: Array<[stamp: EventStamp, delta: number]>;
}

/** A number written as text: an optional sign, digits, optional decimals ("150", "-3", "12.5"). */
const decimalText = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * The customer's loyalty points balance: 0 when unset (missing, null or blank), else the number, or
 * the number a decimal string stands for once trimmed (CSV imports and CRMs send "150"). Null when the
 * value is no balance at all ("lots", "1,000", an object, `true`): what adding to it would mean is
 * anybody's guess, so a journey must leave it alone rather than overwrite it.
 */
export function readLoyaltyPoints(customer: Customer): number | null {
  const points = customer.attributes[loyaltyPointsAttribute];
  if (points === undefined || points === null) return 0;
  if (typeof points === 'number') return Number.isFinite(points) ? points : null;
  if (typeof points !== 'string') return null;
  const text = points.trim();
  if (text === '') return 0;
  const value = decimalText.test(text) ? Number(text) : Number.NaN;
  return Number.isFinite(value) ? value : null;
}

function ledgerTotal(ledger: PointsLedger): number {
  return ledger.changes.reduce((sum, [, delta]) => sum + delta, ledger.base[1] + (ledger.carried?.[1] ?? 0));
}

/** The ledger that explains the customer's balance now; null when the balance is not a number. */
export function readPointsLedger(customer: Customer): PointsLedger | null {
  const balance = readLoyaltyPoints(customer);
  if (balance === null) return null;
  const stamp = stampAt(readProfileMeta(customer).attributeStamps, loyaltyPointsAttribute);
  const stored = customer.meta?.[ledgerKey] as PointsLedger | undefined;
  if (stored && stored.changes.length > 0 && stored.changes.at(-1)![0] === stamp && ledgerTotal(stored) === balance) return stored;
  return { base: [stamp, balance], changes: [] };
}

/**
 * `after` (the customer once a journey wrote the new balance) with the change recorded: `delta` on
 * the balance `before` had. `after`'s stamp on the attribute is the change's.
 */
export function withPointsChange(before: Customer, after: Customer, delta: number): Customer {
  const ledger = readPointsLedger(before) ?? { base: [null, 0], changes: [] };
  const stamp = stampAt(readProfileMeta(after).attributeStamps, loyaltyPointsAttribute);
  if (stamp === null) return after;
  return withLedger(after, foldOldest({ ...ledger, changes: [...ledger.changes, [stamp, delta]] }));
}

function foldOldest(ledger: PointsLedger): PointsLedger {
  const excess = ledger.changes.length - maxLedgerChanges;
  if (excess <= 0) return ledger;
  const folded = ledger.changes.slice(0, excess);
  const sum = folded.reduce((total, [, delta]) => total + delta, ledger.carried?.[1] ?? 0);
  return { base: ledger.base, carried: [folded.at(-1)![0], sum], changes: ledger.changes.slice(excess) };
}

function withLedger(customer: Customer, ledger: PointsLedger): Customer {
  return { ...customer, meta: { ...customer.meta, [ledgerKey]: ledger } };
}

/** Null (never written) is older than any stamp. */
function isLater(a: EventStamp | null, b: EventStamp | null): boolean {
  return a !== null && (b === null || a > b);
}

/**
 * The balance of two customers merged into `merged` (the known one after mergeCustomers combined the
 * attributes), as if every write of both had been made to one customer: the later absolute write of
 * the two, plus every award and redemption of either made after it. So a known customer with 100 points
 * who earned 5 while anonymous has 105; a CRM's balance written after the anonymous award replaces it,
 * as it would have on one customer.
 *
 * Folded changes (`carried`) of the customer whose base lost count whole when their newest is after
 * the winning base, else not at all: exact unless that base falls among them.
 *
 * When either balance is not a number, `merged` is returned as it is (the later value, as for any
 * attribute).
 */
export function withMergedPoints(merged: Customer, known: Customer, anonymous: Customer): Customer {
  const knownLedger = readPointsLedger(known);
  const anonymousLedger = readPointsLedger(anonymous);
  if (!knownLedger || !anonymousLedger) return merged;
  if (knownLedger.changes.length === 0 && anonymousLedger.changes.length === 0 && !knownLedger.carried && !anonymousLedger.carried) return merged;
  const winner = isLater(anonymousLedger.base[0], knownLedger.base[0]) ? anonymousLedger : knownLedger;
  const since = winner.base[0];
  const counts = (stamp: EventStamp): boolean => since === null || stamp > since;
  let carried: [EventStamp, number] | undefined;
  const changes: Array<[EventStamp, number]> = [];
  for (const ledger of [knownLedger, anonymousLedger]) {
    if (ledger.carried && (ledger === winner || counts(ledger.carried[0]))) {
      carried = carried ? [carried[0] > ledger.carried[0] ? carried[0] : ledger.carried[0], carried[1] + ledger.carried[1]] : ledger.carried;
    }
    for (const change of ledger.changes) if (ledger === winner || counts(change[0])) changes.push(change);
  }
  changes.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const ledger = foldOldest(carried ? { base: winner.base, carried, changes } : { base: winner.base, changes });
  const balance = ledgerTotal(ledger);
  // The attribute keeps the later of the two stamps (combineAttributes): the newest change, or the winning base.
  const attributes = balance === 0 && !Object.hasOwn(merged.attributes, loyaltyPointsAttribute) ? merged.attributes : { ...merged.attributes, [loyaltyPointsAttribute]: balance };
  return withLedger({ ...merged, attributes }, ledger);
}
