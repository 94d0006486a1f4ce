/**
 * A condition can never inject a MongoDB operator into its compiled filter: `$` keys are refused by
 * the checker, and every string a condition carries lands in the filter only as a literal operand (or,
 * for startsWith, as escaped regex text). The structural test walks thousands of compiled filters and
 * accepts only the operators the compiler itself writes and field paths named by the condition.
 */
import { describe, expect, it } from 'vitest';
import { checkCondition, compileCondition, createFactCatalogue, listFactConditions, type Condition } from '../../engine/rules/index';
import { generateCondition } from '../support/random-condition';
import { SeededRandom } from '../support/seeded-random';
import { evaluateAgreed } from '../support/three-way-evaluation';

const catalogue = createFactCatalogue();
const now = Date.parse('2024-06-15T12:00:00.000Z');

const queryOperators = new Set(['$and', '$or', '$nor', '$expr']);
const fieldOperators = new Set(['$eq', '$in', '$lt', '$lte', '$gt', '$gte', '$regex', '$type', '$not', '$exists']);
const expressionOperators = new Set(['$let', '$and', '$or', '$not', '$cond', '$convert', '$type', '$eq', '$isNumber', '$isArray', '$regexMatch', '$lt', '$lte', '$gt', '$gte']);
const convertKeys = new Set(['input', 'to', 'onError', 'onNull']);
const variables = new Set(['$$a', '$$b', '$$n', '$$x', '$$y', '$$REMOVE']);

/** Every field path a condition may legitimately name: its facts, their member paths and prefixes. */
function allowedPaths(condition: Condition): Set<string> {
  const paths = new Set<string>(['_id']);
  const add = (fact: string, path?: string): void => {
    const full = path ? `${fact}.${path.slice(2)}` : fact;
    const segments = full.split('.');
    for (let i = 1; i <= segments.length; i++) paths.add(segments.slice(0, i).join('.'));
  };
  for (const leaf of listFactConditions(condition)) {
    add(leaf.fact, leaf.path);
    if (typeof leaf.value === 'object' && leaf.value !== null && 'fact' in leaf.value) {
      const reference = leaf.value as { fact: string; path?: string };
      add(reference.fact, reference.path);
    }
  }
  return paths;
}

/** Throws when a filter holds anything but compiler-written operators, allowed paths and literal operands. */
function assertOnlyLiteralOperands(filter: unknown, paths: Set<string>): void {
  // Plain checks, not expect(): thousands run per filter.
  const check = (holds: boolean, what: string): void => {
    if (!holds) throw new Error(`unexpected in a compiled filter: ${what}\n${JSON.stringify(filter)}`);
  };
  const isScalar = (value: unknown): boolean => value === null || ['string', 'number', 'boolean'].includes(typeof value);
  const walkExpression = (expression: unknown): void => {
    if (typeof expression === 'string') {
      if (expression.startsWith('$$')) check(variables.has(expression), expression);
      else if (expression.startsWith('$')) check(paths.has(expression.slice(1)), expression);
      return;
    }
    if (Array.isArray(expression)) return expression.forEach(walkExpression);
    if (expression === null || typeof expression !== 'object') return;
    for (const [key, value] of Object.entries(expression)) {
      if (key === '$let') {
        const { vars, in: body } = value as { vars: Record<string, unknown>; in: unknown };
        Object.values(vars).forEach(walkExpression);
        walkExpression(body);
      } else if (key === '$convert') {
        for (const [part, inner] of Object.entries(value as object)) {
          check(convertKeys.has(part), part);
          walkExpression(inner);
        }
      } else if (key === '$regexMatch') {
        const { input, regex } = value as { input: unknown; regex: unknown };
        walkExpression(input);
        check(typeof regex === 'string', 'regex');
      } else {
        check(expressionOperators.has(key), `expression operator ${key}`);
        walkExpression(value);
      }
    }
  };
  const walkField = (test: unknown): void => {
    check(test !== null && typeof test === 'object' && !Array.isArray(test), 'field test object');
    for (const [key, operand] of Object.entries(test as object)) {
      check(fieldOperators.has(key), `field operator ${key}`);
      if (key === '$not') walkField(operand);
      else if (key === '$in') check((operand as unknown[]).every(isScalar), JSON.stringify(operand));
      else if (key === '$exists') check(typeof operand === 'boolean', '$exists operand');
      else check(isScalar(operand), `${key}: ${JSON.stringify(operand)}`);
    }
  };
  const walkQuery = (query: unknown): void => {
    for (const [key, value] of Object.entries(query as object)) {
      if (key === '$expr') walkExpression(value);
      else if (key.startsWith('$')) {
        check(queryOperators.has(key), `query operator ${key}`);
        (value as unknown[]).forEach(walkQuery);
      } else {
        check(paths.has(key), `field ${key}`);
        walkField(value);
      }
    }
  };
  walkQuery(filter);
}

