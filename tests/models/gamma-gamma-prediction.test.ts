import { describe, expect, it } from 'vitest';
import { computeExpectedOrderValue, createSeededRandom, sampleGamma, type GammaGammaParameters } from '../../engine/models';

const published: GammaGammaParameters = { p: 6.25, q: 3.74, v: 15.44 };

describe('computeExpectedOrderValue', () => {
  it('is the population mean p·v/(q−1) for a customer without repeat purchases', () => {
    expect(computeExpectedOrderValue(published, { x: 0, monetary_value: null })).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
  });

  it('is the weighted mean of the population mean and the customer\'s own mean, weighted by x', () => {
    const populationMean = (published.p * published.v) / (published.q - 1);
    for (const [x, mean] of [[1, 10], [3, 80], [40, 25]]) {
      const weight = (published.p * x) / (published.p * x + published.q - 1);
      expect(computeExpectedOrderValue(published, { x, monetary_value: mean })).toBeCloseTo((1 - weight) * populationMean + weight * mean, 10);
    }
  });

  it('trusts a customer\'s own mean more as their repeat purchases grow', () => {
    const values = [1, 5, 25, 125].map((x) => computeExpectedOrderValue(published, { x, monetary_value: 100 }));
    for (let index = 1; index < values.length; index++) expect(values[index]).toBeGreaterThan(values[index - 1]);
    expect(values[3]).toBeGreaterThan(99);
  });

  it('counts a non-positive net repeat mean (refunds) as 0', () => {
    expect(computeExpectedOrderValue(published, { x: 2, monetary_value: -30 })).toBeCloseTo(computeExpectedOrderValue(published, { x: 2, monetary_value: 0 }), 12);
    expect(computeExpectedOrderValue(published, { x: 2, monetary_value: 0 })).toBeLessThan(computeExpectedOrderValue(published, { x: 0, monetary_value: null }));
  });

  it('is the posterior mean: it matches simulated future order values of customers with the same history', () => {
    // Simulate the Gamma-Gamma process, keep customers whose 3 observed values average 29–33, and compare
    // the mean of one further order of theirs with the prediction for m_x = their average.
    const random = createSeededRandom(21);
    let predicted = 0;
    let actual = 0;
    let count = 0;
    for (let index = 0; index < 150_000; index++) {
      const scale = sampleGamma(random, published.q, published.v);
      const observed = (sampleGamma(random, published.p, scale) + sampleGamma(random, published.p, scale) + sampleGamma(random, published.p, scale)) / 3;
      if (observed < 29 || observed > 33) continue;
      predicted += computeExpectedOrderValue(published, { x: 3, monetary_value: observed });
      actual += sampleGamma(random, published.p, scale);
      count++;
    }
    expect(count).toBeGreaterThan(4000);
    // Order values here have SD ≈ 13, so the mean of > 4,000 is known to about ±0.2 (≈ 1 %).
    expect(Math.abs(actual / count - predicted / count) / (predicted / count)).toBeLessThan(0.03);
  });
});
