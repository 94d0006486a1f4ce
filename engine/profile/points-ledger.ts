import type { Customer } from '../../schemas/types';
import type { LedgerKind } from './change-ledger';
import type { EventStamp } from './event-stamp';

/** Awards and redemptions kept one by one; beyond, the oldest are summed into one. */
export const maxPointsChanges = 20;

/** The loyalty points balance journeys award and redeem. */
export const loyaltyPointsAttribute = 'loyalty_points';

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

/**
 * Awards and redemptions as signed deltas (`meta.pointsLedger`, change-ledger.ts), so an identity merge
 * adds them up: a known customer with 100 points who earned 5 while anonymous has 105, and a CRM's
 * balance written after the anonymous award replaces it, as it would have on one customer. Beyond
 * `maxPointsChanges` the oldest two are summed into one, stamped with the newer: a merge counts such a
 * sum whole when that stamp is after the other customer's later absolute write, so it is exact unless
 * that write falls among the summed changes.
 */
export const pointsLedger: LedgerKind<number, number> = {
  attribute: loyaltyPointsAttribute,
  metaKey: 'pointsLedger',
  read: readLoyaltyPoints,
  apply: (balance, delta) => balance + delta,
  // Sums reassociated by composing differ in the last bits of a fraction.
  equal: (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)),
  empty: 0,
  isValue: (value): value is number => typeof value === 'number' && Number.isFinite(value),
  isChange: (change): change is number => typeof change === 'number' && Number.isFinite(change),
  compact: (changes) => {
    const kept: Array<[EventStamp, number]> = changes.slice();
    while (kept.length > maxPointsChanges) {
      const [[, earlier], [stamp, later]] = kept.splice(0, 2);
      kept.unshift([stamp, earlier + later]);
    }
    return kept;
  },
};
