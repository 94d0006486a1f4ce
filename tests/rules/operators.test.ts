import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCondition, createFactCatalogue, listOperators, operatorNames } from '../../engine/rules/index';
import { evaluateAgreed } from '../support/three-way-evaluation';

const now = Date.parse('2024-06-15T12:00:00.000Z');
const day = 86_400_000;
const iso = (offsetDays: number, extraMs = 0): string => new Date(now + offsetDays * day + extraMs).toISOString();
const documentation = readFileSync(new URL('../../docs/conditions.md', import.meta.url), 'utf8');

/** The agreed answer of json-rules-engine, the predicate and the MongoDB filter for each document. */
function answers(condition: unknown, documents: Array<Record<string, unknown>>, at = now): Promise<boolean[]> {
  return evaluateAgreed(condition, documents, at);
}

const withCity = (city: unknown): Record<string, unknown> => (city === undefined ? { attributes: {} } : { attributes: { city } });
const withTags = (tags: unknown): Record<string, unknown> => (tags === undefined ? { attributes: {} } : { attributes: { tags } });
const withOrders = (count: unknown): Record<string, unknown> => (count === undefined ? { traits: {} } : { traits: { orders_count: count } });
const withLastOrder = (at: unknown): Record<string, unknown> => (at === undefined ? { traits: {} } : { traits: { last_order_at: at } });
const withBirthday = (birthday: unknown): Record<string, unknown> => ({ attributes: { birthday } });

