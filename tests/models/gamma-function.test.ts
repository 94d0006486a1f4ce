import { describe, expect, it } from 'vitest';
import { digamma, logGamma } from '../../engine/models';

// Reference values: mpmath 1.3.0 loggamma / digamma computed at 40 digits, written as the nearest double.
const references: Array<[x: number, logGamma: number, digamma: number]> = [
  [1e-8, 18.42068073818021, -100000000.57721564],
  [0.1, 2.252712651734206, -10.423754940411076],
  [0.5, 0.5723649429247001, -1.9635100260214235],
  [1, 0, -0.5772156649015329],
  [1.5, -0.12078223763524522, 0.03648997397857652],
  [2, 0, 0.42278433509846713],
  [3.7, 1.428072326665388, 1.1671535393615113],
  [10, 12.801827480081469, 2.251752589066721],
  [25.5, 56.389167643719944, 3.2189424728839198],
  [100, 359.1342053695754, 4.600161852738087],
  [1e5, 1051287.7089736569, 11.512920464961896],
  [1e10, 220258509288.81058, 23.025850929890456],
];

describe('logGamma', () => {
  it.each(references)('lnΓ(%s) matches mpmath to 1e-14 relative (5e-15 absolute near its roots)', (x, expected) => {
    expect(Math.abs(logGamma(x) - expected)).toBeLessThanOrEqual(Math.max(5e-15, 1e-14 * Math.abs(expected)));
  });

  it('agrees with factorials: Γ(n) = (n−1)!', () => {
    let factorial = 1;
    for (let n = 1; n <= 30; n++) {
      expect(logGamma(n)).toBeCloseTo(Math.log(factorial), 12);
      factorial *= n;
    }
  });

  it('satisfies the recurrence lnΓ(x+1) = lnΓ(x) + ln x across the shift threshold', () => {
    for (const x of [0.001, 0.37, 1.9, 7.5, 14.2, 14.999, 15, 15.001, 42.42]) {
      expect(logGamma(x + 1)).toBeCloseTo(logGamma(x) + Math.log(x), 12);
    }
  });

  it('is NaN outside its domain and +∞ at +∞', () => {
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1.5)).toBeNaN();
    expect(logGamma(Number.NaN)).toBeNaN();
    expect(logGamma(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('digamma', () => {
  it.each(references)('ψ(%s) matches mpmath to 1e-14 relative', (x, _logGamma, expected) => {
    expect(Math.abs(digamma(x) - expected)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(expected)));
  });

  it('is the derivative of logGamma', () => {
    for (const x of [0.05, 0.8, 3, 12, 80]) {
      const step = 1e-5 * x;
      const difference = (logGamma(x + step) - logGamma(x - step)) / (2 * step);
      expect(digamma(x)).toBeCloseTo(difference, 6);
    }
  });

  it('satisfies ψ(x+1) = ψ(x) + 1/x', () => {
    for (const x of [0.25, 2.5, 14.5, 100]) expect(digamma(x + 1)).toBeCloseTo(digamma(x) + 1 / x, 13);
  });

  it('is NaN outside its domain', () => {
    expect(digamma(0)).toBeNaN();
    expect(digamma(-2)).toBeNaN();
  });
});
