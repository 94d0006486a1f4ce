/**
 * Statistical models of customer value: BG/NBD (how many more orders, and is the customer still
 * active), Gamma-Gamma (how much they will spend per order), fitted by maximum likelihood, and the CLV
 * they combine into. Pure: numbers in, numbers out; "now" is always passed in. Definitions: docs/traits.md.
 */
export { computeBgNbdLogLikelihood, createBgNbdObjective, prepareBgNbdSample, type BgNbdParameters, type BgNbdSample } from './bg-nbd-likelihood';
export { fitBgNbd, minimumBgNbdCustomers, minimumBgNbdRepeatCustomers, type BgNbdFitOptions } from './bg-nbd-fit';
export { computeExpectedPurchases, computeExpectedPurchasesOfNewCustomer, computeProbabilityAlive } from './bg-nbd-prediction';
export { simulateBgNbdCustomers, type SimulationOptions } from './bg-nbd-simulation';
export { minimizeWithBfgs, type DifferentiableObjective, type MinimizeOptions, type MinimizeResult, type MinimizeStopReason } from './bfgs-minimizer';
export { fitClvModel, type ClvModelFitOptions } from './clv-model';
export { computeCustomerLifetimeValue, type LifetimeValue, type LifetimeValueOptions } from './customer-lifetime-value';
export {
  checkCustomerSummaries,
  summarizeOrderDays,
  summarizeTransactions,
  type CustomerSummary,
  type IdentifiedCustomerSummary,
  type SummaryOptions,
  type Transaction,
} from './customer-summary';
export { digamma, logGamma } from './gamma-function';
export { fitGammaGamma, minimumGammaGammaCustomers, type GammaGammaFitOptions } from './gamma-gamma-fit';
export {
  computeGammaGammaLogLikelihood,
  createGammaGammaObjective,
  prepareGammaGammaSample,
  type GammaGammaParameters,
  type GammaGammaSample,
} from './gamma-gamma-likelihood';
export { computeExpectedOrderValue } from './gamma-gamma-prediction';
export { hypergeometric2F1, hypergeometric2F1Excess } from './hypergeometric-function';
export { searchStrongWolfe, type LineFunction, type LineSearchPoint } from './line-search';
export { estimateMaximumLikelihood, type MaximumLikelihoodEstimate, type MaximumLikelihoodOptions } from './maximum-likelihood';
export {
  collectOrderDayStatistics,
  dayNumberOf,
  dayOfNumber,
  parseTime,
  type OrderDayStatistics,
  type TimedOrder,
} from './order-day-statistics';
export { sampleBeta, sampleExponential, sampleGamma, sampleStandardNormal } from './random-variates';
export { createSeededRandom, type RandomSource } from './seeded-random';
export { estimateStandardErrors } from './standard-errors';
export { daysPerTimeUnit, isTimeUnit, timeUnits, type TimeUnit } from './time-unit';
export type { BgNbdFit, BgNbdStandardErrors, ClvModel, GammaGammaFit, GammaGammaStandardErrors, ModelTimeUnit } from '../../schemas/types';
