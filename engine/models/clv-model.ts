import type { ClvModel } from '../../schemas/types';
import { createProblem, fail, ok, type Result } from '../errors';
import { fitBgNbd } from './bg-nbd-fit';
import type { CustomerSummary } from './customer-summary';
import { fitGammaGamma } from './gamma-gamma-fit';
import { parseTime } from './order-day-statistics';
import { isTimeUnit, timeUnits, type TimeUnit } from './time-unit';

export interface ClvModelFitOptions {
  time_unit: TimeUnit;
  /** The day the summaries were taken at (their T is measured to it); ISO-8601 or YYYY-MM-DD. */
  observation_end: string;
  /** When the fit runs (ISO-8601 UTC), from the caller's clock. */
  fitted_at: string;
}

/**
 * Fits both halves of the CLV model on one workspace's customer summaries: BG/NBD on every customer
 * with an order, Gamma-Gamma on those with repeat purchases. This is what `POST /api/models/clv/fit`
 * runs; the result is stored and read by `computeClvTraits`.
 *
 * @example
 * const summaries = customers.map((c) => summarizeOrderDays(statisticsOf(c), { observation_end: today, time_unit: 'days' }));
 * fitClvModel(summaries, { time_unit: 'days', observation_end: today, fitted_at: toIsoTime(clock.now()) })
 */
export function fitClvModel(customers: readonly CustomerSummary[], options: ClvModelFitOptions): Result<ClvModel> {
  if (!isTimeUnit(options.time_unit)) {
    return fail(createProblem('VALIDATION_FAILED', [{ pointer: '/time_unit', message: `time_unit must be one of ${timeUnits.join(', ')}.` }]));
  }
  if (Number.isNaN(parseTime(options.observation_end))) {
    return fail(createProblem('VALIDATION_FAILED', [{ pointer: '/observation_end', message: 'observation_end must be an ISO-8601 time or a YYYY-MM-DD day.' }]));
  }
  const bgNbd = fitBgNbd(customers, { time_unit: options.time_unit, fitted_at: options.fitted_at });
  if (!bgNbd.ok) return bgNbd;
  const gammaGamma = fitGammaGamma(customers, { fitted_at: options.fitted_at });
  if (!gammaGamma.ok) return gammaGamma;
  return ok({
    time_unit: options.time_unit,
    observation_end: new Date(parseTime(options.observation_end)).toISOString().slice(0, 10),
    fitted_at: options.fitted_at,
    bg_nbd: bgNbd.value,
    gamma_gamma: gammaGamma.value,
  });
}
