import type { BgNbdFit } from '../../schemas/types';
import { createProblem, fail, ok, type Result } from '../errors';
import { createBgNbdObjective, prepareBgNbdSample } from './bg-nbd-likelihood';
import { checkCustomerSummaries, type CustomerSummary } from './customer-summary';
import { estimateMaximumLikelihood } from './maximum-likelihood';
import type { TimeUnit } from './time-unit';

export interface BgNbdFitOptions {
  /** The unit the summaries' t_x and T are in; recorded with the parameters. */
  time_unit: TimeUnit;
  /** When the fit runs (ISO-8601 UTC), from the caller's clock. */
  fitted_at: string;
  /** BFGS iteration limit per start (default 500). */
  maxIterations?: number;
}

/** A fit needs at least this many customers and this many repeat customers (x > 0). */
export const minimumBgNbdCustomers = 10;
export const minimumBgNbdRepeatCustomers = 2;

/**
 * Fits the BG/NBD by maximum likelihood: BFGS over (ln r, ln α, ln a, ln b) with the analytic gradient,
 * from three starts (purchase rate r/α set to the sample's mean repeat rate Σx/ΣT, with r, a, b at
 * 1/1/1, 0.3/0.5/3 and 3/2/10), keeping the best. `VALIDATION_FAILED` for malformed summaries,
 * `MODEL_FIT_FAILED` when there is too little data or the likelihood cannot be evaluated.
 *
 * @example
 * const summaries = unwrap(summarizeTransactions(cdnowSample, { observation_end: '1997-09-30', time_unit: 'weeks' }));
 * fitBgNbd(summaries, { time_unit: 'weeks', fitted_at: toIsoTime(clock.now()) })
 * // { ok: true, value: { r: 0.2426, alpha: 4.414, a: 0.7929, b: 2.426, log_likelihood: -9582.43, … } }
 */
export function fitBgNbd(customers: readonly CustomerSummary[], options: BgNbdFitOptions): Result<BgNbdFit> {
  const details = checkCustomerSummaries(customers);
  if (details.length > 0) return fail(createProblem('VALIDATION_FAILED', details));
  const repeatCustomers = customers.filter((customer) => customer.x > 0).length;
  if (customers.length < minimumBgNbdCustomers || repeatCustomers < minimumBgNbdRepeatCustomers) {
    return fail(createProblem('MODEL_FIT_FAILED', [{
      pointer: '/customers',
      message: `BG/NBD needs at least ${minimumBgNbdCustomers} customers of whom ${minimumBgNbdRepeatCustomers} ordered again on a later day; got ${customers.length} customers, ${repeatCustomers} repeat.`,
    }]));
  }

  let purchases = 0;
  let exposure = 0;
  for (const customer of customers) {
    purchases += customer.x;
    exposure += customer.T;
  }
  const rate = exposure > 0 ? purchases / exposure : 1;
  const starts = [[1, 1, 1], [0.3, 0.5, 3], [3, 2, 10]].map(([r, a, b]) => [r, r / rate, a, b]);
  const objective = createBgNbdObjective(prepareBgNbdSample(customers));
  const estimate = estimateMaximumLikelihood(objective, starts, customers.length, { maxIterations: options.maxIterations });
  if (!estimate) {
    return fail(createProblem('MODEL_FIT_FAILED', [{ pointer: '/customers', message: 'The BG/NBD likelihood could not be evaluated at any starting point.' }]));
  }
  const [r, alpha, a, b] = estimate.parameters;
  const errors = estimate.standardErrors;
  return ok({
    r,
    alpha,
    a,
    b,
    time_unit: options.time_unit,
    customers: customers.length,
    repeat_customers: repeatCustomers,
    log_likelihood: estimate.logLikelihood,
    iterations: estimate.iterations,
    converged: estimate.converged,
    standard_errors: errors ? { r: errors[0], alpha: errors[1], a: errors[2], b: errors[3] } : null,
    fitted_at: options.fitted_at,
  });
}
