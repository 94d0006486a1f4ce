import type { CustomerSummary } from './customer-summary';
import type { GammaGammaParameters } from './gamma-gamma-likelihood';

/**
 * E[M | p, q, v, x, m_x]: the expected value of the customer's future orders (Fader, Hardie & Lee 2005,
 * "RFM and CLV", eq. 5):
 *
 *   E[M] = p (v + x m_x) / (p x + q − 1)
 *        = (q−1)/(px+q−1) · p v/(q−1) + px/(px+q−1) · m_x
 *
 * a weighted mean of the population mean p·v/(q−1) and the customer's own mean m_x, whose weight grows
 * with x. Without repeat purchases (x = 0, m_x unknown) it is the population mean. A repeat customer
 * whose net mean repeat value is zero or negative (refunds; the fit leaves them out) counts with
 * m_x = 0, which pulls the estimate below the population mean as x grows.
 * Needs q > 1 (`fitGammaGamma` guarantees it).
 *
 * @example computeExpectedOrderValue({ p: 6.25, q: 3.74, v: 15.44 }, { x: 0, monetary_value: null }) // 35.22
 */
export function computeExpectedOrderValue(parameters: GammaGammaParameters, customer: Pick<CustomerSummary, 'x' | 'monetary_value'>): number {
  const { p, q, v } = parameters;
  const x = customer.monetary_value === null ? 0 : customer.x;
  const total = x === 0 ? 0 : x * Math.max(0, customer.monetary_value as number);
  return (p * (v + total)) / (p * x + q - 1);
}