describe('MongoDB operator injection', () => {
  it('refuses $ keys anywhere in a condition', () => {
    const attempts: unknown[] = [
      { $where: 'sleep(1000)' },
      { all: [], $or: [{}] },
      { fact: 'attributes.city', operator: 'equal', value: 'x', $comment: 'hi' },
      { fact: 'attributes.city', operator: 'equal', value: { fact: 'attributes.region', $expr: true } },
      { fact: 'attributes.$where', operator: 'equal', value: 'x' },
      { fact: '$where', operator: 'equal', value: 'x' },
      { fact: 'traits.rfm', path: '$.$gt', operator: 'equal', value: 1 },
      { fact: 'attributes.city', operator: '$ne', value: 'x' },
    ];
    for (const attempt of attempts) {
      const result = checkCondition(attempt, catalogue);
      expect(result.ok, JSON.stringify(attempt)).toBe(false);
    }
  });

  it('refuses operator objects as values, for every operator', () => {
    for (const operator of ['equal', 'notEqual', 'in', 'notIn', 'lessThan', 'greaterThan', 'between', 'startsWith', 'exists']) {
      for (const value of [{ $ne: null }, { $gt: '' }, [{ $ne: null }], { $regex: '.*' }]) {
        const result = checkCondition({ fact: 'attributes.city', operator, value }, catalogue);
        expect(result.ok, `${operator} ${JSON.stringify(value)}`).toBe(false);
      }
    }
  });

  it('keeps operator-looking strings literal: they match only customers holding that very text', async () => {
    const documents = [
      { attributes: { city: '$ne', tags: ['$in'], postal_code: '.*', plan: '$gt', nickname: '$gt' } },
      { attributes: { city: 'London', tags: ['vip'], postal_code: 'SW1', plan: '$gt', nickname: '$$REMOVE' } },
      { attributes: {} },
    ];
    expect(await evaluateAgreed({ fact: 'attributes.city', operator: 'equal', value: '$ne' }, documents, now)).toEqual([true, false, false]);
    expect(await evaluateAgreed({ fact: 'attributes.city', operator: 'in', value: ['$exists', '$ne'] }, documents, now)).toEqual([true, false, false]);
    expect(await evaluateAgreed({ fact: 'attributes.city', operator: 'notEqual', value: '$ne' }, documents, now)).toEqual([false, true, true]);
    expect(await evaluateAgreed({ fact: 'attributes.tags', operator: 'containsAny', value: ['$in', '$nin'] }, documents, now)).toEqual([true, false, false]);
    expect(await evaluateAgreed({ fact: 'attributes.postal_code', operator: 'startsWith', value: '.*' }, documents, now)).toEqual([true, false, false]);
    expect(await evaluateAgreed({ fact: 'attributes.plan', operator: 'equal', value: { fact: 'attributes.nickname' } }, documents, now)).toEqual([true, false, true]);
  });

  it('has a structural check that catches an injected operator or a foreign field', () => {
    const paths = new Set(['attributes', 'attributes.city']);
    expect(() => assertOnlyLiteralOperands({ 'attributes.city': { $eq: 'x' } }, paths)).not.toThrow();
    expect(() => assertOnlyLiteralOperands({ 'attributes.city': { $where: 'x' } }, paths)).toThrow();
    expect(() => assertOnlyLiteralOperands({ 'attributes.city': { $eq: { $gt: '' } } }, paths)).toThrow();
    expect(() => assertOnlyLiteralOperands({ password: { $eq: 'x' } }, paths)).toThrow();
    expect(() => assertOnlyLiteralOperands({ $expr: { $eq: ['$password', 1] } }, paths)).toThrow();
    expect(() => assertOnlyLiteralOperands({ $expr: { $function: { body: '' } } }, paths)).toThrow();
  });

  it('writes only its own operators, the condition\'s field paths and literal operands into 3,000 random filters', () => {
    const random = new SeededRandom(99);
    for (let i = 0; i < 3000; i++) {
      const checked = checkCondition(generateCondition(random, { scope: 'customer' }), catalogue);
      if (!checked.ok) throw new Error(JSON.stringify(checked.problem));
      const compiled = compileCondition(checked.value);
      if (compiled.scope !== 'customer') throw new Error('customer condition expected');
      assertOnlyLiteralOperands(compiled.toMongoFilter(now), allowedPaths(checked.value));
    }
  });
});
