import { describe, expect, it } from 'vitest';
import { minimizeWithBfgs, type DifferentiableObjective } from '../../engine/models';

const rosenbrock: DifferentiableObjective = (point, gradient) => {
  const [x, y] = point;
  gradient[0] = -2 * (1 - x) - 400 * x * (y - x * x);
  gradient[1] = 200 * (y - x * x);
  return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
};

describe('minimizeWithBfgs', () => {
  it('finds the minimum of the Rosenbrock valley from the classic start (−1.2, 1)', () => {
    const result = minimizeWithBfgs(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.stopReason).toBe('gradient-small');
    expect(result.point[0]).toBeCloseTo(1, 8);
    expect(result.point[1]).toBeCloseTo(1, 8);
    expect(result.iterations).toBeLessThan(100);
  });

  it('minimises a badly scaled quadratic exactly (curvatures 1 and 10⁶)', () => {
    const quadratic: DifferentiableObjective = ([x, y], gradient) => {
      gradient[0] = x - 3;
      gradient[1] = 1e6 * (y + 2);
      return 0.5 * (x - 3) ** 2 + 0.5e6 * (y + 2) ** 2;
    };
    const result = minimizeWithBfgs(quadratic, [0, 0]);
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBeCloseTo(3, 9);
    expect(result.point[1]).toBeCloseTo(-2, 12);
  });

  it('backs off from steps where the objective is not finite', () => {
    // ln-barrier: undefined (NaN) for x ≤ 0, minimum at x = 1; a unit Newton-like step from x = 0.01 overshoots.
    const barrier: DifferentiableObjective = ([x], gradient) => {
      if (!(x > 0)) {
        gradient[0] = Number.NaN;
        return Number.NaN;
      }
      gradient[0] = 1 - 1 / x;
      return x - Math.log(x);
    };
    const result = minimizeWithBfgs(barrier, [0.01]);
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBeCloseTo(1, 8);
  });

  it('reports non-convergence honestly when the iteration budget is too small', () => {
    const result = minimizeWithBfgs(rosenbrock, [-1.2, 1], { maxIterations: 3 });
    expect(result.converged).toBe(false);
    expect(result.stopReason).toBe('iteration-limit');
    expect(result.iterations).toBe(3);
  });

  it('reports an unbounded objective as not converged instead of looping', () => {
    const unbounded: DifferentiableObjective = ([x], gradient) => {
      gradient[0] = -1;
      return -x;
    };
    const result = minimizeWithBfgs(unbounded, [0], { maxIterations: 50 });
    expect(result.converged).toBe(false);
  });

  it('refuses a start where the objective cannot be evaluated', () => {
    const result = minimizeWithBfgs(() => Number.NaN, [1, 2]);
    expect(result).toMatchObject({ converged: false, stopReason: 'not-finite', iterations: 0 });
  });
});
