import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClvTrait } from '../../engine/traits';
import type { Customer } from '../../schemas/types';
import { readCdnowTransactions } from '../support/cdnow-sample';
import { TraitHarness } from '../support/trait-harness';

/**
 * POST /api/models/clv/fit on the CDNOW sample of Fader, Hardie & Lee (2005): its 6,919 transactions
 * (2,357 customers, 1997-01-01 … 1998-06-30) are sent as Order Completed events; the fit calibrated on
 * weeks up to 1997-09-30 must give the published BG/NBD parameters, read from the profiles' order-day
 * ledgers cut at that day.
 */
const now = '1998-07-01T12:00:00.000Z';
const transactions = readCdnowTransactions();
let h: TraitHarness;

beforeAll(async () => {
  h = await TraitHarness.create(now);
  const messages = transactions.map((transaction, index) => ({
    type: 'track',
    messageId: `cdnow-${index}`,
    userId: transaction.customer,
    event: 'Order Completed',
    timestamp: `${transaction.at}T00:00:00.000Z`,
    properties: { revenue: transaction.value, currency: 'USD' },
  }));
  for (let start = 0; start < messages.length; start += 1000) {
    const response = await h.app.post('/v1/batch', { batch: messages.slice(start, start + 1000) });
    expect(response.statusCode, response.body).toBe(200);
  }
}, 600_000);

afterAll(async () => {
  await h?.close();
});

describe('the CLV model API on the CDNOW sample', () => {
  it('has no model before the first fit', async () => {
    expect((await h.api('GET', '/api/models/clv')).statusCode).toBe(404);
  });

  it('refuses a bad request without fitting', async () => {
    const future = await h.api('POST', '/api/models/clv/fit', { observation_end: '1998-08-01', time_unit: 'weeks' });
    expect(future.statusCode).toBe(400);
    expect(future.json().details[0].pointer).toBe('/observation_end');
    const unit = await h.api('POST', '/api/models/clv/fit', { time_unit: 'months' });
    expect(unit.statusCode).toBe(400);
    expect(unit.json().details[0].pointer).toBe('/time_unit');
  });

  it('fits the published parameters (weeks, calibration to 1997-09-30) and serves them', async () => {
    const response = await h.api('POST', '/api/models/clv/fit', { observation_end: '1997-09-30', time_unit: 'weeks' });
    expect(response.statusCode, response.body).toBe(200);
    const { model, scored_customers: scored } = response.json();
    expect(model).toMatchObject({ time_unit: 'weeks', observation_end: '1997-09-30', fitted_at: now });
    const { r, alpha, a, b, customers, repeat_customers: repeat } = model.bg_nbd;
    // Fader, Hardie & Lee (2005a): r = 0.243, α = 4.414, a = 0.793, b = 2.426; 946 of 2,357 customers repeat.
    expect(r).toBeCloseTo(0.243, 3);
    expect(alpha).toBeCloseTo(4.414, 2);
    expect(a).toBeCloseTo(0.793, 3);
    expect(b).toBeCloseTo(2.426, 2);
    expect([customers, repeat]).toEqual([2357, 946]);
    // Gamma-Gamma on the calibration repeat buyers (Fader, Hardie & Lee 2005b: p = 6.25, q = 3.74, ν = 15.44).
    expect(model.gamma_gamma.p).toBeCloseTo(6.25, 1);
    expect(model.gamma_gamma.q).toBeCloseTo(3.74, 1);
    expect(model.gamma_gamma.v).toBeCloseTo(15.44, 1);
    expect(scored).toBe(2357);

    const served = await h.api('GET', '/api/models/clv');
    expect(served.json()).toEqual(model);
  });

  it('writes every customer traits.clv with its inputs (all orders to today) and traits.churn_risk', async () => {
    const { bg_nbd: bg } = (await h.api('GET', '/api/models/clv')).json();
    const today = Date.parse('1998-07-01T00:00:00.000Z');
    const byCustomer = new Map<string, Map<string, number>>();
    for (const transaction of transactions) {
      const days = byCustomer.get(transaction.customer) ?? new Map<string, number>();
      const at = String(transaction.at);
      days.set(at, (days.get(at) ?? 0) + transaction.value);
      byCustomer.set(transaction.customer, days);
    }
    const customers = await h.app.store.collection<Customer>('customers').find(h.workspace, {});
    expect(customers).toHaveLength(2357);
    for (const customer of customers) {
      const days = [...byCustomer.get(customer.userId!)!.entries()].sort(([x], [y]) => (x < y ? -1 : 1));
      const first = Date.parse(days[0][0]);
      const x = days.length - 1;
      const tx = (Date.parse(days[days.length - 1][0]) - first) / (7 * 86_400_000);
      const T = (today - first) / (7 * 86_400_000);
      const repeatValue = days.slice(1).reduce((sum, [, value]) => sum + value, 0);
      const clv = customer.traits.clv as ClvTrait;
      expect(clv.x, customer.userId!).toBe(x);
      expect(clv.t_x).toBeCloseTo(tx, 9);
      expect(clv.T).toBeCloseTo(T, 9);
      if (x === 0) expect(clv.average_order_value).toBeNull();
      else expect(clv.average_order_value).toBeCloseTo(repeatValue / x, 6);
      // P(alive) of BG/NBD (Fader, Hardie & Lee 2005a, eq. 11): 1 for x = 0.
      const pAlive = x === 0 ? 1 : 1 / (1 + (bg.a / (bg.b + x - 1)) * ((bg.alpha + T) / (bg.alpha + tx)) ** (bg.r + x));
      expect(clv.p_alive).toBeCloseTo(pAlive, 9);
      expect(customer.traits.churn_risk).toBeCloseTo(1 - pAlive, 9);
      expect(clv.predicted_clv).toBeGreaterThanOrEqual(0);
      expect(clv).toMatchObject({ horizon_days: 365, annual_discount_rate: 0, time_unit: 'weeks', fitted_at: now });
    }
  });

  it('scores the next order of a customer against the fitted model at once', async () => {
    const before = (await h.customer('00004')).traits.clv as ClvTrait;
    await h.track({ userId: '00004', event: 'Order Completed', at: '1998-07-01T10:00:00.000Z', properties: { revenue: 20 } });
    const after = (await h.customer('00004')).traits.clv as ClvTrait;
    expect(after.x).toBe(before.x + 1);
    expect(after.p_alive).toBeGreaterThan(before.p_alive);
  });
});
