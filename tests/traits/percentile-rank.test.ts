import { describe, expect, it } from 'vitest';
import { computePercentileRanks, quantileGroupOf } from '../../engine/traits';

function quintiles(values: number[]): number[] {
  const ranks = computePercentileRanks(values);
  return ranks.numerators.map((numerator) => quantileGroupOf(numerator, ranks.denominator, 5));
}

describe('mid-rank percentiles and quintiles', () => {
  it('give five distinct values the scores 1…5 in input order of size', () => {
    expect(quintiles([30, 10, 50, 20, 40])).toEqual([3, 1, 5, 2, 4]);
  });

  it('give ten distinct values two of each score', () => {
    expect(quintiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('give equal values equal scores: the tie sits at its average rank', () => {
    // 1 is 40 % of the population: mid-rank percentile 0.2 → score 2 (0.2 is the boundary and belongs to 2).
    expect(quintiles([1, 1, 1, 1, 2, 3, 4, 5, 6, 7])).toEqual([2, 2, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it('score a population of equal values 3, and two equal halves 2 and 4', () => {
    expect(quintiles([7, 7, 7])).toEqual([3, 3, 3]);
    expect(quintiles([1, 1, 9, 9])).toEqual([2, 2, 4, 4]);
  });

  it('keep exact fractions: numerator = 2·below + equal over 2n', () => {
    expect(computePercentileRanks([5, 5, 1])).toEqual({ numerators: [4, 4, 1], denominator: 6 });
    expect(computePercentileRanks([])).toEqual({ numerators: [], denominator: 0 });
  });
});
