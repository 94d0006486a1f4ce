/**
 * Fact-to-fact comparisons (`value: { fact: … }`) as MongoDB `$expr`. Aggregation expressions compare
 * across types (BSON order: null < numbers < strings) and mingo's `$eq` looks into arrays, so every
 * comparison here is guarded by both sides' types first, and then compares two scalars of one type.
 * A value that JavaScript would read as undefined (missing, or an array on the way) is `$$REMOVE`.
 */
import type { FactCondition, FactReference } from './condition';
import { guardedPrefixes } from './field-location';
import { parseFactPath, parseMemberPath } from './fact-path';
import { type MongoFilter, notFilter } from './filter-algebra';
import type { OperatorName } from './operator-table';
import { floatPrefixSource, plainDecimalSource } from './relational-comparison';

type Expression = unknown;

function removedWhenArrayOnTheWay(prefixes: string[], path: string): Expression {
  if (prefixes.length === 0) return `$${path}`;
  return { $cond: [{ $or: prefixes.map((prefix) => ({ $isArray: `$${prefix}` })) }, '$$REMOVE', `$${path}`] };
}

/** An expression whose value is what the JavaScript predicate reads for the fact, or missing. */
export function buildValueExpression(reference: FactReference): Expression {
  const parsed = parseFactPath(reference.fact);
  if (!parsed.ok) throw new Error(`Fact "${reference.fact}" ${parsed.reason}: check conditions before compiling them.`);
  const base = removedWhenArrayOnTheWay(guardedPrefixes(parsed.segments), reference.fact);
  if (reference.path === undefined) return base;
  const member = parseMemberPath(reference.path);
  if (!member.ok) throw new Error(`Path "${reference.path}" ${member.reason}: check conditions before compiling them.`);
  const inner = member.segments.map((_, i) => `${reference.fact}.${member.segments.slice(0, i + 1).join('.')}`);
  const reached = removedWhenArrayOnTheWay(inner.slice(0, -1), inner[inner.length - 1]);
  // json-rules-engine's path rule: objects are walked, arrays give undefined, anything else passes through.
  return { $cond: [{ $eq: [{ $type: base }, 'object'] }, reached, { $cond: [{ $isArray: base }, '$$REMOVE', base] }] };
}

const typeOf = (value: string): Expression => ({ $type: value });
const isType = (value: string, type: string): Expression => ({ $eq: [typeOf(value), type] });

function sameTypeEqual(a: string, b: string): Expression {
  return {
    $or: [
      { $and: [isType(a, 'missing'), isType(b, 'missing')] },
      { $and: [isType(a, 'null'), isType(b, 'null')] },
      { $and: [{ $isNumber: a }, { $isNumber: b }, { $eq: [a, b] }] },
      { $and: [isType(a, 'string'), isType(b, 'string'), { $eq: [a, b] }] },
      { $and: [isType(a, 'bool'), isType(b, 'bool'), { $eq: [a, b] }] },
    ],
  };
}

/** The number a value counts as (number, or plain decimal text), else null; never fails. */
function comparableNumber(value: string): Expression {
  const text = { $cond: [isType(value, 'string'), value, ''] };
  return {
    $cond: [
      { $isNumber: value },
      value,
      {
        $cond: [
          { $regexMatch: { input: text, regex: plainDecimalSource } },
          { $convert: { input: { $cond: [isType(value, 'string'), value, null] }, to: 'double', onError: null, onNull: null } },
          null,
        ],
      },
    ],
  };
}

function relational(a: string, b: string, mongoOperator: '$lt' | '$lte' | '$gt' | '$gte'): Expression {
  const bothText = { $and: [isType(a, 'string'), isType(b, 'string')] };
  return {
    $or: [
      { $and: [bothText, { $regexMatch: { input: { $cond: [isType(a, 'string'), a, ''] }, regex: floatPrefixSource } }, { [mongoOperator]: [a, b] }] },
      {
        $let: {
          vars: { x: comparableNumber(a), y: comparableNumber(b) },
          in: { $and: [{ $not: [bothText] }, { $isNumber: '$$x' }, { $isNumber: '$$y' }, { [mongoOperator]: ['$$x', '$$y'] }] },
        },
      },
    ],
  };
}

const mongoRelational: Partial<Record<OperatorName, '$lt' | '$lte' | '$gt' | '$gte'>> = {
  lessThan: '$lt',
  lessThanInclusive: '$lte',
  greaterThan: '$gt',
  greaterThanInclusive: '$gte',
};

/** The filter of a fact-to-fact leaf. */
export function buildFactComparison(leaf: FactCondition, other: FactReference, operator: OperatorName): MongoFilter {
  const vars = { a: buildValueExpression(leaf), b: buildValueExpression(other) };
  if (operator === 'equal' || operator === 'notEqual') {
    const equal = { $expr: { $let: { vars, in: sameTypeEqual('$$a', '$$b') } } };
    return operator === 'equal' ? equal : notFilter(equal);
  }
  const mongoOperator = mongoRelational[operator];
  if (!mongoOperator) throw new Error(`${operator} does not compare facts: check conditions before compiling them.`);
  return { $expr: { $let: { vars, in: relational('$$a', '$$b', mongoOperator) } } };
}
