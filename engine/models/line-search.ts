/**
 * A line search that finds a step satisfying the strong Wolfe conditions (Nocedal & Wright, Numerical
 * Optimization, 2nd ed., Algorithms 3.5 and 3.6): enough decrease of f, and a slope flat enough that
 * BFGS's curvature pair (s, y) has sᵀy > 0 — which keeps its inverse-Hessian estimate positive definite.
 *
 * Steps where f is not finite (a parameter overflowed) count as "too long": the search shrinks back
 * from them by bisection.
 */

/** f and its slope along the search direction at one step length, with the full gradient there. */
export interface LineSearchPoint {
  step: number;
  value: number;
  slope: number;
  gradient: Float64Array;
}

/** Evaluates f(x + step·d): the value, the directional derivative and the gradient. */
export type LineFunction = (step: number) => LineSearchPoint;

/** Armijo constant c₁ and curvature constant c₂; N&W's usual choices for quasi-Newton methods. */
const sufficientDecrease = 1e-4;
const curvature = 0.9;
const maximumExpansions = 30;
const maximumZoomSteps = 30;

/**
 * A step along a descent direction (start.slope < 0) satisfying the strong Wolfe conditions, or, when
 * none is found before the bracket collapses, the best step that still satisfies sufficient decrease.
 * Null when no step decreases f at all.
 */
export function searchStrongWolfe(
  line: LineFunction,
  start: LineSearchPoint,
  initialStep: number,
  maximumStep: number,
): LineSearchPoint | null {
  let previous = start;
  let step = Math.min(initialStep, maximumStep);
  for (let attempt = 0; attempt < maximumExpansions; attempt++) {
    const point = line(step);
    if (!isAcceptableDecrease(point, start) || (attempt > 0 && point.value >= previous.value)) {
      return zoom(line, start, previous, point);
    }
    if (Math.abs(point.slope) <= -curvature * start.slope) return point;
    if (point.slope >= 0) return zoom(line, start, point, previous);
    // Still descending steeply: expand, unless the step limit is reached (then settle for decrease).
    if (step >= maximumStep) return point;
    previous = point;
    step = Math.min(2 * step, maximumStep);
  }
  return previous.step > 0 ? previous : null;
}

/** Narrows [low, high] — low always satisfies sufficient decrease — until a strong Wolfe step appears. */
function zoom(line: LineFunction, start: LineSearchPoint, low: LineSearchPoint, high: LineSearchPoint): LineSearchPoint | null {
  for (let iteration = 0; iteration < maximumZoomSteps; iteration++) {
    const point = line(interpolateStep(low, high));
    if (!isAcceptableDecrease(point, start) || point.value >= low.value) {
      high = point;
    } else {
      if (Math.abs(point.slope) <= -curvature * start.slope) return point;
      if (point.slope * (high.step - low.step) >= 0) high = low;
      low = point;
    }
    if (Math.abs(high.step - low.step) <= 1e-14 * Math.max(1, Math.abs(low.step))) break;
  }
  return low.step > 0 ? low : null;
}

function isAcceptableDecrease(point: LineSearchPoint, start: LineSearchPoint): boolean {
  return Number.isFinite(point.value) && Number.isFinite(point.slope)
    && point.value <= start.value + sufficientDecrease * point.step * start.slope;
}

/**
 * The minimiser of the cubic through both ends' values and slopes (N&W eq. 3.59), kept at least 10 %
 * of the interval away from either end; bisection when an end is not finite or the cubic has no minimum.
 */
function interpolateStep(low: LineSearchPoint, high: LineSearchPoint): number {
  const left = Math.min(low.step, high.step);
  const width = Math.abs(high.step - low.step);
  const midpoint = left + width / 2;
  if (![low.value, low.slope, high.value, high.slope].every(Number.isFinite)) return midpoint;
  const d1 = low.slope + high.slope - (3 * (low.value - high.value)) / (low.step - high.step);
  const discriminant = d1 * d1 - low.slope * high.slope;
  if (discriminant < 0) return midpoint;
  const d2 = Math.sign(high.step - low.step) * Math.sqrt(discriminant);
  const step = high.step - (high.step - low.step) * ((high.slope + d2 - d1) / (high.slope - low.slope + 2 * d2));
  if (!Number.isFinite(step)) return midpoint;
  return Math.min(Math.max(step, left + 0.1 * width), left + 0.9 * width);
}
