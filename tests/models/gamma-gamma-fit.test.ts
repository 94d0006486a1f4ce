import { describe, expect, it } from 'vitest';
import {
  computeGammaGammaLogLikelihood,
  createSeededRandom,
  fitGammaGamma,
  sampleGamma,
  simulateBgNbdCustomers,
  type CustomerSummary,
  type GammaGammaFit,
  type GammaGammaParameters,
} from '../../engine/models';

const spend: GammaGammaParameters = { p: 6, q: 4, v: 15 };
const fittedAt = '2024-06-01T00:00:00.000Z';

function fit(customers: readonly CustomerSummary[]): GammaGammaFit {
  const result = fitGammaGamma(customers, { fitted_at: fittedAt });
  if (!result.ok) throw new Error(JSON.stringify(result.problem));
  return result.value;
}

describe('fitGammaGamma on data simulated from the Gamma-Gamma process', () => {
  const customers = simulateBgNbdCustomers({ r: 0.6, alpha: 5, a: 0.8, b: 2.5 }, { customers: 6000, age: [26, 78], random: createSeededRandom(7), spend });
  const repeatCustomers = customers.filter((customer) => customer.x > 0);
  const fitted = fit(customers);

  it('uses only repeat customers and converges', () => {
    expect(fitted.customers).toBe(repeatCustomers.length);
    expect(fitted.excluded_customers).toBe(0);
    expect(fitted.converged).toBe(true);
  });

  it('recovers p, q and v within 4 standard errors, with standard errors below 25 %', () => {
    // Same justification as for BG/NBD: asymptotic normality, ~6e-5 false-failure chance per parameter.
    const errors = fitted.standard_errors!;
    for (const name of ['p', 'q', 'v'] as const) {
      expect(errors[name] / spend[name], `relative SE of ${name}`).toBeLessThan(0.25);
      expect(Math.abs(fitted[name] - spend[name]), `${name}: fitted ${fitted[name]}, SE ${errors[name]}`).toBeLessThan(4 * errors[name]);
    }
  });

  it('finds a likelihood at least as high as the true parameters give', () => {
    const atTruth = repeatCustomers.reduce((sum, customer) => sum + computeGammaGammaLogLikelihood(spend, customer.x, customer.monetary_value!), 0);
    expect(fitted.log_likelihood).toBeGreaterThanOrEqual(atTruth);
  });
});

describe('fitGammaGamma input handling', () => {
  const base: CustomerSummary[] = Array.from({ length: 12 }, (_, index) => ({ x: 1 + (index % 3), t_x: 5, T: 10, monetary_value: 20 + 3 * index }));

  it('skips one-time buyers and excludes repeat customers whose net repeat value is not positive', () => {
    const fitted = fit([...base, { x: 0, t_x: 0, T: 4, monetary_value: null }, { x: 2, t_x: 3, T: 4, monetary_value: -5 }, { x: 1, t_x: 3, T: 4, monetary_value: 0 }]);
    expect(fitted.customers).toBe(12);
    expect(fitted.excluded_customers).toBe(2);
  });

  it('points at a repeat customer without a monetary value', () => {
    const result = fitGammaGamma([...base, { x: 2, t_x: 3, T: 4, monetary_value: null }], { fitted_at: fittedAt });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe('VALIDATION_FAILED');
    expect(result.problem.details[0].pointer).toBe('/customers/12/monetary_value');
  });

  it('refuses fewer than 10 usable customers', () => {
    const result = fitGammaGamma(base.slice(0, 9), { fitted_at: fittedAt });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe('MODEL_FIT_FAILED');
  });

  it('refuses spend so heavy-tailed that the mean order value is infinite (q ≤ 1)', () => {
    // Per-customer scales ν ~ Gamma(q = 0.6, v): the population mean p·v/(q−1) does not exist.
    const random = createSeededRandom(3);
    const heavy: CustomerSummary[] = Array.from({ length: 3000 }, () => {
      const scale = sampleGamma(random, 0.6, 10);
      return { x: 1, t_x: 1, T: 2, monetary_value: sampleGamma(random, 5, scale) };
    });
    const result = fitGammaGamma(heavy, { fitted_at: fittedAt });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe('MODEL_FIT_FAILED');
    expect(result.problem.details[0].message).toContain('q =');
  });
});
