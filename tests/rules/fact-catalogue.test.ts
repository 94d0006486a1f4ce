import { describe, expect, it } from 'vitest';
import { createFactCatalogue, describeConditionLanguage, extendFactCatalogue, findFact, observeAttributes } from '../../engine/rules/index';

describe('fact catalogue', () => {
  const catalogue = createFactCatalogue();

  it('lists the customer document, built-in traits, marketing traits, common attributes and event facts', () => {
    const paths = catalogue.facts.map((fact) => fact.path);
    const required = [
      'userId', 'segments', 'createdAt',
      'traits.first_seen_at', 'traits.last_seen_at', 'traits.events_count', 'traits.orders_count', 'traits.revenue_total',
      'traits.first_order_at', 'traits.last_order_at', 'traits.average_order_value', 'traits.event_counts.*',
      'traits.rfm.recency_days', 'traits.rfm.frequency', 'traits.rfm.monetary', 'traits.rfm.r', 'traits.rfm.f', 'traits.rfm.m',
      'traits.rfm.score', 'traits.rfm.group', 'traits.value_tier', 'traits.value_tier.tier', 'traits.lifecycle_stage', 'traits.lifecycle_stage.stage',
      'traits.lifecycle_stage.entered_at', 'traits.lifecycle_stage_entered_at',
      'traits.clv.p_alive', 'traits.clv.expected_orders', 'traits.clv.expected_order_value', 'traits.clv.predicted_clv', 'traits.churn_risk',
      'attributes.email', 'attributes.phone', 'attributes.first_name', 'attributes.last_name', 'attributes.city', 'attributes.country',
      'attributes.region', 'attributes.postal_code', 'attributes.gender', 'attributes.birthday', 'attributes.age', 'attributes.timezone',
      'attributes.language', 'attributes.interests', 'attributes.tags', 'attributes.consent.email', 'attributes.consent.sms', 'attributes.consent.push',
      'event.event', 'event.properties.total', 'event.timestamp',
    ];
    for (const path of required) expect(paths, path).toContain(path);
    for (const fact of catalogue.facts) {
      expect(fact.description.length, fact.path).toBeGreaterThan(3);
      expect(fact.scope).toBe(fact.path.startsWith('event.') ? 'event' : 'customer');
      if (fact.type === 'date') expect(fact.format, fact.path).toBeDefined();
    }
    expect(findFact(catalogue, 'attributes.birthday')).toMatchObject({ type: 'date', format: 'date' });
    expect(findFact(catalogue, 'traits.value_tier.tier')?.values).toEqual(['high', 'mid', 'low']);
    expect(findFact(catalogue, 'traits.rfm.group')?.values).toContain('at_risk');
    expect(findFact(catalogue, 'traits.lifecycle_stage.stage')?.values).toEqual(['prospect', 'new', 'active', 'at_risk', 'lapsed', 'reactivated']);
  });

  it('is plain JSON, served with the operators and the limits', () => {
    const described = describeConditionLanguage(catalogue);
    expect(JSON.parse(JSON.stringify(described))).toEqual(described);
    expect(described.operators.length).toBe(19);
    expect(described.limits.maxDepth).toBeGreaterThan(0);
  });

  it('resolves wildcards: exact entries first, then * patterns, then ** patterns', () => {
    expect(findFact(catalogue, 'traits.event_counts.Order Completed')?.path).toBe('traits.event_counts.*');
    expect(findFact(catalogue, 'traits.event_counts.a.b')).toBeUndefined();
    expect(findFact(catalogue, 'journeys.j_1.state')?.path).toBe('journeys.*.state');
    expect(findFact(catalogue, 'attributes.consent.email')?.path).toBe('attributes.consent.email');
    expect(findFact(catalogue, 'attributes.consent.whatsapp')).toMatchObject({ path: 'attributes.**', type: 'any' });
    expect(findFact(catalogue, 'attributes.address.city')).toMatchObject({ path: 'attributes.**' });
    expect(findFact(catalogue, 'traits.unknown')).toBeUndefined();
    expect(findFact(catalogue, 'meta.attributeTimes')).toBeUndefined();
    expect(findFact(createFactCatalogue({ openAttributes: false }), 'attributes.plan')).toBeUndefined();
  });

  it('adds custom traits and observed attributes without retyping built-in facts', () => {
    const extended = extendFactCatalogue(catalogue, {
      traits: [{ id: 'loyalty_points', type: 'number', description: 'Points balance.' }, { id: 'orders_count', type: 'string' }],
      attributes: [{ path: 'attributes.plan', type: 'string', examples: ['pro'] }, { path: 'attributes.age', type: 'string', examples: [] }],
    });
    expect(findFact(extended, 'traits.loyalty_points')).toMatchObject({ type: 'number', origin: 'custom-trait', description: 'Points balance.' });
    expect(findFact(extended, 'traits.orders_count')).toMatchObject({ type: 'number', origin: 'built-in' });
    expect(findFact(extended, 'attributes.plan')).toMatchObject({ type: 'string', origin: 'observed', examples: ['pro'] });
    expect(findFact(extended, 'attributes.age')).toMatchObject({ type: 'number', origin: 'built-in' });
    expect(catalogue.facts.some((fact) => fact.path === 'attributes.plan')).toBe(false);
    expect(() => extendFactCatalogue(catalogue, { traits: [{ id: 'a.b', type: 'number' }] })).toThrow(/not a valid fact path segment/);
  });

  it('observes attribute keys with their types and examples, most frequent first', () => {
    const observed = observeAttributes([
      { attributes: { plan: 'pro', seats: 3, address: { city: 'Leeds' }, newsletter: true, signed_up: '2024-01-02', favourites: ['a', 'b'] } },
      { attributes: { plan: 'team', seats: '4', address: { city: 'York' }, signed_up: '2024-02-03T10:00:00.000Z', 'bad.key': 1, $where: 1 } },
      { attributes: { plan: 'pro' } },
      { attributes: null },
    ]);
    const byPath = Object.fromEntries(observed.map((attribute) => [attribute.path, attribute]));
    expect(observed[0].path).toBe('attributes.plan');
    expect(byPath['attributes.plan']).toEqual({ path: 'attributes.plan', type: 'string', examples: ['pro', 'team'] });
    expect(byPath['attributes.seats'].type).toBe('any');
    expect(byPath['attributes.address.city'].type).toBe('string');
    expect(byPath['attributes.newsletter'].type).toBe('boolean');
    expect(byPath['attributes.signed_up'].type).toBe('date');
    expect(byPath['attributes.favourites']).toMatchObject({ type: 'array', items: 'string' });
    expect(byPath['attributes.bad.key']).toBeUndefined();
    expect(byPath['attributes.$where']).toBeUndefined();
    const extended = extendFactCatalogue(createFactCatalogue({ openAttributes: false }), { attributes: observed });
    expect(findFact(extended, 'attributes.address.city')).toMatchObject({ type: 'string', origin: 'observed' });
  });
});