describe('operators', () => {
  it('lists every operator as plain JSON with its example, and documents each in docs/conditions.md', () => {
    const listed = listOperators();
    expect(listed.map((operator) => operator.name)).toEqual([...operatorNames]);
    expect(JSON.parse(JSON.stringify(listed))).toEqual(listed);
    const catalogue = createFactCatalogue();
    for (const operator of listed) {
      expect(checkCondition(operator.example, catalogue).ok, `${operator.name}'s example checks`).toBe(true);
      expect(documentation, `docs/conditions.md documents ${operator.name}`).toContain(`### \`${operator.name}\``);
    }
  });

  it('equal / notEqual compare without conversion, treat null as a value and missing as not equal', async () => {
    const documents = [withCity('London'), withCity('london'), withCity(null), withCity(undefined), withCity(['London']), withCity(5)];
    expect(await answers({ fact: 'attributes.city', operator: 'equal', value: 'London' }, documents)).toEqual([true, false, false, false, false, false]);
    expect(await answers({ fact: 'attributes.city', operator: 'notEqual', value: 'London' }, documents)).toEqual([false, true, true, true, true, true]);
    expect(await answers({ fact: 'attributes.city', operator: 'equal', value: null }, documents)).toEqual([false, false, true, false, false, false]);
    expect(await answers({ fact: 'traits.orders_count', operator: 'equal', value: 5 }, [withOrders(5), withOrders('5'), withOrders([5])])).toEqual([true, false, false]);
  });

  it('in / notIn: one of the listed values; a null in the list matches null, never a missing fact', async () => {
    const documents = [withCity('Paris'), withCity('Berlin'), withCity(null), withCity(undefined), withCity(['Paris'])];
    expect(await answers({ fact: 'attributes.city', operator: 'in', value: ['Paris', 'Rome'] }, documents)).toEqual([true, false, false, false, false]);
    expect(await answers({ fact: 'attributes.city', operator: 'in', value: ['Paris', null] }, documents)).toEqual([true, false, true, false, false]);
    expect(await answers({ fact: 'attributes.city', operator: 'notIn', value: ['Paris', null] }, documents)).toEqual([false, true, false, true, true]);
  });

  it('contains / doesNotContain: list membership; a missing list contains nothing and does-not-contain nothing either', async () => {
    const documents = [withTags(['vip', 'new']), withTags(['new']), withTags([]), withTags(undefined), withTags('vip'), withTags([['vip']])];
    expect(await answers({ fact: 'attributes.tags', operator: 'contains', value: 'vip' }, documents)).toEqual([true, false, false, false, false, false]);
    expect(await answers({ fact: 'attributes.tags', operator: 'doesNotContain', value: 'vip' }, documents)).toEqual([false, true, true, false, false, true]);
  });

  it('lessThan … greaterThanInclusive compare numbers, count plain decimal text as numbers, and dates as ISO text', async () => {
    const documents = [withOrders(2), withOrders(3), withOrders(4), withOrders('4'), withOrders('4 apples'), withOrders(null), withOrders(undefined), withOrders(true)];
    expect(await answers({ fact: 'traits.orders_count', operator: 'greaterThan', value: 3 }, documents)).toEqual([false, false, true, true, false, false, false, false]);
    expect(await answers({ fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 3 }, documents)).toEqual([false, true, true, true, false, false, false, false]);
    expect(await answers({ fact: 'traits.orders_count', operator: 'lessThan', value: 3 }, documents)).toEqual([true, false, false, false, false, false, false, false]);
    expect(await answers({ fact: 'traits.orders_count', operator: 'lessThanInclusive', value: 3 }, documents)).toEqual([true, true, false, false, false, false, false, false]);
    const dates = [withLastOrder('2023-12-31T23:59:59.999Z'), withLastOrder('2024-01-01T00:00:00.000Z'), withLastOrder('2024-01-01'), withLastOrder('not a date')];
    // A date without time is the very start of its day: "before 2024-01-01" ends at midnight.
    expect(await answers({ fact: 'traits.last_order_at', operator: 'lessThan', value: '2024-01-01' }, dates)).toEqual([true, false, false, false]);
    expect(await answers({ fact: 'traits.last_order_at', operator: 'greaterThanInclusive', value: '2024-01-01' }, dates)).toEqual([false, true, true, false]);
  });

  it('compares two facts (fact-to-fact), with missing equal to missing as in json-rules-engine', async () => {
    const documents = [
      { traits: { average_order_value: 50, revenue_total: 40 } },
      { traits: { average_order_value: 30, revenue_total: 40 } },
      { traits: { average_order_value: 30 } },
      { traits: {} },
    ];
    expect(await answers({ fact: 'traits.average_order_value', operator: 'greaterThan', value: { fact: 'traits.revenue_total' } }, documents)).toEqual([true, false, false, false]);
    expect(await answers({ fact: 'traits.average_order_value', operator: 'equal', value: { fact: 'traits.revenue_total' } }, documents)).toEqual([false, false, false, true]);
    expect(await answers({ fact: 'traits.average_order_value', operator: 'notEqual', value: { fact: 'traits.revenue_total' } }, documents)).toEqual([true, true, true, false]);
  });

  it('between includes both ends', async () => {
    const documents = [withOrders(2), withOrders(3), withOrders(5), withOrders(6), withOrders('5'), withOrders(undefined)];
    expect(await answers({ fact: 'traits.orders_count', operator: 'between', value: [3, 5] }, documents)).toEqual([false, true, true, false, true, false]);
    const dates = [withLastOrder('2024-03-01T10:00:00.000Z'), withLastOrder('2024-04-01T00:00:00.000Z'), withLastOrder('2024-02-29T23:59:59.999Z')];
    expect(await answers({ fact: 'traits.last_order_at', operator: 'between', value: ['2024-03-01', '2024-04-01T00:00:00.000Z'] }, dates)).toEqual([true, true, false]);
  });

  it('exists: true means present and not null; an empty string or list is present', async () => {
    const documents = [withCity('x'), withCity(''), withCity(null), withCity(undefined), withCity([]), withCity([null])];
    expect(await answers({ fact: 'attributes.city', operator: 'exists', value: true }, documents)).toEqual([true, true, false, false, true, true]);
    expect(await answers({ fact: 'attributes.city', operator: 'exists', value: false }, documents)).toEqual([false, false, true, true, false, false]);
  });

  it('startsWith is a literal, case-sensitive prefix, even with regex characters in it', async () => {
    const documents = [withCity('London'), withCity('london'), withCity('L.A.'), withCity('Lx'), withCity('(a)+b'), withCity(['London'])];
    expect(await answers({ fact: 'attributes.city', operator: 'startsWith', value: 'Lo' }, documents)).toEqual([true, false, false, false, false, false]);
    expect(await answers({ fact: 'attributes.city', operator: 'startsWith', value: 'L.' }, documents)).toEqual([false, false, true, false, false, false]);
    expect(await answers({ fact: 'attributes.city', operator: 'startsWith', value: '(a)+' }, documents)).toEqual([false, false, false, false, true, false]);
  });

  it('withinLastDays includes both window ends and excludes the future; a missing fact is false', async () => {
    const documents = [withLastOrder(iso(-30)), withLastOrder(iso(-30, -1)), withLastOrder(iso(0)), withLastOrder(iso(0, 1)), withLastOrder(iso(-3).slice(0, 10)), withLastOrder(undefined), withLastOrder(12345)];
    expect(await answers({ fact: 'traits.last_order_at', operator: 'withinLastDays', value: 30 }, documents)).toEqual([true, false, true, false, true, false, false]);
  });

  it('notWithinLastDays: a date older than N days; a missing fact is false (never ordered is not "lapsed")', async () => {
    const documents = [withLastOrder(iso(-90, -1)), withLastOrder(iso(-90)), withLastOrder(iso(-5)), withLastOrder(undefined), withLastOrder(null), withLastOrder('garbage')];
    expect(await answers({ fact: 'traits.last_order_at', operator: 'notWithinLastDays', value: 90 }, documents)).toEqual([true, false, false, false, false, false]);
  });

  it('anniversaryWithinDays: the next anniversary within N UTC days, today included', async () => {
    const documents = [withBirthday('1990-06-15'), withBirthday('1990-06-22'), withBirthday('1990-06-23'), withBirthday('1990-06-14'), withBirthday('1980-06-20T08:00:00.000Z'), withBirthday('06-15'), withBirthday(null)];
    expect(await answers({ fact: 'attributes.birthday', operator: 'anniversaryWithinDays', value: 7 }, documents)).toEqual([true, true, false, false, true, false, false]);
    expect(await answers({ fact: 'attributes.birthday', operator: 'anniversaryWithinDays', value: 0 }, documents)).toEqual([true, false, false, false, false, false, false]);
    // Year wrap: on Dec 30 a Jan 2 birthday is 3 days away.
    const december = Date.parse('2024-12-30T08:00:00.000Z');
    expect(await answers({ fact: 'attributes.birthday', operator: 'anniversaryWithinDays', value: 3 }, [withBirthday('1990-01-02'), withBirthday('1990-01-03')], december)).toEqual([true, false]);
  });

  it('anniversaryWithinDays puts Feb 29 on Feb 28 in common years, and on Feb 29 in leap years', async () => {
    const leapling = [withBirthday('2000-02-29'), withBirthday('2001-02-28'), withBirthday('2001-03-01')];
    const feb28common = Date.parse('2023-02-28T10:00:00.000Z');
    expect(await answers({ fact: 'attributes.birthday', operator: 'anniversaryWithinDays', value: 0 }, leapling, feb28common)).toEqual([true, true, false]);
    const mar1common = Date.parse('2023-03-01T10:00:00.000Z');
    expect(await answers({ fact: 'attributes.birthday', operator: 'anniversaryWithinDays', value: 0 }, leapling, mar1common)).toEqual([false, false, true]);
    const feb28leap = Date.parse('2024-02-28T10:00:00.000Z');
    expect(await answers({ fact: 'attributes.birthday', operator: 'anniversaryWithinDays', value: 0 }, leapling, feb28leap)).toEqual([false, true, false]);
    const feb29leap = Date.parse('2024-02-29T10:00:00.000Z');
    expect(await answers({ fact: 'attributes.birthday', operator: 'anniversaryWithinDays', value: 0 }, leapling, feb29leap)).toEqual([true, false, false]);
  });

  it('containsAll / containsAny / containsNone test sets of list elements; a missing list matches none of them', async () => {
    const documents = [withTags(['vip', 'press']), withTags(['vip']), withTags(['x']), withTags([]), withTags(undefined), withTags('vip')];
    expect(await answers({ fact: 'attributes.tags', operator: 'containsAll', value: ['vip', 'press'] }, documents)).toEqual([true, false, false, false, false, false]);
    expect(await answers({ fact: 'attributes.tags', operator: 'containsAny', value: ['vip', 'press'] }, documents)).toEqual([true, true, false, false, false, false]);
    expect(await answers({ fact: 'attributes.tags', operator: 'containsNone', value: ['vip', 'press'] }, documents)).toEqual([false, false, true, true, false, false]);
  });

  it('groups: all of nothing is true, not negates, nesting composes', async () => {
    const documents = [{ attributes: { city: 'London', tags: ['vip'] } }, { attributes: { city: 'Paris', tags: [] } }];
    expect(await answers({ all: [] }, documents)).toEqual([true, true]);
    expect(await answers({ not: { fact: 'attributes.city', operator: 'equal', value: 'London' } }, documents)).toEqual([false, true]);
    expect(
      await answers(
        { any: [{ all: [{ fact: 'attributes.city', operator: 'equal', value: 'Paris' }, { not: { fact: 'attributes.tags', operator: 'contains', value: 'vip' } }] }, { fact: 'attributes.tags', operator: 'contains', value: 'vip' }] },
        documents,
      ),
    ).toEqual([true, true]);
  });

  it('reads json-rules-engine paths into object facts, and passes a non-object fact through as json-rules-engine does', async () => {
    const documents = [{ traits: { rfm: { r: 5 } } }, { traits: { rfm: { r: 3 } } }, { traits: { rfm: 5 } }, { traits: { rfm: [{ r: 5 }] } }, { traits: {} }];
    expect(await answers({ fact: 'traits.rfm', path: '$.r', operator: 'equal', value: 5 }, documents)).toEqual([true, false, true, false, false]);
  });
});
