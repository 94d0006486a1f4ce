import { createProblem, fail, ok, type ProblemDetail, type Result } from '../errors';
import { computePercentileRanks } from './percentile-rank';

/**
 * Value tiers — high / mid / low — by percentile of net revenue or of predicted CLV.
 *
 * Only customers with a POSITIVE value are ranked; everyone else (no orders, zero or negative net
 * revenue, no CLV yet) is `low` and does not count in the percentages — so "the top 20 %" means the top
 * 20 % of paying customers however many sign-ups never order. Among the ranked, a customer's share of
 * the population at or above them is measured with ties averaged,
 *
 *   q = (#values above v + ½ · #values equal to v) / n,
 *
 * and the tier is `high` when q < high_percent/100, `mid` when q < (high_percent + mid_percent)/100, else
 * `low`. Equal values always share a tier. Defaults: top 20 % high, next 30 % mid, remaining 50 % low.
 */
export type ValueTier = 'high' | 'mid' | 'low';

/** What the tiers rank: `traits.revenue_total` or `traits.clv.predicted_clv`. */
export type ValueTierBasis = 'revenue' | 'clv';

export interface ValueTierOptions {
  basis: ValueTierBasis;
  /** Share of ranked customers in the high tier, in percent (default 20). */
  high_percent: number;
  /** Share in the mid tier, just below the high one, in percent (default 30). */
  mid_percent: number;
}

export const defaultValueTierOptions: ValueTierOptions = { basis: 'revenue', high_percent: 20, mid_percent: 30 };

/** `traits.value_tier`. */
export interface ValueTierTrait {
  tier: ValueTier;
  basis: ValueTierBasis;
  /** The value that was ranked (0 when the customer had none). */
  value: number;
  scored_at: string;
}

/** The boundaries of a batch, to place one customer between batches. */
export interface ValueTierScale {
  basis: ValueTierBasis;
  high_percent: number;
  mid_percent: number;
  /** Customers with a positive value that were ranked. */
  ranked_customers: number;
  /** The smallest value that made the high tier, or null when nobody did. */
  high_min: number | null;
  /** The smallest value in the mid tier, or null when nobody was (tiers are monotone in the value). */
  mid_min: number | null;
  scored_at: string;
}

export interface ValueTierAssignment {
  traits: ValueTierTrait[];
  scale: ValueTierScale;
}

/**
 * Tiers for every customer of a workspace from their values (null = none), at `now` (epoch ms).
 *
 * @example assignValueTiers([500, 120, 0, null, 80, 75], { basis: 'revenue', high_percent: 20, mid_percent: 30 }, now)
 * // tiers: high, mid, low, low, low, low — 4 ranked: 500 (q = .125) high, 120 (q = .375) mid, 80 (q = .625) low
 */
export function assignValueTiers(values: ReadonlyArray<number | null>, options: ValueTierOptions, now: number): ValueTierAssignment {
  const scoredAt = new Date(now).toISOString();
  const rankedPositions: number[] = [];
  values.forEach((value, position) => {
    if (isRankable(value)) rankedPositions.push(position);
  });
  // Percentile ranks of the negated values count the customers ABOVE each one.
  const ranks = computePercentileRanks(rankedPositions.map((position) => -(values[position] as number)));
  const tierByPosition = new Map<number, ValueTier>();
  let highMin: number | null = null;
  let midMin: number | null = null;
  rankedPositions.forEach((position, index) => {
    const value = values[position] as number;
    const share = (100 * ranks.numerators[index]) / ranks.denominator;
    const tier: ValueTier = share < options.high_percent ? 'high' : share < options.high_percent + options.mid_percent ? 'mid' : 'low';
    tierByPosition.set(position, tier);
    if (tier === 'high' && (highMin === null || value < highMin)) highMin = value;
    if (tier === 'mid' && (midMin === null || value < midMin)) midMin = value;
  });
  return {
    traits: values.map((value, position) => ({
      tier: tierByPosition.get(position) ?? 'low',
      basis: options.basis,
      value: isRankable(value) ? value : 0,
      scored_at: scoredAt,
    })),
    scale: {
      basis: options.basis,
      high_percent: options.high_percent,
      mid_percent: options.mid_percent,
      ranked_customers: rankedPositions.length,
      high_min: highMin,
      mid_min: midMin,
      scored_at: scoredAt,
    },
  };
}

/** One customer's tier against a batch's scale: exactly their batch tier for any value the batch had. */
export function assignValueTierWithScale(value: number | null, scale: ValueTierScale, now: number): ValueTierTrait {
  const rankable = isRankable(value);
  let tier: ValueTier = 'low';
  if (rankable && scale.high_min !== null && value >= scale.high_min) tier = 'high';
  else if (rankable && scale.mid_min !== null && value >= scale.mid_min) tier = 'mid';
  return { tier, basis: scale.basis, value: rankable ? value : 0, scored_at: new Date(now).toISOString() };
}

/**
 * Workspace settings for value tiers, checked: basis `revenue` or `clv`, percentages ≥ 0 summing to at
 * most 100. Missing fields take the defaults. `VALIDATION_FAILED` with a pointer per bad field.
 */
export function checkValueTierOptions(input: Partial<ValueTierOptions>): Result<ValueTierOptions> {
  const options = { ...defaultValueTierOptions, ...input };
  const details: ProblemDetail[] = [];
  if (options.basis !== 'revenue' && options.basis !== 'clv') details.push({ pointer: '/basis', message: 'basis must be "revenue" or "clv".' });
  for (const field of ['high_percent', 'mid_percent'] as const) {
    const value = options[field];
    if (typeof value !== 'number' || !(value >= 0 && value <= 100)) details.push({ pointer: `/${field}`, message: `${field} must be a number from 0 to 100.` });
  }
  if (details.length === 0 && options.high_percent + options.mid_percent > 100) {
    details.push({ pointer: '/mid_percent', message: 'high_percent + mid_percent must not exceed 100.' });
  }
  return details.length > 0 ? fail(createProblem('VALIDATION_FAILED', details)) : ok(options);
}

function isRankable(value: number | null): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}
