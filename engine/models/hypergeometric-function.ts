/**
 * The Gaussian hypergeometric function ₂F₁(a, b; c; z) for real parameters and real z < 1, which the
 * BG/NBD expected-purchases formula needs.
 *
 * How it is evaluated:
 *  - 0 ≤ z < 1: the defining series Σ (a)ₙ(b)ₙ zⁿ / ((c)ₙ n!), summed until a bound on the remaining
 *    tail (from the ratio of successive terms, which tends to z) falls below double precision.
 *  - z < 0: Pfaff's transformation ₂F₁(a, b; c; z) = (1−z)^(−b) ₂F₁(c−a, b; c; z/(z−1)) maps the argument
 *    into [0, 1), so the series always has non-negative argument; no alternating-series cancellation.
 *
 * The work grows like 1/(1−z) as z approaches 1 (about 4,000 terms at z = 0.99); the BG/NBD never gets
 * close enough for that to matter (z = t/(α+T+t) after the transformation). Accuracy, tested against
 * mpmath at 40 digits: ~1e-14 relative when the terms keep one sign after the first few, which holds
 * for every call the models make.
 */

/** Safety stop: past this many terms the argument is so close to 1 that the caller has a bug. */
const maximumTerms = 10_000_000;

/**
 * ₂F₁(a, b; c; z) for real z < 1. Throws a RangeError when z ≥ 1 or c is 0, −1, −2, … (poles).
 *
 * @example hypergeometric2F1(1, 1, 2, 0.5) // 1.3862943611198906 = −ln(1 − 0.5) / 0.5
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number): number {
  checkArguments(c, z);
  if (b === 0 || z === 0) return 1;
  if (z >= 0) return 1 + b * sumExcessSeries(a, b, c, z);
  // Pfaff, applied to ₂F₁ itself (not to the excess) so a small result is not the difference of two
  // nearly equal numbers.
  return Math.pow(1 - z, -b) * (1 + b * sumExcessSeries(c - a, b, c, z / (z - 1)));
}

/**
 * (₂F₁(a, b; c; z) − 1) / b, the part of ₂F₁ beyond its leading 1, divided by b — kept accurate as
 * b → 0, where computing ₂F₁ − 1 directly would cancel. At b = 0 it is the limit, ∂₂F₁/∂b.
 * The BG/NBD uses it with b = a_BG − 1, whose formula divides by (a_BG − 1).
 *
 * @example hypergeometric2F1Excess(1, 0, 2, -1) // −0.3862943611198906 = 1 − 2 ln 2, i.e. ∂₂F₁/∂b at b = 0
 */
export function hypergeometric2F1Excess(a: number, b: number, c: number, z: number): number {
  checkArguments(c, z);
  if (z >= 0) return sumExcessSeries(a, b, c, z);
  // Pfaff: F(a,b;c;z) = (1−z)^(−b) F(c−a,b;c;w), w = z/(z−1) ∈ (0,1). With F(c−a,b;c;w) = 1 + b·E′:
  // (F − 1)/b = ((1−z)^(−b) − 1)/b + (1−z)^(−b)·E′, and ((1−z)^(−b) − 1)/b = expm1(−b·L)/b, L = ln(1−z).
  const logOneMinusZ = Math.log1p(-z);
  const head = b === 0 ? -logOneMinusZ : Math.expm1(-b * logOneMinusZ) / b;
  return head + Math.exp(-b * logOneMinusZ) * sumExcessSeries(c - a, b, c, z / (z - 1));
}

function checkArguments(c: number, z: number): void {
  if (!(z < 1)) throw new RangeError(`hypergeometric2F1 needs z < 1 (got ${z}); the series diverges at and beyond 1.`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hypergeometric2F1 is undefined for c = ${c} (a pole of Γ(c)).`);
}

/**
 * Σₙ≥₁ (a)ₙ (b+1)ₙ₋₁ zⁿ / ((c)ₙ n!) for 0 ≤ z < 1, which equals (₂F₁(a,b;c;z) − 1)/b.
 * Term ratio: tₙ₊₁/tₙ = (a+n)(b+n) z / ((c+n)(n+1)) → z.
 */
function sumExcessSeries(a: number, b: number, c: number, z: number): number {
  let term = (a * z) / c;
  let sum = term;
  // Past this index every ratio |tₙ₊₁/tₙ| is monotone in n, so the tail bound below holds.
  const monotoneFrom = Math.ceil(Math.max(Math.abs(a), Math.abs(b), Math.abs(c))) + 2;
  for (let n = 1; n < maximumTerms; n++) {
    if (term === 0) return sum;
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (n >= monotoneFrom) {
      // Later ratios lie between the current one and their limit z: the tail is at most
      // |t|·ρ/(1−ρ) with ρ the larger of the two.
      const bound = Math.max(Math.abs(ratio), z);
      if (bound < 1 && Math.abs(term) * bound <= (1 - bound) * 1e-17 * Math.abs(sum)) return sum;
    }
  }
  throw new RangeError(`hypergeometric2F1 did not converge in ${maximumTerms} terms (a=${a}, b=${b}, c=${c}, z=${z}).`);
}
