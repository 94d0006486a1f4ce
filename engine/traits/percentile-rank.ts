/**
 * Mid-rank percentiles: where each value sits in its population, with ties averaged —
 *
 *   percentile(v) = (#values below v + ½ · #values equal to v) / n
 *
 * (the "mid-distribution function"; Excel's PERCENTRANK and pandas' rank(method='average', pct=True)
 * differ from it only by how they place the ends). Equal values always get the same percentile, so
 * anything derived from it — quintile scores, value tiers — treats ties identically.
 *
 * Percentiles are kept as exact fractions numerator / (2n) with numerator = 2·below + equal, so
 * boundaries such as "exactly 20 %" are decided in integer arithmetic, never by a rounding error.
 */
export interface PercentileRanks {
  /** 2·(values below) + (values equal), per input position. */
  numerators: number[];
  /** 2n. */
  denominator: number;
}

/** The mid-rank percentile of every value (ascending: the largest value has the highest). */
export function computePercentileRanks(values: readonly number[]): PercentileRanks {
  const order = values.map((_, index) => index).sort((left, right) => values[left] - values[right]);
  const numerators = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const equal = end - start + 1;
    for (let position = start; position <= end; position++) numerators[order[position]] = 2 * start + equal;
    start = end + 1;
  }
  return { numerators, denominator: 2 * values.length };
}

/**
 * The quantile group (1…groups) of a percentile: ⌊groups · percentile⌋ + 1, at most `groups`. With
 * groups = 5 (quintiles) a percentile in [0, 0.2) scores 1, [0.2, 0.4) scores 2, …, [0.8, 1] scores 5.
 */
export function quantileGroupOf(numerator: number, denominator: number, groups: number): number {
  return Math.min(groups, Math.floor((groups * numerator) / denominator) + 1);
}
