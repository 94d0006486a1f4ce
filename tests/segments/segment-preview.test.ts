/**
 * Preview: what conditions would match now — the count, the total and a sample with the value of
 * every fact the conditions read — without saving anything; bad conditions refused exactly as when
 * saving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentCollectionNames } from '../../engine/segments/index';
import type { SegmentPreview } from '../../schemas/types';
import { createSegmentApp, type SegmentApp } from '../support/segment-app';

let t: SegmentApp;
const day = 86_400_000;

beforeAll(async () => {
  t = await createSegmentApp();
  // 30 customers in France (10 with a plan), 5 in Spain; every third one ordered yesterday.
  for (let i = 0; i < 35; i++) {
    await t.identify(`c${i}`, { country: i < 30 ? 'France' : 'Spain', ...(i % 3 === 0 ? { plan: 'gold' } : {}) });
    if (i % 3 === 0) await t.track(`c${i}`, 'Order Completed', { order_id: `o${i}`, revenue: 10 * i, total: 10 * i }, { timestamp: new Date(t.clock.now() - day).toISOString() });
  }
});
afterAll(async () => {
  await t.close();
});

async function preview(body: unknown): Promise<SegmentPreview> {
  const response = await t.admin('POST', '/api/segments/preview', body);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as SegmentPreview;
}

describe('segment preview', () => {
  it('counts the matches and shows a sample of at most 20 with the facts that made them match', async () => {
    const result = await preview({ conditions: { all: [{ fact: 'attributes.country', operator: 'equal', value: 'France' }] } });
    expect(result).toMatchObject({ count: 30, total: 35, facts: ['attributes.country'], at: new Date(t.clock.now()).toISOString() });
    expect(result.sample).toHaveLength(20);
    for (const customer of result.sample) expect(customer.values).toEqual({ 'attributes.country': 'France' });
    expect(new Set(result.sample.map((customer) => customer.userId)).size).toBe(20);
  });

  it('reads relative time at the clock\'s now, leaves out facts a customer lacks, and honours sampleSize', async () => {
    const conditions = { any: [{ fact: 'traits.last_order_at', operator: 'withinLastDays', value: 2 }, { fact: 'attributes.plan', operator: 'equal', value: 'gold' }] };
    const result = await preview({ conditions, sampleSize: 3 });
    expect(result.count).toBe(12);
    expect(result.facts).toEqual(['attributes.plan', 'traits.last_order_at']);
    expect(result.sample).toHaveLength(3);
    for (const customer of result.sample) {
      expect(customer.values['attributes.plan']).toBe('gold');
      expect(customer.values['traits.last_order_at']).toBe(new Date(t.clock.now() - day).toISOString());
    }
    const lacking = await preview({ conditions: { not: { fact: 'attributes.plan', operator: 'exists', value: true } } });
    expect(lacking.count).toBe(23);
    expect(lacking.sample.every((customer) => Object.keys(customer.values).length === 0)).toBe(true);
    const none = await preview({ conditions: { all: [{ fact: 'attributes.country', operator: 'equal', value: 'Peru' }] } });
    expect(none).toMatchObject({ count: 0, total: 35, sample: [] });
  });

  it('refuses bad conditions as saving would, with pointers into the body, and saves nothing', async () => {
    const cases: Array<[unknown, number, string, string]> = [
      [{ conditions: { all: [{ fact: 'attributes.plan', operator: 'greaterThan', value: 3 }] } }, 422, 'TYPE_MISMATCH', '/conditions/all/0/operator'],
      [{ conditions: { all: [{ fact: 'traits.nothing', operator: 'equal', value: 3 }] } }, 422, 'UNKNOWN_FACT', '/conditions/all/0/fact'],
      [{ conditions: { all: [{ fact: 'attributes.plan', operator: 'like', value: 'g%' }] } }, 422, 'UNKNOWN_OPERATOR', '/conditions/all/0/operator'],
      [{ conditions: { $where: 'true' } }, 422, 'INVALID_CONDITION', '/conditions/$where'],
      [{ conditions: { all: [] }, sampleSize: 500 }, 400, 'VALIDATION_FAILED', '/sampleSize'],
      [{}, 400, 'VALIDATION_FAILED', '/conditions'],
    ];
    for (const [body, status, code, pointer] of cases) {
      const response = await t.admin('POST', '/api/segments/preview', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(response.json().code).toBe(code);
      expect(response.json().details.map((detail: { pointer: string }) => detail.pointer)).toContain(pointer);
    }
    expect(await t.store.collection(segmentCollectionNames.segments).count(t.workspace, {})).toBe(0);
    expect(await t.store.collection(segmentCollectionNames.customers).count(t.workspace, { 'segments.0': { $exists: true } })).toBe(0);
  });
});
