import type { DifferentiableObjective } from './bfgs-minimizer';
import type { CustomerSummary } from './customer-summary';
import { digamma, logGamma } from './gamma-function';

/**
 * The BG/NBD ("beta-geometric / negative binomial distribution") likelihood of Fader, Hardie & Lee
 * (2005), "Counting your customers the easy way: an alternative to the Pareto/NBD model", Marketing
 * Science 24(2), eq. (6):
 *
 *   L(r, α, a, b | x, t_x, T) = B(a, b+x)/B(a, b) · Γ(r+x) αʳ / (Γ(r) (α+T)^(r+x))
 *                             + δ(x>0) · B(a+1, b+x−1)/B(a, b) · Γ(r+x) αʳ / (Γ(r) (α+t_x)^(r+x))
 *
 * While alive a customer buys at Poisson rate λ ~ Gamma(r, α) (shape r, rate α); after each repeat
 * purchase they drop out with probability p ~ Beta(a, b). In logs (B(a+1, b+x−1)/B(a, b+x) = a/(b+x−1)):
 *
 *   ln L = A₁ + A₂ + ln(e^A₃ + δ(x>0) e^A₄)
 *   A₁ = lnΓ(r+x) − lnΓ(r) + r ln α        A₃ = −(r+x) ln(α+T)
 *   A₂ = lnΓ(a+b) + lnΓ(b+x) − lnΓ(b) − lnΓ(a+b+x)
 *   A₄ = ln a − ln(b+x−1) − (r+x) ln(α+t_x)
 */
export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/**
 * ln L of one customer under the BG/NBD.
 *
 * @example computeBgNbdLogLikelihood({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { x: 2, t_x: 30.43, T: 38.86, monetary_value: null })
 */
export function computeBgNbdLogLikelihood(parameters: BgNbdParameters, customer: Pick<CustomerSummary, 'x' | 't_x' | 'T'>): number {
  const { r, alpha, a, b } = parameters;
  const { x, t_x: recency, T: age } = customer;
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const a2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + age);
  if (x === 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + recency);
  return a1 + a2 + addLogs(a3, a4);
}

/** The data of a fit, laid out for fast repeated evaluation. */
export interface BgNbdSample {
  count: number;
  x: Float64Array;
  recency: Float64Array;
  age: Float64Array;
  /** Index of each customer's x in `distinctX`: the gamma-function terms depend on x only. */
  xIndex: Int32Array;
  distinctX: number[];
  /** Customers per distinct x. */
  xCounts: number[];
}

/** Lays customers out for `createBgNbdObjective`. The input must have passed `checkCustomerSummaries`. */
export function prepareBgNbdSample(customers: readonly Pick<CustomerSummary, 'x' | 't_x' | 'T'>[]): BgNbdSample {
  const count = customers.length;
  const x = new Float64Array(count);
  const recency = new Float64Array(count);
  const age = new Float64Array(count);
  const xIndex = new Int32Array(count);
  const positionOfX = new Map<number, number>();
  const distinctX: number[] = [];
  const xCounts: number[] = [];
  customers.forEach((customer, index) => {
    x[index] = customer.x;
    recency[index] = customer.t_x;
    age[index] = customer.T;
    let position = positionOfX.get(customer.x);
    if (position === undefined) {
      position = distinctX.length;
      positionOfX.set(customer.x, position);
      distinctX.push(customer.x);
      xCounts.push(0);
    }
    xIndex[index] = position;
    xCounts[position]++;
  });
  return { count, x, recency, age, xIndex, distinctX, xCounts };
}

