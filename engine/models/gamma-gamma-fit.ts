import type { GammaGammaFit } from '../../schemas/types';
import { createProblem, fail, ok, toPointer, type ProblemDetail, type Result } from '../errors';
import type { CustomerSummary } from './customer-summary';
import { createGammaGammaObjective, prepareGammaGammaSample } from './gamma-gamma-likelihood';
import { estimateMaximumLikelihood } from './maximum-likelihood';

export interface GammaGammaFitOptions {
  /** When the fit runs (ISO-8601 UTC), from the caller's clock. */
  fitted_at: string;
  /** BFGS iteration limit per start (default 500). */
  maxIterations?: number;
}

/** A fit needs at least this many repeat customers with a positive mean repeat value. */
export const minimumGammaGammaCustomers = 10;

/**
 * Fits the Gamma-Gamma spend model by maximum likelihood on the customers with repeat purchases
 * (x ≥ 1) — as in the paper, a customer's first purchase is not part of m_x. Customers without repeat
 * purchases carry no information and are skipped; repeat customers whose mean repeat value is zero or
 * negative (refunds) cannot come from a gamma distribution and are skipped and counted in
 * `excluded_customers`. BFGS over (ln p, ln q, ln v) from three starts that all match the sample's mean
 * spend (p·v/(q−1) = mean m_x): (p, q) = (1, 2), (5, 3), (0.5, 5).
 *
 * `MODEL_FIT_FAILED` when fewer than 10 customers are usable, or when the fitted q ≤ 1: the spend
 * distribution is then so heavy-tailed that its mean is infinite (look for outlier orders).
 */
export function fitGammaGamma(customers: readonly CustomerSummary[], options: GammaGammaFitOptions): Result<GammaGammaFit> {
  const details: ProblemDetail[] = [];
  const usable: Array<{ x: number; monetary_value: number }> = [];
  let excluded = 0;
  customers.forEach((customer, index) => {
    if (!(Number.isInteger(customer.x) && customer.x >= 0)) {
      details.push({ pointer: toPointer(['customers', index, 'x']), message: 'x (repeat purchases) must be a whole number ≥ 0.' });
      return;
    }
    if (customer.x === 0) return;
    const value = customer.monetary_value;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      details.push({ pointer: toPointer(['customers', index, 'monetary_value']), message: 'A customer with repeat purchases needs a finite monetary_value (their mean repeat value).' });
    } else if (value <= 0) {
      excluded++;
    } else {
      usable.push({ x: customer.x, monetary_value: value });
    }
  });
  if (details.length > 0) return fail(createProblem('VALIDATION_FAILED', details.slice(0, 50)));
  if (usable.length < minimumGammaGammaCustomers) {
    return fail(createProblem('MODEL_FIT_FAILED', [{
      pointer: '/customers',
      message: `Gamma-Gamma needs at least ${minimumGammaGammaCustomers} customers with repeat purchases of positive value; got ${usable.length}.`,
    }]));
  }

  const meanSpend = usable.reduce((sum, customer) => sum + customer.monetary_value, 0) / usable.length;
  const starts = [[1, 2], [5, 3], [0.5, 5]].map(([p, q]) => [p, q, (meanSpend * (q - 1)) / p]);
  const estimate = estimateMaximumLikelihood(createGammaGammaObjective(prepareGammaGammaSample(usable)), starts, usable.length, {
    maxIterations: options.maxIterations,
  });
  if (!estimate) {
    return fail(createProblem('MODEL_FIT_FAILED', [{ pointer: '/customers', message: 'The Gamma-Gamma likelihood could not be evaluated at any starting point.' }]));
  }
  const [p, q, v] = estimate.parameters;
  if (!(q > 1)) {
    return fail(createProblem('MODEL_FIT_FAILED', [{
      pointer: '/customers',
      message: `The fitted q = ${q.toPrecision(4)} is not above 1: order values are too heavy-tailed for a finite expected value. Check for outlier or test orders.`,
    }]));
  }
  const errors = estimate.standardErrors;
  return ok({
    p,
    q,
    v,
    customers: usable.length,
    excluded_customers: excluded,
    log_likelihood: estimate.logLikelihood,
    iterations: estimate.iterations,
    converged: estimate.converged,
    standard_errors: errors ? { p: errors[0], q: errors[1], v: errors[2] } : null,
    fitted_at: options.fitted_at,
  });
}
