import { describe, expect, it } from 'vitest';
import { createSeededRandom, fitClvModel, simulateBgNbdCustomers } from '../../engine/models';

describe('fitClvModel', () => {
  const customers = simulateBgNbdCustomers({ r: 0.5, alpha: 20, a: 0.9, b: 3 }, {
    customers: 2000,
    age: [30, 365],
    random: createSeededRandom(99),
    spend: { p: 4, q: 5, v: 120 },
  });

  it('fits both models and records the unit, the observation end and the fit time', () => {
    const result = fitClvModel(customers, { time_unit: 'days', observation_end: '2024-05-31T23:00:00Z', fitted_at: '2024-06-01T00:00:00.000Z' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({ time_unit: 'days', observation_end: '2024-05-31', fitted_at: '2024-06-01T00:00:00.000Z' });
    expect(result.value.bg_nbd).toMatchObject({ time_unit: 'days', customers: 2000, converged: true });
    expect(result.value.gamma_gamma).toMatchObject({ customers: customers.filter((customer) => customer.x > 0).length, converged: true });
  });

  it('refuses an unknown time unit or observation end with a pointer', () => {
    const unit = fitClvModel(customers, { time_unit: 'months' as 'days', observation_end: '2024-05-31', fitted_at: '2024-06-01T00:00:00.000Z' });
    expect(!unit.ok && unit.problem.details[0].pointer).toBe('/time_unit');
    const end = fitClvModel(customers, { time_unit: 'days', observation_end: 'last week', fitted_at: '2024-06-01T00:00:00.000Z' });
    expect(!end.ok && end.problem.details[0].pointer).toBe('/observation_end');
  });

  it('fails as a whole when either half cannot be fitted', () => {
    // Repeat customers exist (BG/NBD fits) but none has a positive repeat value (Gamma-Gamma cannot).
    const refunded = customers.map((customer) => ({ ...customer, monetary_value: customer.x > 0 ? -1 : null }));
    const result = fitClvModel(refunded, { time_unit: 'days', observation_end: '2024-05-31', fitted_at: '2024-06-01T00:00:00.000Z' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe('MODEL_FIT_FAILED');
    expect(result.problem.details[0].message).toContain('Gamma-Gamma');
  });
});
