import type { BgNbdParameters } from './bg-nbd-likelihood';
import type { CustomerSummary } from './customer-summary';
import { hypergeometric2F1Excess } from './hypergeometric-function';

/**
 * BG/NBD predictions (Fader, Hardie & Lee 2005, eqs. 7, 10 and 13), all in the time unit the
 * parameters were fitted in.
 */

type PurchaseHistory = Pick<CustomerSummary, 'x' | 't_x' | 'T'>;

/**
 * P(alive | x, t_x, T): the probability that the customer has not dropped out by T.
 *
 *   P(alive) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))
 *
 * A customer without repeat purchases is alive for sure: BG/NBD customers can only drop out right after
 * a repeat purchase (a known property of the model).
 *
 * @example computeProbabilityAlive({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { x: 2, t_x: 30.43, T: 38.86 }) // 0.7266
 */
export function computeProbabilityAlive(parameters: BgNbdParameters, customer: PurchaseHistory): number {
  if (customer.x === 0) return 1;
  return 1 / (1 + Math.exp(logDropoutOdds(parameters, customer)));
}

/**
 * E[Y(t) | x, t_x, T]: expected purchases in the next t time units (eq. 10),
 *
 *   E = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t))]
 *       / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x))
 *
 * evaluated through Pfaff's transformation, ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; c; t/(α+T+t)) =
 * ₂F₁(r+x, a−1; c; −t/(α+T)), so the bracket divided by (a−1) is −(₂F₁ − 1)/(a−1), which
 * `hypergeometric2F1Excess` computes without the cancellation (and the 0/0) the published form has at a = 1.
 *
 * @example computeExpectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, { x: 2, t_x: 30.43, T: 38.86 }, 39) // 1.226
 */
export function computeExpectedPurchases(parameters: BgNbdParameters, customer: PurchaseHistory, t: number): number {
  if (!(t >= 0)) throw new RangeError(`The forecast period must be ≥ 0 (got ${t}).`);
  if (t === 0) return 0;
  const { r, alpha, a, b } = parameters;
  const { x, T: age } = customer;
  const growth = expectedPurchasesIfAlive(r + x, a, b + x, t / (alpha + age));
  return x === 0 ? growth : growth / (1 + Math.exp(logDropoutOdds(parameters, customer)));
}

/**
 * E[X(t)]: expected repeat purchases in the first t time units of a customer just acquired (eq. 7),
 * (a+b−1)/(a−1) · [1 − (α/(α+t))ʳ ₂F₁(r, b; a+b−1; t/(α+t))] — the conditional formula at x = t_x = T = 0.
 */
export function computeExpectedPurchasesOfNewCustomer(parameters: BgNbdParameters, t: number): number {
  return computeExpectedPurchases(parameters, { x: 0, t_x: 0, T: 0 }, t);
}

/**
 * (c)/(a−1) · [1 − ₂F₁(shape, a−1; c; −u)] with c = a + bx − 1, bx = b + x: the numerator of eq. 10.
 */
function expectedPurchasesIfAlive(shape: number, a: number, bx: number, u: number): number {
  let c = a + bx - 1;
  // c = 0 (x = 0 and a + b = 1 exactly) is a removable singularity of c·₂F₁(…; c; …); step off it by a
  // relative 1e-12, far below the precision of any fitted parameter.
  if (c === 0) c = 1e-12 * a;
  return -c * hypergeometric2F1Excess(shape, a - 1, c, -u);
}

/** ln(a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)), for x > 0. */
function logDropoutOdds(parameters: BgNbdParameters, customer: PurchaseHistory): number {
  const { r, alpha, a, b } = parameters;
  const { x, t_x: recency, T: age } = customer;
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + age) - Math.log(alpha + recency));
}
