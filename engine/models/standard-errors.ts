import type { DifferentiableObjective } from './bfgs-minimizer';

/**
 * Asymptotic standard errors of maximum-likelihood estimates from the observed information: the inverse
 * of the Hessian of the negative log-likelihood at the optimum. The Hessian comes from central
 * differences of the analytic gradient; the models fit log-parameters, so the delta method carries the
 * errors back to the parameters themselves: SE(θ) ≈ θ · SE(ln θ).
 */

/**
 * Standard errors of exp(point[i]) for an objective that is the MEAN negative log-likelihood over
 * `observations` independent customers, minimised over log-parameters. Null when the Hessian is not
 * positive definite (the optimum is flat or not a maximum of the likelihood in some direction).
 */
export function estimateStandardErrors(objective: DifferentiableObjective, point: Float64Array, observations: number): number[] | null {
  const hessian = differentiateGradient(objective, point);
  if (!hessian) return null;
  const inverseDiagonal = invertedDiagonalOfPositiveDefinite(hessian, point.length);
  if (!inverseDiagonal) return null;
  return inverseDiagonal.map((variance, index) => Math.exp(point[index]) * Math.sqrt(variance / observations));
}

/** Symmetrised Hessian by central differences of the gradient, row-major. */
function differentiateGradient(objective: DifferentiableObjective, point: Float64Array): Float64Array | null {
  const size = point.length;
  const hessian = new Float64Array(size * size);
  const forward = new Float64Array(size);
  const backward = new Float64Array(size);
  for (let column = 0; column < size; column++) {
    // Step ~ cube root of machine epsilon: balances truncation and rounding error of a central difference.
    const step = 1e-5 * Math.max(1, Math.abs(point[column]));
    const shifted = Float64Array.from(point);
    shifted[column] = point[column] + step;
    const forwardValue = objective(shifted, forward);
    shifted[column] = point[column] - step;
    const backwardValue = objective(shifted, backward);
    if (!Number.isFinite(forwardValue) || !Number.isFinite(backwardValue)) return null;
    for (let row = 0; row < size; row++) hessian[row * size + column] = (forward[row] - backward[row]) / (2 * step);
  }
  for (let row = 0; row < size; row++) {
    for (let column = row + 1; column < size; column++) {
      const mean = (hessian[row * size + column] + hessian[column * size + row]) / 2;
      hessian[row * size + column] = mean;
      hessian[column * size + row] = mean;
    }
  }
  return hessian;
}

/**
 * diag(A⁻¹) for a symmetric positive-definite A via its Cholesky factor L (A = LLᵀ):
 * (A⁻¹)ᵢᵢ = Σₖ (L⁻¹)ₖᵢ². Null when A is not positive definite.
 */
function invertedDiagonalOfPositiveDefinite(matrix: Float64Array, size: number): number[] | null {
  const lower = new Float64Array(size * size);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column <= row; column++) {
      let sum = matrix[row * size + column];
      for (let k = 0; k < column; k++) sum -= lower[row * size + k] * lower[column * size + k];
      if (row === column) {
        if (!(sum > 0)) return null;
        lower[row * size + row] = Math.sqrt(sum);
      } else {
        lower[row * size + column] = sum / lower[column * size + column];
      }
    }
  }
  // Forward substitution, column by column, for L⁻¹ (lower triangular).
  const inverse = new Float64Array(size * size);
  for (let column = 0; column < size; column++) {
    for (let row = column; row < size; row++) {
      let sum = row === column ? 1 : 0;
      for (let k = column; k < row; k++) sum -= lower[row * size + k] * inverse[k * size + column];
      inverse[row * size + column] = sum / lower[row * size + row];
    }
  }
  const diagonal: number[] = [];
  for (let index = 0; index < size; index++) {
    let sum = 0;
    for (let k = index; k < size; k++) sum += inverse[k * size + index] ** 2;
    diagonal.push(sum);
  }
  return diagonal;
}
