/**
 * Attributes that add up instead of replacing one another when two customers merge: the tag list (a
 * set) and the loyalty points balance (a ledger). A known customer with 100 points who earned 5 while
 * browsing anonymously has 105 once they sign in, and keeps every tag of both.
 */

/** Where tags live: an array of strings under attributes. */
export const tagsAttribute = 'tags';
/** The loyalty points balance journeys award and redeem. */
export const loyaltyPointsAttribute = 'loyalty_points';

/** The tags in attributes (strings only; anything else under the attribute is ignored). */
export function tagsOf(attributes: Readonly<Record<string, unknown>>): string[] {
  const tags = attributes[tagsAttribute];
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
}

/** A number written as text: an optional sign, digits, optional decimals ("150", "-3", "12.5"). */
const decimalText = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * The loyalty points balance in attributes: 0 when unset (missing, null or blank), else the number, or
 * the number a decimal string stands for once trimmed (CSV imports and CRMs send "150"). Null when the
 * value is no balance at all ("lots", "1,000", an object, `true`): what adding to it would mean is
 * anybody's guess, so it must be left alone rather than overwritten.
 */
export function loyaltyBalanceOf(attributes: Readonly<Record<string, unknown>>): number | null {
  const points = attributes[loyaltyPointsAttribute];
  if (points === undefined || points === null) return 0;
  if (typeof points === 'number') return Number.isFinite(points) ? points : null;
  if (typeof points !== 'string') return null;
  const text = points.trim();
  if (text === '') return 0;
  const value = decimalText.test(text) ? Number(text) : Number.NaN;
  return Number.isFinite(value) ? value : null;
}

/**
 * The merged attributes with tags joined (the known customer's first, in order, then the other's new
 * ones) and balances added, when both customers have them. A balance that is not a number leaves the
 * merged value as the attribute merge chose it.
 */
export function addUpMergedAttributes(merged: Record<string, unknown>, known: Readonly<Record<string, unknown>>, other: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result = { ...merged };
  if (Array.isArray(known[tagsAttribute]) && Array.isArray(other[tagsAttribute])) {
    result[tagsAttribute] = [...new Set([...tagsOf(known), ...tagsOf(other)])];
  }
  const [knownPoints, otherPoints] = [loyaltyBalanceOf(known), loyaltyBalanceOf(other)];
  if (Object.hasOwn(known, loyaltyPointsAttribute) && Object.hasOwn(other, loyaltyPointsAttribute) && knownPoints !== null && otherPoints !== null) {
    result[loyaltyPointsAttribute] = knownPoints + otherPoints;
  }
  return result;
}
