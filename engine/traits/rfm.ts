import { computePercentileRanks, quantileGroupOf } from './percentile-rank';
import { classifyRfmGroup, type RfmGroup } from './rfm-group';

/**
 * RFM — recency, frequency, monetary — scored 1…5 by quintile over a workspace's buyers.
 *
 * Per buyer (a customer with at least one order) at the reference time `now`:
 *  - recency_days: whole days since the last order, ⌊(now − last_order_at) / 24 h⌋ (0 if the order is
 *    "in the future" through clock skew);
 *  - frequency: orders_count;
 *  - monetary: revenue_total (net of refunds; can be 0 or negative).
 * Each metric is scored by the quintile of its mid-rank percentile among all buyers
 * (see percentile-rank.ts): score = min(5, ⌊5 · (below + equal/2) / n⌋ + 1), recency on the reversed
 * scale (fewer days = higher score). Equal values always get equal scores; with fewer than five
 * distinct values, scores follow the mid-ranks (all buyers equal → everyone 3; two equal halves → 2 and 4).
 */

/** What the runtime holds per customer (the built-in traits). */
export interface RfmInput {
  orders_count: number;
  revenue_total: number;
  last_order_at: string | null;
}

/** `traits.rfm`. */
export interface RfmTrait {
  recency_days: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  /** The three scores as digits, R then F then M: "555" is the best. */
  score: string;
  group: RfmGroup;
  scored_at: string;
}

/**
 * The workspace's quintile boundaries from the last batch scoring, so one customer can be re-scored
 * between batches (after an order) without ranking everyone again. For score s = 2…5:
 * `recency_days_max[s−2]` is the largest recency that scored at least s, `frequency_min[s−2]` and
 * `monetary_min[s−2]` the smallest values that did; null when no buyer scored that high.
 */
export interface RfmScale {
  scored_at: string;
  buyers: number;
  recency_days_max: Array<number | null>;
  frequency_min: Array<number | null>;
  monetary_min: Array<number | null>;
}

export interface RfmScoring {
  /** Per input position: the trait, or null for a customer without orders. */
  traits: Array<RfmTrait | null>;
  scale: RfmScale;
}

const millisecondsPerDay = 86_400_000;

/**
 * Scores every buyer among `customers` against each other at `now` (epoch ms).
 *
 * @example
 * scoreRfm(customers.map((c) => c.traits), clock.now()).traits[0]
 * // { recency_days: 3, frequency: 12, monetary: 840.5, r: 5, f: 5, m: 4, score: '554', group: 'champions', scored_at: '…' }
 */
export function scoreRfm(customers: readonly RfmInput[], now: number): RfmScoring {
  const scoredAt = new Date(now).toISOString();
  const buyers: Array<{ position: number; recency: number; frequency: number; monetary: number }> = [];
  customers.forEach((customer, position) => {
    if (!isBuyer(customer)) return;
    buyers.push({ position, recency: recencyDaysOf(customer.last_order_at as string, now), frequency: customer.orders_count, monetary: customer.revenue_total });
  });
  // Reversed recency: negate so "more recent" ranks higher.
  const recencyScores = scoreQuintiles(buyers.map((buyer) => -buyer.recency));
  const frequencyScores = scoreQuintiles(buyers.map((buyer) => buyer.frequency));
  const monetaryScores = scoreQuintiles(buyers.map((buyer) => buyer.monetary));

  const traits: Array<RfmTrait | null> = customers.map(() => null);
  buyers.forEach((buyer, index) => {
    traits[buyer.position] = buildRfmTrait(buyer.recency, buyer.frequency, buyer.monetary, recencyScores[index], frequencyScores[index], monetaryScores[index], scoredAt);
  });
  const negatedRecencyMin = thresholdsOf(buyers.map((buyer) => -buyer.recency), recencyScores);
  return {
    traits,
    scale: {
      scored_at: scoredAt,
      buyers: buyers.length,
      recency_days_max: negatedRecencyMin.map((threshold) => (threshold === null ? null : -threshold)),
      frequency_min: thresholdsOf(buyers.map((buyer) => buyer.frequency), frequencyScores),
      monetary_min: thresholdsOf(buyers.map((buyer) => buyer.monetary), monetaryScores),
    },
  };
}

/**
 * Scores one customer against a scale from `scoreRfm` — what their scores would be had they been in
 * that batch (exactly so for any value a buyer of the batch had). Null without orders.
 */
export function scoreRfmWithScale(customer: RfmInput, scale: RfmScale, now: number): RfmTrait | null {
  if (!isBuyer(customer)) return null;
  const recency = recencyDaysOf(customer.last_order_at as string, now);
  const atLeast = (value: number, minimums: Array<number | null>): number =>
    1 + minimums.filter((minimum) => minimum !== null && value >= minimum).length;
  const r = 1 + scale.recency_days_max.filter((maximum) => maximum !== null && recency <= maximum).length;
  const f = atLeast(customer.orders_count, scale.frequency_min);
  const m = atLeast(customer.revenue_total, scale.monetary_min);
  return buildRfmTrait(recency, customer.orders_count, customer.revenue_total, r, f, m, new Date(now).toISOString());
}

function isBuyer(customer: RfmInput): boolean {
  return customer.orders_count >= 1 && customer.last_order_at !== null;
}

function recencyDaysOf(lastOrderAt: string, now: number): number {
  const time = Date.parse(lastOrderAt);
  if (Number.isNaN(time)) throw new RangeError(`Invalid last_order_at "${lastOrderAt}".`);
  return Math.max(0, Math.floor((now - time) / millisecondsPerDay));
}

function scoreQuintiles(values: number[]): number[] {
  const ranks = computePercentileRanks(values);
  return ranks.numerators.map((numerator) => quantileGroupOf(numerator, ranks.denominator, 5));
}

/** For s = 2…5, the smallest value whose score is at least s (null if none). */
function thresholdsOf(values: number[], scores: number[]): Array<number | null> {
  return [2, 3, 4, 5].map((score) => {
    let minimum: number | null = null;
    values.forEach((value, index) => {
      if (scores[index] >= score && (minimum === null || value < minimum)) minimum = value;
    });
    return minimum;
  });
}

function buildRfmTrait(recency: number, frequency: number, monetary: number, r: number, f: number, m: number, scoredAt: string): RfmTrait {
  return {
    recency_days: recency,
    frequency,
    monetary,
    r,
    f,
    m,
    score: `${r}${f}${m}`,
    group: classifyRfmGroup(r, f, m),
    scored_at: scoredAt,
  };
}
