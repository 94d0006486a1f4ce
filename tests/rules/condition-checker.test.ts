import { describe, expect, it } from 'vitest';
import { checkCondition, createFactCatalogue, defaultConditionLimits, extendFactCatalogue } from '../../engine/rules/index';
import { validateAgainstSchema } from '../../engine/validation/index';
import { SeededRandom } from '../support/seeded-random';
import { generateCondition } from '../support/random-condition';

const catalogue = createFactCatalogue();

function problemOf(condition: unknown, options?: Parameters<typeof checkCondition>[2]) {
  const result = checkCondition(condition, catalogue, options);
  if (result.ok) throw new Error(`expected ${JSON.stringify(condition)} to be refused`);
  return result.problem;
}

describe('checkCondition', () => {
  it('accepts json-rules-engine conditions with groups, paths, fact references, names and priorities', () => {
    const condition = {
      all: [
        { fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 3, name: 'repeat buyer', priority: 2 },
        { any: [{ fact: 'traits.rfm', path: '$.r', operator: 'equal', value: 5 }, { fact: 'attributes.tags', operator: 'contains', value: 'vip' }] },
        { not: { fact: 'traits.average_order_value', operator: 'lessThan', value: { fact: 'traits.clv.expected_order_value' } } },
        { fact: 'traits.event_counts.Order Completed', operator: 'greaterThan', value: 1 },
      ],
    };
    const result = checkCondition(condition, catalogue);
    expect(result).toEqual({ ok: true, value: condition });
  });

  it('names the fact and the operator in a type mismatch, with a pointer to the offending place', () => {
    const problem = problemOf({ all: [{ fact: 'attributes.city', operator: 'greaterThan', value: 3 }] });
    expect(problem.code).toBe('TYPE_MISMATCH');
    expect(problem.details).toHaveLength(1);
    expect(problem.details[0].pointer).toBe('/all/0/operator');
    expect(problem.details[0].message).toContain('greaterThan');
    expect(problem.details[0].message).toContain('attributes.city');
    expect(problem.details[0].message).toContain('string');
  });

  it('refuses operands of the wrong type for the fact', () => {
    const cases: Array<[unknown, string]> = [
      [{ fact: 'traits.orders_count', operator: 'greaterThan', value: '3' }, '/value'],
      [{ fact: 'traits.orders_count', operator: 'equal', value: { $gt: 1 } }, '/value'],
      [{ fact: 'traits.last_order_at', operator: 'lessThan', value: '2024-13-01' }, '/value'],
      [{ fact: 'traits.last_order_at', operator: 'lessThan', value: '2024-01-01T00:00:00Z' }, '/value'],
      [{ fact: 'attributes.country', operator: 'in', value: [] }, '/value'],
      [{ fact: 'attributes.country', operator: 'in', value: ['France', 3] }, '/value/1'],
      [{ fact: 'traits.orders_count', operator: 'between', value: [5, 1] }, '/value'],
      [{ fact: 'attributes.tags', operator: 'containsAll', value: 'vip' }, '/value'],
      [{ fact: 'attributes.tags', operator: 'contains', value: null }, '/value'],
      [{ fact: 'attributes.birthday', operator: 'anniversaryWithinDays', value: 2.5 }, '/value'],
      [{ fact: 'traits.last_order_at', operator: 'withinLastDays', value: -1 }, '/value'],
      [{ fact: 'attributes.email', operator: 'exists', value: 'yes' }, '/value'],
      [{ fact: 'attributes.email', operator: 'startsWith', value: '' }, '/value'],
      [{ fact: 'attributes.consent', operator: 'equal', value: true }, '/operator'],
      [{ fact: 'attributes.city', operator: 'in', value: { fact: 'attributes.tags' } }, '/value'],
      [{ fact: 'traits.orders_count', operator: 'lessThan', value: { fact: 'attributes.city' } }, '/value'],
    ];
    for (const [condition, pointer] of cases) {
      const problem = problemOf(condition);
      expect(problem.code, JSON.stringify(condition)).toBe('TYPE_MISMATCH');
      expect(problem.details[0].pointer, JSON.stringify(condition)).toBe(pointer);
    }
  });

  it('reports unknown traits, unknown operators and event facts in customer conditions', () => {
    expect(checkCondition({ fact: 'attributes.cty', operator: 'equal', value: 'x' }, catalogue).ok).toBe(true);
    const fact = problemOf({ fact: 'traits.order_count', operator: 'equal', value: 1 });
    expect(fact.code).toBe('UNKNOWN_FACT');
    expect(fact.details[0]).toMatchObject({ pointer: '/fact' });
    expect(fact.details[0].message).toContain('traits.orders_count');
    const operator = problemOf({ fact: 'traits.orders_count', operator: 'greaterthan', value: 1 });
    expect(operator.code).toBe('UNKNOWN_OPERATOR');
    expect(operator.details[0]).toMatchObject({ pointer: '/operator' });
    expect(operator.details[0].message).toContain('Did you mean greaterThan');
    const event = problemOf({ fact: 'event.properties.total', operator: 'greaterThan', value: 1 });
    expect(event.code).toBe('UNKNOWN_FACT');
    expect(event.details[0].message).toContain('triggering event');
    expect(checkCondition({ fact: 'event.properties.total', operator: 'greaterThan', value: 1 }, catalogue, { scope: 'event' }).ok).toBe(true);
  });

  it('refuses uncatalogued attributes when the catalogue is closed, and accepts what extendFactCatalogue adds', () => {
    const closed = createFactCatalogue({ openAttributes: false });
    const result = checkCondition({ fact: 'attributes.plan', operator: 'equal', value: 'pro' }, closed);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.code).toBe('UNKNOWN_FACT');
    const extended = extendFactCatalogue(closed, { attributes: [{ path: 'attributes.plan', type: 'string', examples: ['pro'] }], traits: [{ id: 'loyalty_points', type: 'number' }] });
    expect(checkCondition({ fact: 'attributes.plan', operator: 'equal', value: 'pro' }, extended).ok).toBe(true);
    expect(checkCondition({ fact: 'traits.loyalty_points', operator: 'greaterThan', value: 100 }, extended).ok).toBe(true);
    expect(checkCondition({ fact: 'traits.loyalty_points', operator: 'greaterThan', value: 'lots' }, extended).ok).toBe(false);
  });

  it('reports malformed trees as INVALID_CONDITION, every problem with its pointer', () => {
    const problem = problemOf({
      all: [
        { any: [] },
        { fact: 'attributes.city', operator: 'equal' },
        { all: [], any: [] },
        { condition: 'named' },
        'text',
        { not: [{ fact: 'attributes.city', operator: 'exists', value: true }] },
        { fact: 'attributes..city', operator: 'equal', value: 'x' },
        { fact: 'attributes.tags.0', operator: 'equal', value: 'x' },
        { fact: 'traits.rfm', path: '$.length', operator: 'equal', value: 1 },
        { fact: 'traits.orders_count', operator: 'equal', value: 1, params: { days: 3 } },
        { fact: 'traits.orders_count', operator: 'equal', value: 1, extra: true },
      ],
    });
    expect(problem.code).toBe('INVALID_CONDITION');
    expect(problem.details.map((detail) => detail.pointer)).toEqual([
      '/all/0/any',
      '/all/1/value',
      '/all/2',
      '/all/3/condition',
      '/all/4',
      '/all/5/not',
      '/all/6/fact',
      '/all/7/fact',
      '/all/8/path',
      '/all/9/params',
      '/all/10/extra',
    ]);
  });

  it('enforces the limits, which are configurable', () => {
    let deep: unknown = { fact: 'attributes.city', operator: 'equal', value: 'x' };
    for (let i = 0; i < defaultConditionLimits.maxDepth; i++) deep = { not: deep };
    expect(problemOf(deep).details[0].message).toContain(`deeper than ${defaultConditionLimits.maxDepth}`);
    expect(checkCondition(deep, catalogue, { limits: { maxDepth: defaultConditionLimits.maxDepth + 1 } }).ok).toBe(true);

    const wide = { any: Array.from({ length: 300 }, () => ({ fact: 'attributes.city', operator: 'equal', value: 'x' })) };
    expect(problemOf(wide).details[0].message).toContain(`larger than ${defaultConditionLimits.maxNodes} nodes`);

    const longList = { fact: 'attributes.postal_code', operator: 'in', value: Array.from({ length: 1001 }, (_, i) => `P${i}`) };
    expect(problemOf(longList).details[0]).toMatchObject({ pointer: '/value' });
    expect(checkCondition(longList, catalogue, { limits: { maxListLength: 5000 } }).ok).toBe(true);

    const longText = { fact: 'attributes.city', operator: 'equal', value: 'x'.repeat(2000) };
    expect(problemOf(longText).code).toBe('INVALID_CONDITION');
    const big = { fact: 'attributes.postal_code', operator: 'in', value: Array.from({ length: 900 }, (_, i) => `${i}`.padEnd(100, 'x')) };
    expect(problemOf(big).details[0].message).toContain('bytes of JSON');
  });

  it('refuses text MongoDB cannot store', () => {
    expect(problemOf({ fact: 'attributes.city', operator: 'equal', value: 'a\u0000b' }).code).toBe('INVALID_CONDITION');
    expect(problemOf({ fact: 'attributes.city', operator: 'equal', value: 'a\ud800b' }).code).toBe('INVALID_CONDITION');
  });

  it('prefixes pointers when the condition sits inside a larger document', () => {
    const problem = problemOf({ all: [{ fact: 'traits.orders_count', operator: 'equal', value: 'x' }] }, { at: ['criteria'] });
    expect(problem.details[0].pointer).toBe('/criteria/all/0/value');
  });

  it('agrees with schemas/condition.schema.json on structure: whatever it accepts, the schema accepts', () => {
    const random = new SeededRandom(7);
    const mutations: Array<(node: Record<string, unknown>) => void> = [
      (node) => delete node.operator,
      (node) => (node.extra = 1),
      (node) => (node.fact = 'a..b'),
      (node) => (node.path = 'score'),
      (node) => (node.priority = 0),
      (node) => (node.name = 5),
      (node) => (node.$where = '1'),
    ];
    for (let i = 0; i < 400; i++) {
      const condition = generateCondition(random, { scope: 'customer', depth: 3 }) as Record<string, unknown>;
      if (random.chance(0.5)) random.pick(mutations)(condition);
      const checked = checkCondition(condition, catalogue);
      const schema = validateAgainstSchema('condition', condition);
      if (checked.ok) expect(schema.ok, JSON.stringify(condition)).toBe(true);
      if (!schema.ok) expect(checked.ok, JSON.stringify(condition)).toBe(false);
    }
  });
});
