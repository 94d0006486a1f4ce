import { describe, expect, it } from 'vitest';
import { hypergeometric2F1, hypergeometric2F1Excess, logGamma } from '../../engine/models';

// mpmath 1.3.0 hyp2f1 computed at 40 digits (for the float arguments as written), as the nearest double.
const mpmathValues: Array<[a: number, b: number, c: number, z: number, value: number]> = [
  [0.5, 0.5, 1.5, 0.25, 1.0471975511965979],
  [2.3, 1.7, 4.1, 0.9, 5.441217848043509],
  [1, 1, 2, 0.999, 6.914669948931067],
  [2.243, 4.426, 4.219, 0.5, 5.161693901383613],
  [3.5, -0.2, 2.2, -3.7, 1.4854354860859267],
  [1.5, 2.5, 0.7, -50, -0.0006385402010043595],
  [10.25, 0.75, 5.5, 0.6, 6.356825961096562],
  [-3, 2.5, 1.5, 0.7, -0.09900000000000002],
  [2.2, 1.4, -0.6, 0.4, -52.07384967741447],
  [5, 5, 1.5, -0.99, 0.0023825450453614596],
];

function expectRelativelyClose(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('hypergeometric2F1', () => {
  it.each(mpmathValues)('₂F₁(%s, %s; %s; %s) matches mpmath to 1e-13', (a, b, c, z, value) => {
    expectRelativelyClose(hypergeometric2F1(a, b, c, z), value, 1e-13);
  });

  it('matches elementary closed forms', () => {
    for (const z of [-0.9, -0.3, 0.2, 0.75, 0.95]) {
      // ₂F₁(1, 1; 2; z) = −ln(1−z)/z
      expectRelativelyClose(hypergeometric2F1(1, 1, 2, z), -Math.log1p(-z) / z, 1e-14);
      // ₂F₁(a, b; b; z) = (1−z)^(−a)
      expectRelativelyClose(hypergeometric2F1(2.7, 1.3, 1.3, z), Math.pow(1 - z, -2.7), 1e-13);
      // ₂F₁(1/2, 1; 3/2; −y²) = arctan(y)/y with z = −y²
      if (z < 0) expectRelativelyClose(hypergeometric2F1(0.5, 1, 1.5, z), Math.atan(Math.sqrt(-z)) / Math.sqrt(-z), 1e-14);
      // ₂F₁(1/2, 1/2; 3/2; y²) = arcsin(y)/y with z = y²
      if (z > 0) expectRelativelyClose(hypergeometric2F1(0.5, 0.5, 1.5, z), Math.asin(Math.sqrt(z)) / Math.sqrt(z), 1e-14);
    }
  });

  it("matches Kummer's theorem at z = −1: ₂F₁(a, b; 1+a−b; −1) = Γ(1+a−b)Γ(1+a/2) / (Γ(1+a)Γ(1+a/2−b))", () => {
    for (const [a, b] of [[0.7, 0.3], [2.5, 1.2], [4, 0.5]]) {
      const expected = Math.exp(logGamma(1 + a - b) + logGamma(1 + a / 2) - logGamma(1 + a) - logGamma(1 + a / 2 - b));
      expectRelativelyClose(hypergeometric2F1(a, b, 1 + a - b, -1), expected, 1e-13);
    }
  });

  it('terminates as a polynomial when a parameter is a non-positive integer', () => {
    // ₂F₁(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1))
    const [b, c, z] = [1.5, 2.5, -7];
    expectRelativelyClose(hypergeometric2F1(-2, b, c, z), 1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 1e-14);
  });

  it('refuses z ≥ 1 and poles of Γ(c)', () => {
    expect(() => hypergeometric2F1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hypergeometric2F1(1, 1, -2, 0.5)).toThrow(RangeError);
  });
});

describe('hypergeometric2F1Excess', () => {
  it('equals (₂F₁ − 1)/b where that is well-conditioned', () => {
    for (const [a, b, c, z] of mpmathValues) expectRelativelyClose(hypergeometric2F1Excess(a, b, c, z), (hypergeometric2F1(a, b, c, z) - 1) / b, 1e-12);
  });

  it('stays accurate as b → 0 and equals ∂₂F₁/∂b at b = 0', () => {
    // ∂/∂b ₂F₁(1, b; 2; z) at b = 0 is Σ zⁿ/(n(n+1)) = 1 + (1−z)ln(1−z)/z.
    for (const z of [-5, -1, -0.2, 0.3, 0.9]) {
      const derivative = 1 + ((1 - z) * Math.log1p(-z)) / z;
      expectRelativelyClose(hypergeometric2F1Excess(1, 0, 2, z), derivative, 1e-13);
      expectRelativelyClose(hypergeometric2F1Excess(1, 1e-12, 2, z), derivative, 1e-10);
      expectRelativelyClose(hypergeometric2F1Excess(1, -1e-12, 2, z), derivative, 1e-10);
    }
  });
});
