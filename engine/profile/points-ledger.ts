import type { Customer } from '../../schemas/types';
import type { LedgerKind } from './change-ledger';

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
 * balance written after the anonymous award replaces it, as it would have on one customer.
 */
export const pointsLedger: LedgerKind<number, number> = {
  attribute: loyaltyPointsAttribute,
  metaKey: 'pointsLedger',
  read: readLoyaltyPoints,
  apply: (balance, delta) => balance + delta,
  compose: (earlier, later) => earlier + later,
  equal: (a, b) => a === b,
  empty: 0,
};
