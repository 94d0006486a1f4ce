import { minimizeWithBfgs, type DifferentiableObjective, type MinimizeResult } from './bfgs-minimizer';
import { estimateStandardErrors } from './standard-errors';

/**
 * Maximum-likelihood estimation shared by the models: BFGS on the mean negative log-likelihood over
 * log-parameters, from several starting points, keeping the best optimum. Several starts guard against
 * a start from which the optimiser wanders onto a flat ridge (BG/NBD's b can run off to infinity when a
 * start places dropout far from where the data put it); on well-behaved data they all agree.
 */
export interface MaximumLikelihoodEstimate {
  /** The optimum's parameters (not their logs), in the order of the starts' coordinates. */
  parameters: number[];
  /** The maximised log-likelihood, summed over observations. */
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  /** Standard errors of `parameters`, or null when the observed information is not positive definite. */
  standardErrors: number[] | null;
}

export interface MaximumLikelihoodOptions {
  maxIterations?: number;
}

/**
 * Maximises the likelihood whose mean negative log over `observations` is `objective` (a function of
 * log-parameters). `starts` are parameter vectors on the natural scale. Null when the likelihood could
 * not be evaluated from any start.
 */
export function estimateMaximumLikelihood(
  objective: DifferentiableObjective,
  starts: readonly number[][],
  observations: number,
  options: MaximumLikelihoodOptions = {},
): MaximumLikelihoodEstimate | null {
  let best: MinimizeResult | null = null;
  for (const start of starts) {
    const result = minimizeWithBfgs(objective, start.map(Math.log), { maxIterations: options.maxIterations });
    if (!Number.isFinite(result.value)) continue;
    // Prefer a converged optimum; among equals, the higher likelihood.
    if (!best || (result.converged && !best.converged) || (result.converged === best.converged && result.value < best.value)) best = result;
  }
  if (!best) return null;
  return {
    parameters: Array.from(best.point, Math.exp),
    logLikelihood: -best.value * observations,
    iterations: best.iterations,
    converged: best.converged,
    standardErrors: estimateStandardErrors(objective, best.point, observations),
  };
}
