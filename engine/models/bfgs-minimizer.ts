import { searchStrongWolfe, type LineSearchPoint } from './line-search';

/**
 * The BFGS quasi-Newton minimiser (Nocedal & Wright, Numerical Optimization, 2nd ed., Algorithm 6.1) with
 * a strong-Wolfe line search. The models minimise their mean negative log-likelihood over the logs of
 * their parameters, so every point is a valid parameter vector and the problem is unconstrained.
 */

/** f at a point; writes ∇f into `gradient`. May return NaN or ±∞ where f is undefined. */
export type DifferentiableObjective = (point: Float64Array, gradient: Float64Array) => number;

export interface MinimizeOptions {
  /** Iteration limit (default 500). */
  maxIterations?: number;
  /** Converged when every gradient component is at most this in absolute value (default 1e-8). */
  gradientTolerance?: number;
  /** Largest change of any coordinate in one iteration (default 5: a factor e⁵ ≈ 148 on a log-parameter). */
  maxCoordinateStep?: number;
}

export type MinimizeStopReason = 'gradient-small' | 'no-further-progress' | 'iteration-limit' | 'line-search-failed' | 'not-finite';

export interface MinimizeResult {
  point: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  /**
   * True when the gradient is within tolerance, or when no step can decrease f any further (the line
   * search fails, or f stops changing) with the gradient within 1000 × tolerance. The second case is the
   * precision floor: near the optimum f(x+δ) − f(x) ≈ ½δᵀHδ, so once the gradient is about 1e-8 the
   * decrease a step could make (~1e-16) is below the rounding of an f of size ~10 — a mean
   * log-likelihood — and cannot be verified. Parameters are then resolved to ~1e-6 relative, far inside
   * their standard errors.
   */
  converged: boolean;
  stopReason: MinimizeStopReason;
}

/**
 * Minimises `objective` from `start`.
 *
 * @example
 * const rosenbrock: DifferentiableObjective = ([x, y], g) => {
 *   g[0] = -2 * (1 - x) - 400 * x * (y - x * x); g[1] = 200 * (y - x * x);
 *   return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
 * };
 * minimizeWithBfgs(rosenbrock, [-1.2, 1]).point // ≈ [1, 1]
 */
