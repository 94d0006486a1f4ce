import { describe, expect, it } from 'vitest';
import {
  computeBgNbdLogLikelihood,
  createSeededRandom,
  fitBgNbd,
  simulateBgNbdCustomers,
  type BgNbdFit,
  type BgNbdParameters,
  type CustomerSummary,
} from '../../engine/models';

const truth: BgNbdParameters = { r: 0.6, alpha: 5, a: 0.8, b: 2.5 };
const parameterNames = ['r', 'alpha', 'a', 'b'] as const;
const fittedAt = '2024-06-01T00:00:00.000Z';

function fit(customers: readonly CustomerSummary[]): BgNbdFit {
  const result = fitBgNbd(customers, { time_unit: 'weeks', fitted_at: fittedAt });
  if (!result.ok) throw new Error(JSON.stringify(result.problem));
  return result.value;
}

function totalLogLikelihood(parameters: BgNbdParameters, customers: readonly CustomerSummary[]): number {
  return customers.reduce((sum, customer) => sum + computeBgNbdLogLikelihood(parameters, customer), 0);
}

describe('fitBgNbd on data simulated from the BG/NBD process', () => {
  // 4,000 customers acquired over a year, observed 26–78 weeks: a CDNOW-sized cohort with more history.
  const customers = simulateBgNbdCustomers(truth, { customers: 4000, age: [26, 78], random: createSeededRandom(20240601) });
  const fitted = fit(customers);

  it('converges and reports what it did', () => {
    expect(fitted.converged).toBe(true);
    expect(fitted.customers).toBe(4000);
    expect(fitted.repeat_customers).toBe(customers.filter((customer) => customer.x > 0).length);
    expect(fitted.iterations).toBeGreaterThan(0);
    expect(fitted).toMatchObject({ time_unit: 'weeks', fitted_at: fittedAt });
  });

  it('recovers every parameter within 4 standard errors, and the standard errors are small', () => {
    // Tolerance: the MLE is asymptotically normal around the truth with the reported standard error
    // (the next test checks those errors against the spread of replicate fits), so a 4-SE band fails
    // by chance with probability ≈ 6e-5 per parameter. Requiring SE/θ < 15 % keeps the band meaningful.
    const errors = fitted.standard_errors!;
    for (const name of parameterNames) {
      expect(errors[name] / truth[name], `relative SE of ${name}`).toBeLessThan(0.15);
      expect(Math.abs(fitted[name] - truth[name]), `${name}: fitted ${fitted[name]}, SE ${errors[name]}`).toBeLessThan(4 * errors[name]);
    }
  });

  it('finds a likelihood at least as high as the true parameters give', () => {
    expect(fitted.log_likelihood).toBeGreaterThanOrEqual(totalLogLikelihood(truth, customers));
    expect(fitted.log_likelihood).toBeCloseTo(totalLogLikelihood(fitted, customers), 6);
  });

  it('reports standard errors that match the spread of replicate fits', () => {
    const estimates: number[][] = [];
    const reported: number[][] = [];
    for (let replicate = 0; replicate < 30; replicate++) {
      const sample = simulateBgNbdCustomers(truth, { customers: 1000, age: [26, 78], random: createSeededRandom(1000 + replicate) });
      const replicateFit = fit(sample);
      expect(replicateFit.converged).toBe(true);
      estimates.push(parameterNames.map((name) => replicateFit[name]));
      reported.push(parameterNames.map((name) => replicateFit.standard_errors![name]));
    }
    parameterNames.forEach((name, index) => {
      const values = estimates.map((estimate) => estimate[index]);
      const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
      const spread = Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
      const meanReported = reported.reduce((sum, errors) => sum + errors[index], 0) / reported.length;
      // The SD of 30 replicates is itself uncertain by ~13 %; [0.6, 1.5] is more than 3 of those wide.
      expect(spread / meanReported, name).toBeGreaterThan(0.6);
      expect(spread / meanReported, name).toBeLessThan(1.5);
    });
  });

  it('does not depend on the order of the customers', () => {
    const reversed = fit([...customers].reverse());
    for (const name of parameterNames) expect(reversed[name]).toBeCloseTo(fitted[name], 5);
  });
});

describe('fitBgNbd input checks', () => {
  it('points at malformed summaries', () => {
    const result = fitBgNbd([{ x: -1, t_x: 0, T: 5, monetary_value: null }, { x: 1, t_x: 9, T: 5, monetary_value: null }], { time_unit: 'days', fitted_at: fittedAt });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe('VALIDATION_FAILED');
    expect(result.problem.details.map((detail) => detail.pointer)).toEqual(['/customers/0/x', '/customers/1/t_x']);
  });

  it('refuses too little data with MODEL_FIT_FAILED and says what is missing', () => {
    const oneTimeBuyers: CustomerSummary[] = Array.from({ length: 50 }, (_, index) => ({ x: 0, t_x: 0, T: 10 + index, monetary_value: null }));
    const result = fitBgNbd(oneTimeBuyers, { time_unit: 'days', fitted_at: fittedAt });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe('MODEL_FIT_FAILED');
    expect(result.problem.details[0].message).toContain('0 repeat');
    const tooFew = fitBgNbd(oneTimeBuyers.slice(0, 3), { time_unit: 'days', fitted_at: fittedAt });
    expect(tooFew.ok).toBe(false);
  });
});