/**
 * The fitting objective: the MEAN negative log-likelihood as a function of (ln r, ln α, ln a, ln b),
 * with its analytic gradient. Terms that depend only on x (the gamma and digamma functions) are
 * computed once per distinct x, so a fit costs a few logarithms per customer per evaluation.
 *
 * Gradient of one customer's ln L, with w₃ = e^A₃/(e^A₃ + δe^A₄) and w₄ = 1 − w₃ (0 when x = 0):
 *   ∂/∂r = ψ(r+x) − ψ(r) + ln α − w₃ ln(α+T) − w₄ ln(α+t_x)
 *   ∂/∂α = r/α − (r+x) (w₃/(α+T) + w₄/(α+t_x))
 *   ∂/∂a = ψ(a+b) − ψ(a+b+x) + w₄/a
 *   ∂/∂b = ψ(a+b) + ψ(b+x) − ψ(b) − ψ(a+b+x) − w₄/(b+x−1)
 * and ∂/∂ln θ = θ ∂/∂θ.
 */
export function createBgNbdObjective(sample: BgNbdSample): DifferentiableObjective {
  const groups = sample.distinctX.length;
  const logDropWeight = new Float64Array(groups);
  const inverseDropDenominator = new Float64Array(groups);
  return (point, gradient) => {
    const r = Math.exp(point[0]);
    const alpha = Math.exp(point[1]);
    const a = Math.exp(point[2]);
    const b = Math.exp(point[3]);
    const logAlpha = Math.log(alpha);
    const logGammaR = logGamma(r);
    const digammaR = digamma(r);
    const logBetaConstant = logGamma(a + b) - logGamma(b);
    const digammaAB = digamma(a + b);
    const digammaB = digamma(b);

    let total = 0;
    let dR = 0;
    let dAlpha = (sample.count * r) / alpha;
    let dA = 0;
    let dB = 0;
    for (let group = 0; group < groups; group++) {
      const x = sample.distinctX[group];
      const n = sample.xCounts[group];
      const digammaABX = digamma(a + b + x);
      total += n * (logGamma(r + x) - logGammaR + r * logAlpha + logBetaConstant + logGamma(b + x) - logGamma(a + b + x));
      dR += n * (digamma(r + x) - digammaR + logAlpha);
      dA += n * (digammaAB - digammaABX);
      dB += n * (digammaAB + digamma(b + x) - digammaB - digammaABX);
      logDropWeight[group] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : Number.NEGATIVE_INFINITY;
      inverseDropDenominator[group] = x > 0 ? 1 / (b + x - 1) : 0;
    }

    let dropWeightSum = 0;
    for (let index = 0; index < sample.count; index++) {
      const x = sample.x[index];
      const group = sample.xIndex[index];
      const shape = r + x;
      const logAge = Math.log(alpha + sample.age[index]);
      const a3 = -shape * logAge;
      if (x === 0) {
        total += a3;
        dR -= logAge;
        dAlpha -= shape / (alpha + sample.age[index]);
        continue;
      }
      const logRecency = Math.log(alpha + sample.recency[index]);
      const a4 = logDropWeight[group] - shape * logRecency;
      // ln(e^A₃ + e^A₄) and the weights from one exponential of the smaller-minus-larger difference.
      const difference = a4 - a3;
      const odds = Math.exp(-Math.abs(difference));
      total += Math.max(a3, a4) + Math.log1p(odds);
      const w4 = difference > 0 ? 1 / (1 + odds) : odds / (1 + odds);
      const w3 = 1 - w4;
      dR -= w3 * logAge + w4 * logRecency;
      dAlpha -= shape * (w3 / (alpha + sample.age[index]) + w4 / (alpha + sample.recency[index]));
      dropWeightSum += w4;
      dB -= w4 * inverseDropDenominator[group];
    }
    dA += dropWeightSum / a;

    const scale = -1 / sample.count;
    gradient[0] = scale * r * dR;
    gradient[1] = scale * alpha * dAlpha;
    gradient[2] = scale * a * dA;
    gradient[3] = scale * b * dB;
    return scale * total;
  };
}

/** ln(eᵘ + eᵛ) without overflow. */
function addLogs(u: number, v: number): number {
  const larger = Math.max(u, v);
  return larger + Math.log(Math.exp(u - larger) + Math.exp(v - larger));
}
