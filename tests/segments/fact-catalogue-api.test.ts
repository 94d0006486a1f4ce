/**
 * GET /api/facts: every fact a condition may use in this workspace (built-ins, custom traits,
 * attribute keys seen in its customers, its segments) and every operator with the types it accepts —
 * the same catalogue segment conditions are checked against when saved.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FactCatalogue } from '../../schemas/types';
import { createSegmentApp, type SegmentApp } from '../support/segment-app';

let t: SegmentApp;
beforeEach(async () => {
  t = await createSegmentApp();
});
afterEach(async () => {
  await t.close();
});

async function catalogue(): Promise<FactCatalogue> {
  const response = await t.admin('GET', '/api/facts');
  expect(response.statusCode).toBe(200);
  return response.json() as FactCatalogue;
}

describe('the fact catalogue API', () => {
  it('lists built-in facts with types, descriptions and examples, and the operators with the types each accepts', async () => {
    const { facts, operators, limits } = await catalogue();
    expect(facts.find((fact) => fact.path === 'traits.orders_count')).toMatchObject({ type: 'number', scope: 'customer', origin: 'built-in', examples: [3] });
    expect(facts.find((fact) => fact.path === 'traits.last_order_at')).toMatchObject({ type: 'date', format: 'date-time' });
    for (const fact of facts) expect(fact.description.length).toBeGreaterThan(0);
    expect(operators.find((operator) => operator.name === 'withinLastDays')).toMatchObject({ factTypes: ['date'], dependsOnTime: true, operand: 'days' });
    expect(operators.find((operator) => operator.name === 'contains')).toMatchObject({ factTypes: ['array'] });
    expect(operators.map((operator) => operator.name)).toEqual(expect.arrayContaining(['equal', 'in', 'greaterThan', 'between', 'startsWith', 'notWithinLastDays', 'anniversaryWithinDays']));
    expect(limits).toMatchObject({ maxDepth: 8, maxNodes: 256 });
  });

  it('adds the attribute keys seen in this workspace, its custom traits and its segments — and checks conditions against them', async () => {
    await t.identify('ada', { plan: 'gold', loyalty: { tier: 'silver', points: 120 } });
    const trait = await t.admin('POST', '/api/traits', { id: 'orders_90d', name: 'Orders in 90 days', event: 'Order Completed', aggregation: 'count', window_days: 90 });
    expect(trait.statusCode, trait.body).toBe(201);
    await t.createSegment({ id: 'gold', name: 'Gold plan', conditions: { all: [{ fact: 'attributes.plan', operator: 'equal', value: 'gold' }] } });

    const { facts, segments } = await catalogue();
    expect(facts.find((fact) => fact.path === 'attributes.plan')).toMatchObject({ type: 'string', origin: 'observed', examples: ['gold'] });
    expect(facts.find((fact) => fact.path === 'attributes.loyalty.points')).toMatchObject({ type: 'number', examples: [120] });
    expect(facts.find((fact) => fact.path === 'traits.orders_90d')).toMatchObject({ type: 'number', origin: 'custom-trait' });
    expect(facts.find((fact) => fact.path === 'segments')).toMatchObject({ values: ['gold'] });
    expect(facts.find((fact) => fact.path === 'segmentsEnteredAt.gold')).toMatchObject({ type: 'date', origin: 'segment' });
    expect(segments).toEqual([{ id: 'gold', name: 'Gold plan' }]);

    const onTrait = await t.admin('POST', '/api/segments', { id: 'frequent', name: 'Frequent', conditions: { all: [{ fact: 'traits.orders_90d', operator: 'greaterThanInclusive', value: 3 }] } });
    expect(onTrait.statusCode, onTrait.body).toBe(201);
    const mistyped = await t.admin('POST', '/api/segments', { name: 'Points as text', conditions: { all: [{ fact: 'attributes.loyalty.points', operator: 'startsWith', value: '1' }] } });
    expect(mistyped.statusCode).toBe(422);
    expect(mistyped.json()).toMatchObject({ code: 'TYPE_MISMATCH', details: [{ pointer: '/conditions/all/0/operator' }] });
  });
});