export function minimizeWithBfgs(objective: DifferentiableObjective, start: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.gradientTolerance ?? 1e-8;
  const maxCoordinateStep = options.maxCoordinateStep ?? 5;
  const size = start.length;

  let point: Float64Array = Float64Array.from(start);
  let gradient: Float64Array = new Float64Array(size);
  let value = objective(point, gradient);
  let evaluations = 1;
  const finish = (iterations: number, stopReason: MinimizeStopReason): MinimizeResult => {
    const gradientNorm = maxAbs(gradient);
    const isStuck = stopReason === 'no-further-progress' || stopReason === 'line-search-failed';
    const converged = stopReason === 'gradient-small' || (isStuck && gradientNorm <= 1000 * tolerance);
    return { point, value, gradient, iterations, evaluations, converged, stopReason };
  };
  if (!Number.isFinite(value) || !gradient.every(Number.isFinite)) return finish(0, 'not-finite');

  let inverseHessian = identity(size);
  let hasCurvature = false;
  let stalledIterations = 0;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(gradient) <= tolerance) return finish(iteration, 'gradient-small');

    let direction = multiply(inverseHessian, gradient, -1);
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      // Rounding has made the estimate indefinite: restart from steepest descent.
      inverseHessian = identity(size);
      hasCurvature = false;
      direction = gradient.map((component) => -component);
      slope = -dot(gradient, gradient);
    }

    // At the precision floor a step could at best gain about −slope/2 (the quasi-Newton model's
    // decrease), less than f's own rounding: a line search would only burn evaluations.
    if (-slope <= 1e-14 * Math.abs(value) && maxAbs(gradient) <= 1000 * tolerance) {
      return finish(iteration, 'no-further-progress');
    }

    const here = point;
    const line = (step: number): LineSearchPoint => {
      const trial = here.map((coordinate, index) => coordinate + step * direction[index]);
      const trialGradient = new Float64Array(size);
      const trialValue = objective(trial, trialGradient);
      evaluations++;
      return { step, value: trialValue, slope: dot(trialGradient, direction), gradient: trialGradient };
    };
    const directionSize = maxAbs(direction);
    const maximumStep = maxCoordinateStep / directionSize;
    // Before any curvature is known a unit step has no natural scale: move the largest coordinate by 1.
    const initialStep = hasCurvature ? 1 : Math.min(1, 1 / directionSize);
    const accepted = searchStrongWolfe(line, { step: 0, value, slope, gradient }, initialStep, maximumStep);
    if (!accepted) {
      if (hasCurvature) {
        inverseHessian = identity(size);
        hasCurvature = false;
        continue;
      }
      return finish(iteration, 'line-search-failed');
    }

    const stepVector = direction.map((component) => accepted.step * component);
    const gradientChange = accepted.gradient.map((component, index) => component - gradient[index]);
    const previousValue = value;
    point = here.map((coordinate, index) => coordinate + stepVector[index]);
    value = accepted.value;
    gradient = accepted.gradient;

    const curvature = dot(stepVector, gradientChange);
    if (curvature > 1e-12 * norm(stepVector) * norm(gradientChange)) {
      if (!hasCurvature) {
        // N&W eq. 6.20: scale the first estimate to the observed curvature before updating it.
        inverseHessian = identity(size, curvature / dot(gradientChange, gradientChange));
        hasCurvature = true;
      }
      updateInverseHessian(inverseHessian, stepVector, gradientChange, curvature);
    }

    stalledIterations = Math.abs(previousValue - value) <= 1e-15 * Math.max(1, Math.abs(value)) ? stalledIterations + 1 : 0;
    if (stalledIterations >= 3) return finish(iteration + 1, 'no-further-progress');
  }
  return finish(maxIterations, maxAbs(gradient) <= tolerance ? 'gradient-small' : 'iteration-limit');
}

/** H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ with ρ = 1/(sᵀy), expanded so it costs O(n²). */
function updateInverseHessian(inverseHessian: Float64Array, step: Float64Array, gradientChange: Float64Array, curvature: number): void {
  const size = step.length;
  const rho = 1 / curvature;
  const hy = multiply(inverseHessian, gradientChange, 1);
  const yhy = dot(gradientChange, hy);
  const outerScale = rho * rho * yhy + rho;
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      inverseHessian[row * size + column] += -rho * (hy[row] * step[column] + step[row] * hy[column]) + outerScale * step[row] * step[column];
    }
  }
}

function identity(size: number, scale = 1): Float64Array {
  const matrix = new Float64Array(size * size);
  for (let index = 0; index < size; index++) matrix[index * size + index] = scale;
  return matrix;
}

function multiply(matrix: Float64Array, vector: Float64Array, scale: number): Float64Array {
  const size = vector.length;
  const result = new Float64Array(size);
  for (let row = 0; row < size; row++) {
    let sum = 0;
    for (let column = 0; column < size; column++) sum += matrix[row * size + column] * vector[column];
    result[row] = scale * sum;
  }
  return result;
}

function dot(left: Float64Array, right: Float64Array): number {
  let sum = 0;
  for (let index = 0; index < left.length; index++) sum += left[index] * right[index];
  return sum;
}

function norm(vector: Float64Array): number {
  return Math.sqrt(dot(vector, vector));
}

function maxAbs(vector: Float64Array): number {
  let largest = 0;
  // Math.max propagates NaN, so a NaN component makes the norm NaN and every "≤ tolerance" test fail.
  for (const component of vector) largest = Math.max(largest, Math.abs(component));
  return largest;
}
