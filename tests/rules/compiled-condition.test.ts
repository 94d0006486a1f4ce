import { describe, expect, it } from 'vitest';
import { checkCondition, compileCondition, createFactCatalogue, type Condition } from '../../engine/rules/index';
import { SeededRandom } from '../support/seeded-random';

const catalogue = createFactCatalogue();
const now = Date.parse('2024-06-15T12:00:00.000Z');

function checked(condition: unknown, scope: 'customer' | 'event' = 'customer'): Condition {
  const result = checkCondition(condition, catalogue, { scope });
  if (!result.ok) throw new Error(JSON.stringify(result.problem));
  return result.value;
}

describe('compileCondition', () => {
  it('reports the facts it reads, whether it depends on time, and its scope', () => {
    const compiled = compileCondition(
      checked({
        all: [
          { fact: 'traits.last_order_at', operator: 'withinLastDays', value: 30 },
          { fact: 'traits.rfm', path: '$.r', operator: 'greaterThan', value: { fact: 'traits.rfm.f' } },
        ],
      }),
    );
    expect(compiled.scope).toBe('customer');
    expect(compiled.facts).toEqual(['traits.last_order_at', 'traits.rfm', 'traits.rfm.f']);
    expect(compiled.dependsOnTime).toBe(true);
    expect(() => compiled.test({}, {} as never)).toThrow(/depends on time/);
  });

  it('gives event-scoped conditions no MongoDB filter, and evaluates them against the event', () => {
    const compiled = compileCondition(checked({ all: [{ fact: 'event.properties.total', operator: 'greaterThan', value: 100 }, { fact: 'traits.orders_count', operator: 'equal', value: 0 }] }, 'event'));
    expect(compiled.scope).toBe('event');
    expect(compiled.toMongoFilter).toBeNull();
    const customer = { traits: { orders_count: 0 } };
    expect(compiled.test(customer, { now, event: { event: 'Order Completed', properties: { total: 120 } } })).toBe(true);
    expect(compiled.test(customer, { now, event: { properties: { total: 80 } } })).toBe(false);
    expect(compiled.test(customer, { now })).toBe(false);
    expect(() => compileCondition(checked({ fact: 'event.event', operator: 'equal', value: 'x' }, 'event'), { scope: 'customer' })).toThrow(/event facts/);
  });

  it('is not changed by later edits to the condition object', () => {
    const condition = { fact: 'attributes.country', operator: 'in', value: ['France'] };
    const compiled = compileCondition(checked(condition));
    condition.value.push('Germany');
    expect(compiled.test({ attributes: { country: 'Germany' } }, { now })).toBe(false);
  });

  it('throws on a condition that did not pass checkCondition (a bug, not a client error)', () => {
    expect(() => compileCondition({ fact: 'attributes.city', operator: 'like', value: 'x' } as never)).toThrow(/checkCondition/);
  });

  it('reads frozen store documents without changing them', () => {
    const customer = Object.freeze({ attributes: Object.freeze({ tags: Object.freeze(['vip']) }), traits: Object.freeze({}) });
    const compiled = compileCondition(checked({ fact: 'attributes.tags', operator: 'containsAll', value: ['vip'] }));
    expect(compiled.test(customer, { now })).toBe(true);
  });

  it('never throws on arbitrary JSON passed to checkCondition, and refuses what is not a condition', () => {
    const random = new SeededRandom(5);
    const keys = ['all', 'any', 'not', 'fact', 'operator', 'value', 'path', 'params', 'name', 'priority', '$where', 'condition', '__proto__', 'constructor'];
    const leafValue = (): unknown => random.pick<unknown>([null, true, 0, -1.5, 1e308, '', 'x', 'traits.orders_count', 'equal', '$.r', '2024-02-30', [], {}, 'attributes..x']);
    const build = (depth: number): unknown => {
      if (depth === 0 || random.chance(0.3)) return leafValue();
      if (random.chance(0.3)) return Array.from({ length: random.integer(0, 3) }, () => build(depth - 1));
      const object: Record<string, unknown> = {};
      for (let k = random.integer(0, 4); k > 0; k--) object[random.pick(keys)] = build(depth - 1);
      return object;
    };
    for (let i = 0; i < 3000; i++) {
      const input = build(5);
      const result = checkCondition(input, catalogue);
      if (result.ok) expect(() => compileCondition(result.value).test({}, { now })).not.toThrow();
      else expect(result.problem.details.length).toBeGreaterThan(0);
    }
  });
});
