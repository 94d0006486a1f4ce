/**
 * Pins down, case by case, the choices docs/conditions.md documents: how the MongoDB filter is made
 * to follow json-rules-engine where MongoDB's own semantics differ, and the few places where Wayfarer
 * deliberately differs from json-rules-engine (JavaScript's implicit conversions in relational
 * comparisons), with the predicate and the filter always agreeing with each other.
 */
import { describe, expect, it } from 'vitest';
import { evaluateAgreed, evaluateThreeWays } from '../support/three-way-evaluation';

const now = Date.parse('2024-06-15T12:00:00.000Z');

describe('MongoDB semantics made to follow json-rules-engine', () => {
  it('arrays do not match element by element (MongoDB would match { age: [40] } for age > 30)', async () => {
    expect(await evaluateAgreed({ fact: 'attributes.age', operator: 'greaterThan', value: 30 }, [{ attributes: { age: 40 } }, { attributes: { age: [10, 40] } }], now)).toEqual([true, false]);
    expect(await evaluateAgreed({ fact: 'attributes.city', operator: 'equal', value: 'Paris' }, [{ attributes: { city: ['Paris'] } }], now)).toEqual([false]);
  });

  it('a path through an array is missing (MongoDB would read traits.rfm.r from [{ r: 5 }])', async () => {
    const documents = [{ traits: { rfm: { r: 5 } } }, { traits: { rfm: [{ r: 5 }] } }, { traits: { rfm: [{ r: 5 }] } }];
    expect(await evaluateAgreed({ fact: 'traits.rfm.r', operator: 'equal', value: 5 }, documents, now)).toEqual([true, false, false]);
    expect(await evaluateAgreed({ fact: 'traits.rfm.r', operator: 'exists', value: false }, documents, now)).toEqual([false, true, true]);
  });

  it('null and missing differ (MongoDB\'s { x: null } matches both)', async () => {
    const documents = [{ attributes: { city: null } }, { attributes: {} }];
    expect(await evaluateAgreed({ fact: 'attributes.city', operator: 'equal', value: null }, documents, now)).toEqual([true, false]);
    expect(await evaluateAgreed({ fact: 'attributes.city', operator: 'notEqual', value: null }, documents, now)).toEqual([false, true]);
  });

  it('notEqual and notIn match a missing fact, as json-rules-engine does ($ne does too, $nin with null would not)', async () => {
    const documents = [{ attributes: {} }, { attributes: { country: 'France' } }];
    expect(await evaluateAgreed({ fact: 'attributes.country', operator: 'notEqual', value: 'France' }, documents, now)).toEqual([true, false]);
    expect(await evaluateAgreed({ fact: 'attributes.country', operator: 'notIn', value: ['France', null] }, documents, now)).toEqual([true, false]);
  });

  it('type brackets: a number never equals its text, and text compares with text only', async () => {
    const documents = [{ traits: { value_tier: { tier: 5 } } }, { traits: { value_tier: { tier: '5' } } }];
    expect(await evaluateAgreed({ fact: 'traits.value_tier.tier', operator: 'equal', value: '5' }, documents, now)).toEqual([false, true]);
    expect(await evaluateAgreed({ fact: 'traits.last_order_at', operator: 'lessThan', value: '2024-01-01' }, [{ traits: { last_order_at: 20230101 } }, { traits: { last_order_at: '2023-01-01' } }], now)).toEqual([false, true]);
  });

  it('plain decimal text counts as a number in relational comparisons, as in json-rules-engine', async () => {
    expect(await evaluateAgreed({ fact: 'attributes.age', operator: 'greaterThan', value: 30 }, [{ attributes: { age: '34' } }, { attributes: { age: '-2.5e1' } }, { attributes: { age: '34 years' } }], now)).toEqual([true, false, false]);
  });
});

describe('where Wayfarer differs from json-rules-engine (documented), the predicate and the filter agree', () => {
  const cases: Array<[string, unknown, Record<string, unknown>, boolean]> = [
    ['a one-element array becomes its text', { fact: 'attributes.age', operator: 'greaterThan', value: 30 }, { attributes: { age: [40] } }, true],
    ['text with spaces becomes a number', { fact: 'attributes.age', operator: 'greaterThan', value: 30 }, { attributes: { age: ' 40' } }, true],
    ['hexadecimal text becomes a number', { fact: 'attributes.age', operator: 'greaterThan', value: 30 }, { attributes: { age: '0x40' } }, true],
    ['"Infinity" becomes a number', { fact: 'attributes.age', operator: 'greaterThan', value: 30 }, { attributes: { age: 'Infinity' } }, true],
    ['null on the right becomes 0', { fact: 'traits.churn_risk', operator: 'lessThan', value: { fact: 'traits.clv.p_alive' } }, { traits: { churn_risk: -1, clv: { p_alive: null } } }, true],
    ['true on the right becomes 1', { fact: 'traits.churn_risk', operator: 'lessThan', value: { fact: 'traits.clv.p_alive' } }, { traits: { churn_risk: 0.5, clv: { p_alive: true } } }, true],
    ['an object on the right becomes "[object Object]"', { fact: 'attributes.plan', operator: 'lessThan', value: { fact: 'attributes.tier' } }, { attributes: { plan: '1', tier: {} } }, true],
  ];
  for (const [title, condition, document, javascript] of cases) {
    it(`${title}: json-rules-engine says ${javascript}, Wayfarer says ${!javascript}`, async () => {
      const [answer] = await evaluateThreeWays(condition, [document], now);
      expect(answer.reference).toBe(javascript);
      expect(answer.predicate).toBe(!javascript);
      expect(answer.filter).toBe(answer.predicate);
    });
  }
});
