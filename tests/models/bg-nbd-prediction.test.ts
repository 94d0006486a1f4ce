import { describe, expect, it } from 'vitest';
import {
  computeExpectedPurchases,
  computeExpectedPurchasesOfNewCustomer,
  computeProbabilityAlive,
  createSeededRandom,
  simulateBgNbdCustomers,
  type BgNbdParameters,
} from '../../engine/models';
import { simulateHoldout } from '../support/bg-nbd-holdout';

const published: BgNbdParameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

function expectRelativelyClose(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('computeExpectedPurchases', () => {
  // References: eq. 10 of Fader, Hardie & Lee (2005) evaluated in mpmath 1.3.0 at 40 digits with its hyp2f1.
  it.each([
    ['the paper\'s example customer', published, { x: 2, t_x: 30.43, T: 38.86 }, 39, 1.2260281747671444],
    ['a one-time buyer', published, { x: 0, t_x: 0, T: 38.86 }, 39, 0.19509805201126262],
    ['a long horizon (z close to 1)', published, { x: 1, t_x: 2, T: 3 }, 5000, 22.714411964313747],
    ['a heavy buyer (x = 150)', published, { x: 150, t_x: 300, T: 310 }, 52, 13.974655752251481],
    ['a just above 1', { r: 0.5, alpha: 10, a: 1.000001, b: 3 }, { x: 3, t_x: 20, T: 40 }, 52, 1.2752774755129443],
    ['a just below 1', { r: 0.5, alpha: 10, a: 0.999999, b: 3 }, { x: 3, t_x: 20, T: 40 }, 52, 1.2752794214681629],
  ])('matches mpmath for %s', (_name, parameters, customer, t, expected) => {
    expectRelativelyClose(computeExpectedPurchases(parameters, customer, t), expected, 1e-12);
  });

  it('is continuous through a = 1, where the published formula is 0/0', () => {
    const customer = { x: 3, t_x: 20, T: 40 };
    const at = (a: number): number => computeExpectedPurchases({ r: 0.5, alpha: 10, a, b: 3 }, customer, 52);
    expect(Number.isFinite(at(1))).toBe(true);
    expectRelativelyClose(at(1), (at(1 + 1e-6) + at(1 - 1e-6)) / 2, 1e-10);
  });

  it('is 0 at t = 0, grows with t, and starts at the alive customer\'s expected rate', () => {
    const customer = { x: 4, t_x: 30, T: 38 };
    expect(computeExpectedPurchases(published, customer, 0)).toBe(0);
    let previous = 0;
    for (const t of [1, 5, 20, 52, 200, 1000]) {
      const value = computeExpectedPurchases(published, customer, t);
      expect(value).toBeGreaterThan(previous);
      previous = value;
    }
    // d/dt E[Y(t)] at t = 0 is P(alive) · E[λ | data] = P(alive) · (r + x)/(α + T).
    const slope = computeExpectedPurchases(published, customer, 1e-6) / 1e-6;
    expectRelativelyClose(slope, (computeProbabilityAlive(published, customer) * (published.r + customer.x)) / (published.alpha + customer.T), 1e-5);
  });

  it('refuses a negative horizon', () => {
    expect(() => computeExpectedPurchases(published, { x: 0, t_x: 0, T: 1 }, -1)).toThrow(RangeError);
  });

  it('predicts what simulated customers then actually do in a holdout period', () => {
    // 20,000 customers simulated through a 52-week calibration and a 52-week holdout: the sum of the
    // predictions must match the sum of actual holdout purchases within 4 standard deviations of that
    // sum (from the observed per-customer deviations).
    const truth: BgNbdParameters = { r: 0.6, alpha: 5, a: 0.8, b: 2.5 };
    const customers = simulateHoldout(truth, 20_000, 52, 52, createSeededRandom(11));
    let predicted = 0;
    let actual = 0;
    let variance = 0;
    for (const customer of customers) {
      const expected = computeExpectedPurchases(truth, customer.calibration, 52);
      predicted += expected;
      actual += customer.holdoutPurchases;
      variance += (customer.holdoutPurchases - expected) ** 2;
    }
    expect(Math.abs(actual - predicted)).toBeLessThan(4 * Math.sqrt(variance));
  });
});

describe('computeExpectedPurchasesOfNewCustomer', () => {
  it('matches mpmath for the published CDNOW parameters (E[X(39)] = 1.1967)', () => {
    expectRelativelyClose(computeExpectedPurchasesOfNewCustomer(published, 39), 1.196723193320817, 1e-12);
  });

  it('matches the mean repeat purchases of 100,000 simulated new customers', () => {
    const customers = simulateBgNbdCustomers(published, { customers: 100_000, age: 39, random: createSeededRandom(5) });
    const mean = customers.reduce((sum, customer) => sum + customer.x, 0) / customers.length;
    const sd = Math.sqrt(customers.reduce((sum, customer) => sum + (customer.x - mean) ** 2, 0) / (customers.length - 1));
    expect(Math.abs(mean - computeExpectedPurchasesOfNewCustomer(published, 39))).toBeLessThan((4 * sd) / Math.sqrt(customers.length));
  });
});

describe('computeProbabilityAlive', () => {
  it('matches mpmath for the paper\'s example customer', () => {
    expectRelativelyClose(computeProbabilityAlive(published, { x: 2, t_x: 30.43, T: 38.86 }), 0.726578570080673, 1e-13);
  });

  it('is 1 without repeat purchases and falls as the last purchase recedes', () => {
    expect(computeProbabilityAlive(published, { x: 0, t_x: 0, T: 50 })).toBe(1);
    const recent = computeProbabilityAlive(published, { x: 5, t_x: 38, T: 39 });
    const older = computeProbabilityAlive(published, { x: 5, t_x: 20, T: 39 });
    const oldest = computeProbabilityAlive(published, { x: 5, t_x: 2, T: 39 });
    expect(recent).toBeGreaterThan(older);
    expect(older).toBeGreaterThan(oldest);
  });

  it('matches the share of simulated customers still alive at the end of calibration', () => {
    const truth: BgNbdParameters = { r: 0.6, alpha: 5, a: 0.8, b: 2.5 };
    const customers = simulateHoldout(truth, 20_000, 52, 0, createSeededRandom(13));
    let expectedAlive = 0;
    let variance = 0;
    let alive = 0;
    for (const customer of customers) {
      const probability = computeProbabilityAlive(truth, customer.calibration);
      expectedAlive += probability;
      variance += probability * (1 - probability);
      if (customer.aliveAtCalibrationEnd) alive++;
    }
    expect(Math.abs(alive - expectedAlive)).toBeLessThan(4 * Math.sqrt(variance));
  });
});
