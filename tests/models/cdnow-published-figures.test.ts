import { describe, expect, it } from 'vitest';
import {
  computeExpectedOrderValue,
  computeExpectedPurchases,
  fitClvModel,
  summarizeTransactions,
  type ClvModel,
  type IdentifiedCustomerSummary,
} from '../../engine/models';
import { validateAgainstSchema } from '../../engine/validation';
import { readCdnowTransactions } from '../support/cdnow-sample';

/**
 * The CDNOW sample fitted as in the papers: time in weeks, each customer observed from their first
 * purchase, calibration ending 1997-09-30 (week 39), same-day purchases collapsed. The published figures:
 *   BG/NBD — Fader, Hardie & Lee (2005), "Counting your customers the easy way", Marketing Science 24(2):
 *            r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4; and E[Y(39) | x = 2, t_x = 30.43,
 *            T = 38.86] = 1.226 for their example customer.
 *   Gamma-Gamma — Fader, Hardie & Lee (2005), "RFM and CLV: using iso-value curves for customer base
 *            analysis", JMR 42(4), on the 946 repeat customers: p = 6.25, q = 3.74, γ = 15.44.
 *   Standard errors — the `lifetimes` library's documentation (Quickstart, BetaGeoFitter on this data):
 *            se(r) = 0.0126, se(α) = 0.378, se(a) = 0.186, se(b) = 0.705.
 */
describe('the CDNOW sample against the published figures', () => {
  const summaries = summarizeTransactions(readCdnowTransactions(), { observation_end: '1997-09-30', time_unit: 'weeks' });
  if (!summaries.ok) throw new Error(JSON.stringify(summaries.problem));
  const customers: IdentifiedCustomerSummary[] = summaries.value;
  const fitted = fitClvModel(customers, { time_unit: 'weeks', observation_end: '1997-09-30', fitted_at: '1997-10-01T00:00:00.000Z' });
  if (!fitted.ok) throw new Error(JSON.stringify(fitted.problem));
  const model: ClvModel = fitted.value;

  it('summarizes 2,357 customers of whom 946 bought again in the calibration period', () => {
    expect(customers).toHaveLength(2357);
    expect(customers.filter((customer) => customer.x > 0)).toHaveLength(946);
  });

  it('fits BG/NBD to the published parameters at the published precision (3 decimals) and log-likelihood', () => {
    const { r, alpha, a, b, log_likelihood: logLikelihood, converged } = model.bg_nbd;
    expect(converged).toBe(true);
    expect([r, alpha, a, b].map((value) => value.toFixed(3))).toEqual(['0.243', '4.414', '0.793', '2.426']);
    expect(logLikelihood.toFixed(1)).toBe('-9582.4');
  });

  it('reports the standard errors lifetimes publishes for this fit', () => {
    const errors = model.bg_nbd.standard_errors!;
    expect(errors.r.toFixed(4)).toBe('0.0126');
    expect(errors.alpha.toFixed(3)).toBe('0.378');
    expect(errors.a.toFixed(3)).toBe('0.186');
    expect(errors.b.toFixed(3)).toBe('0.705');
  });

  it('fits Gamma-Gamma on the 946 repeat customers to the published parameters (p, q 2 decimals; γ 2 decimals)', () => {
    const { p, q, v, customers: used, converged } = model.gamma_gamma;
    expect(converged).toBe(true);
    expect(used).toBe(946);
    expect([p.toFixed(2), q.toFixed(2), v.toFixed(2)]).toEqual(['6.25', '3.74', '15.44']);
  });

  it('predicts 1.226 transactions in the next 39 weeks for the paper\'s example customer', () => {
    // The paper's customer (x = 2, t_x = 30.43, T = 38.86) is CDNOW customer 00004.
    const example = customers.find((customer) => customer.customer === '00004')!;
    expect([example.x, example.t_x.toFixed(2), example.T.toFixed(2)]).toEqual([2, '30.43', '38.86']);
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expect(computeExpectedPurchases(published, { x: 2, t_x: 30.43, T: 38.86 }, 39).toFixed(3)).toBe('1.226');
    expect(computeExpectedPurchases(model.bg_nbd, example, 39).toFixed(3)).toBe('1.226');
  });

  it('gives a one-time buyer the population mean spend p·γ/(q−1) ≈ $35.2', () => {
    expect(computeExpectedOrderValue(model.gamma_gamma, { x: 0, monetary_value: null }).toFixed(1)).toBe('35.2');
  });

  it('gives the same BG/NBD fit in days: α scales by 7, r, a and b do not, and LL shifts by Σx · ln 7', () => {
    const daily = summarizeTransactions(readCdnowTransactions(), { observation_end: '1997-09-30', time_unit: 'days' });
    if (!daily.ok) throw new Error('summary failed');
    const inDays = fitClvModel(daily.value, { time_unit: 'days', observation_end: '1997-09-30', fitted_at: '1997-10-01T00:00:00.000Z' });
    if (!inDays.ok) throw new Error('fit failed');
    const repeatPurchases = customers.reduce((sum, customer) => sum + customer.x, 0);
    expect(inDays.value.bg_nbd.alpha / 7).toBeCloseTo(model.bg_nbd.alpha, 5);
    expect(inDays.value.bg_nbd.r).toBeCloseTo(model.bg_nbd.r, 6);
    expect(inDays.value.bg_nbd.a).toBeCloseTo(model.bg_nbd.a, 5);
    expect(inDays.value.bg_nbd.b).toBeCloseTo(model.bg_nbd.b, 5);
    // Each repeat purchase time is a density: measured in days it is 1/7 of its value in weeks.
    expect(inDays.value.bg_nbd.log_likelihood).toBeCloseTo(model.bg_nbd.log_likelihood - repeatPurchases * Math.log(7), 6);
  });

  it('produces a model document valid against schemas/clv-model.schema.json', () => {
    const validation = validateAgainstSchema('clv-model', model);
    expect(validation.ok, JSON.stringify(!validation.ok && validation.problem)).toBe(true);
    expect(model).toMatchObject({ time_unit: 'weeks', observation_end: '1997-09-30', fitted_at: '1997-10-01T00:00:00.000Z' });
  });
});
