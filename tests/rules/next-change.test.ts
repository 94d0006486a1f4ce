/**
 * nextChangeAt: the condition cannot change before the instant it names, and for a single
 * relative-time test it does change exactly then. Checked by evaluating the compiled predicate.
 */
import { describe, expect, it } from 'vitest';
import { checkCondition, compileCondition, createFactCatalogue } from '../../engine/rules/index';
import { SeededRandom } from '../support/seeded-random';

const catalogue = createFactCatalogue();
const day = 86_400_000;
const now = Date.parse('2024-06-15T12:00:00.000Z');

function compile(condition: unknown) {
  const checked = checkCondition(condition, catalogue);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problem));
  return compileCondition(checked.value);
}

describe('nextChangeAt', () => {
  it('is null for conditions that do not depend on time', () => {
    const compiled = compile({ fact: 'traits.orders_count', operator: 'greaterThan', value: 1 });
    expect(compiled.dependsOnTime).toBe(false);
    expect(compiled.nextChangeAt({ traits: { orders_count: 3 } }, now)).toBeNull();
  });

  it('withinLastDays: leaves the window N days after the timestamp, to the millisecond', () => {
    const compiled = compile({ fact: 'traits.last_order_at', operator: 'withinLastDays', value: 30 });
    const lastOrder = '2024-06-01T08:00:00.000Z';
    const customer = { traits: { last_order_at: lastOrder } };
    const at = compiled.nextChangeAt(customer, now);
    expect(at).toBe(Date.parse(lastOrder) + 30 * day + 1);
    expect(compiled.test(customer, { now: at! - 1 })).toBe(true);
    expect(compiled.test(customer, { now: at! })).toBe(false);
    expect(compiled.nextChangeAt(customer, at!)).toBeNull();
    // A future timestamp enters the window when now reaches it.
    const future = { traits: { last_order_at: '2024-06-16T00:00:00.000Z' } };
    expect(compiled.nextChangeAt(future, now)).toBe(Date.parse('2024-06-16T00:00:00.000Z'));
    // A date without time is midnight: it leaves when midnight is more than 30 days ago.
    expect(compiled.nextChangeAt({ traits: { last_order_at: '2024-06-01' } }, now)).toBe(Date.parse('2024-07-01T00:00:00.000Z'));
    expect(compiled.nextChangeAt({ traits: {} }, now)).toBeNull();
  });

  it('notWithinLastDays: becomes true when the timestamp is more than N days old', () => {
    const compiled = compile({ fact: 'traits.last_order_at', operator: 'notWithinLastDays', value: 90 });
    const customer = { traits: { last_order_at: '2024-06-01T08:00:00.000Z' } };
    const at = compiled.nextChangeAt(customer, now)!;
    expect(compiled.test(customer, { now: at - 1 })).toBe(false);
    expect(compiled.test(customer, { now: at })).toBe(true);
    expect(compiled.nextChangeAt(customer, at)).toBeNull();
  });

  it('anniversaryWithinDays: changes at the UTC midnight the anniversary enters or leaves the window', () => {
    const compiled = compile({ fact: 'attributes.birthday', operator: 'anniversaryWithinDays', value: 7 });
    const soon = { attributes: { birthday: '1990-06-25' } };
    expect(compiled.test(soon, { now })).toBe(false);
    expect(compiled.nextChangeAt(soon, now)).toBe(Date.parse('2024-06-18T00:00:00.000Z'));
    const inside = { attributes: { birthday: '1990-06-17' } };
    expect(compiled.nextChangeAt(inside, now)).toBe(Date.parse('2024-06-18T00:00:00.000Z'));
    const leapling = { attributes: { birthday: '2000-02-29' } };
    const feb2023 = Date.parse('2023-02-10T12:00:00.000Z');
    expect(compiled.nextChangeAt(leapling, feb2023)).toBe(Date.parse('2023-02-21T00:00:00.000Z'));
    expect(compiled.nextChangeAt(leapling, Date.parse('2023-02-25T12:00:00.000Z'))).toBe(Date.parse('2023-03-01T00:00:00.000Z'));
    expect(compile({ fact: 'attributes.birthday', operator: 'anniversaryWithinDays', value: 366 }).nextChangeAt(soon, now)).toBeNull();
  });

  it('never misses a change: random timestamps, windows and times, checked against the predicate', () => {
    const random = new SeededRandom(11);
    const operators = ['withinLastDays', 'notWithinLastDays', 'anniversaryWithinDays'] as const;
    for (let i = 0; i < 600; i++) {
      const operator = random.pick(operators);
      const days = operator === 'anniversaryWithinDays' ? random.integer(0, 40) : random.pick([0, 0.5, 1, 7, 30, 90]);
      const fact = operator === 'anniversaryWithinDays' ? 'attributes.birthday' : 'traits.last_order_at';
      const compiled = compile({ all: [{ fact, operator, value: days }, { fact: 'traits.orders_count', operator: 'greaterThan', value: 0 }] });
      const start = now + random.integer(-400, 400) * day + random.integer(0, day);
      const stamp = start + random.integer(-120, 30) * day + random.integer(-day, day);
      const text = random.chance(0.3) ? new Date(stamp).toISOString().slice(0, 10) : new Date(stamp).toISOString();
      const customer = { traits: { orders_count: 1, last_order_at: text }, attributes: { birthday: random.pick(['2000-02-29', text.slice(0, 10), '1990-12-31', '1985-01-01']) } };
      const next = compiled.nextChangeAt(customer, start);
      const before = compiled.test(customer, { now: start });
      // Sample instants up to the announced change (or 400 days): the answer must not move before it.
      const horizon = next ?? start + 400 * day;
      for (let k = 1; k <= 25; k++) {
        const t = start + Math.floor(((horizon - start - 1) * k) / 25);
        expect(compiled.test(customer, { now: t }), `${JSON.stringify(customer)} ${operator} ${days} at ${new Date(t).toISOString()} (next ${next})`).toBe(before);
      }
      if (next !== null) expect(compiled.test(customer, { now: next }), `${operator} ${days} flips at ${new Date(next).toISOString()}`).toBe(!before);
    }
  });
});
