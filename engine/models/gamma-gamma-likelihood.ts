import type { DifferentiableObjective } from './bfgs-minimizer';
import { digamma, logGamma } from './gamma-function';

/**
 * The Gamma-Gamma spend model (Colombo & Jiang 1999, "A stochastic RFM model", Journal of Interactive
 * Marketing 13(3); Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves for customer base
 * analysis", Journal of Marketing Research 42(4), and Fader & Hardie's note "The Gamma-Gamma model of
 * monetary value", 2013). A customer's order values are Gamma(p, ν) with a personal scale ν ~ Gamma(q, v);
 * the mean m_x of x of them is then distributed as
 *
 *   f(m_x | p, q, v, x) = Γ(px+q) / (Γ(px) Γ(q)) · v^q · m_x^(px−1) · x^(px) / (v + x m_x)^(px+q)
 *
 * so for a customer with x repeat purchases of mean value m_x:
 *
 *   ln f = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q ln v + (px−1) ln m_x + px ln x − (px+q) ln(v + x m_x)
 */
export interface GammaGammaParameters {
  p: number;
  q: number;
  v: number;
}

/** ln f(m_x | p, q, v, x) for one customer with x ≥ 1 repeat purchases of mean value m_x > 0. */
export function computeGammaGammaLogLikelihood(parameters: GammaGammaParameters, x: number, meanValue: number): number {
  const { p, q, v } = parameters;
  const px = p * x;
  return logGamma(px + q) - logGamma(px) - logGamma(q) + q * Math.log(v)
    + (px - 1) * Math.log(meanValue) + px * Math.log(x) - (px + q) * Math.log(v + x * meanValue);
}

/** The data of a fit: repeat customers' x and m_x, grouped by x for the gamma-function terms. */
export interface GammaGammaSample {
  count: number;
  x: Float64Array;
  /** x · m_x, the total repeat value. */
  total: Float64Array;
  /** Σ over customers of x (ln m_x + ln x), the p-derivative's data term. */
  sumXLogMeanX: number;
  /** Σ ln m_x, which multiplies −1 in the log-likelihood. */
  sumLogMean: number;
  xIndex: Int32Array;
  distinctX: number[];
  xCounts: number[];
}

/** Lays out (x, m_x) pairs, x ≥ 1 and m_x > 0, for `createGammaGammaObjective`. */
export function prepareGammaGammaSample(customers: readonly { x: number; monetary_value: number }[]): GammaGammaSample {
  const count = customers.length;
  const x = new Float64Array(count);
  const total = new Float64Array(count);
  const xIndex = new Int32Array(count);
  const positionOfX = new Map<number, number>();
  const distinctX: number[] = [];
  const xCounts: number[] = [];
  let sumXLogMeanX = 0;
  let sumLogMean = 0;
  customers.forEach((customer, index) => {
    x[index] = customer.x;
    total[index] = customer.x * customer.monetary_value;
    sumXLogMeanX += customer.x * (Math.log(customer.monetary_value) + Math.log(customer.x));
    sumLogMean += Math.log(customer.monetary_value);
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
  return { count, x, total, sumXLogMeanX, sumLogMean, xIndex, distinctX, xCounts };
}

/**
 * Mean negative log-likelihood over (ln p, ln q, ln v) with its analytic gradient:
 *   ∂/∂p = x[ψ(px+q) − ψ(px) + ln m_x + ln x − ln(v + x m_x)]
 *   ∂/∂q = ψ(px+q) − ψ(q) + ln v − ln(v + x m_x)
 *   ∂/∂v = q/v − (px+q)/(v + x m_x)
 */
export function createGammaGammaObjective(sample: GammaGammaSample): DifferentiableObjective {
  return (point, gradient) => {
    const p = Math.exp(point[0]);
    const q = Math.exp(point[1]);
    const v = Math.exp(point[2]);
    const n = sample.count;
    const logV = Math.log(v);
    let total = n * (q * logV - logGamma(q)) + p * sample.sumXLogMeanX - sample.sumLogMean;
    let dP = sample.sumXLogMeanX;
    let dQ = n * (logV - digamma(q));
    let dV = (n * q) / v;
    for (let group = 0; group < sample.distinctX.length; group++) {
      const x = sample.distinctX[group];
      const count = sample.xCounts[group];
      const px = p * x;
      const digammaPXQ = digamma(px + q);
      total += count * (logGamma(px + q) - logGamma(px));
      dP += count * x * (digammaPXQ - digamma(px));
      dQ += count * digammaPXQ;
    }
    for (let index = 0; index < n; index++) {
      const x = sample.x[index];
      const denominator = v + sample.total[index];
      const logDenominator = Math.log(denominator);
      const shape = p * x + q;
      total -= shape * logDenominator;
      dP -= x * logDenominator;
      dQ -= logDenominator;
      dV -= shape / denominator;
    }
    const scale = -1 / n;
    gradient[0] = scale * p * dP;
    gradient[1] = scale * q * dQ;
    gradient[2] = scale * v * dV;
    return scale * total;
  };
}
