/**
 * Compiles a checked customer condition into a MongoDB filter over the customers collection that
 * matches exactly the documents the JavaScript predicate accepts — on MongoDB and on mingo (the
 * embedded store) alike.
 *
 * MongoDB reads paths differently from JavaScript: it reaches into arrays element by element, treats
 * null and missing alike, compares only within a type bracket and lets `$ne` match missing fields.
 * Each leaf is therefore built from parts whose meaning is the same in both engines:
 *   - every field test carries `$not: { $type: 'array' }` unless arrays are what it tests, so no
 *     array element can answer for the field;
 *   - a path through a field that may hold an array is split into "an array is on the way" (the value
 *     is undefined, so the leaf is the operator's constant answer for a missing fact) and "no array";
 *   - null is tested with `$type: 'null'`, never with `null` (which also matches missing);
 *   - negation is `$nor` of the exact positive filter, never `$ne` / `$nin`.
 * docs/conditions.md lists each of these choices.
 */
import { anniversaryRegexSource, toDayNumber } from './anniversary';
import { type Condition, type FactCondition, isAllCondition, isAnyCondition, isFactReference, isNotCondition } from './condition';
import { buildFactComparison } from './fact-comparison-expression';
import { fieldTest, isArrayField, locateFact, notArray } from './field-location';
import { andFilters, constantFilter, matchAll, type MongoFilter, notFilter, orFilters } from './filter-algebra';
import { getOperator, type OperatorName } from './operator-table';
import { floatPrefixSource, plainDecimalSource } from './relational-comparison';
import { datePrefixSource, recentWindow } from './relative-time';

/** Escapes regex syntax characters; the result means the same literal text in JavaScript and PCRE. */
export function escapeRegexText(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** `value <op> operand` for a value at a field with no array on its way (relational-comparison.ts). */
function relationalFilter(path: string, mongoOperator: '$lt' | '$lte' | '$gt' | '$gte', operand: number | string): MongoFilter {
  if (typeof operand === 'string') {
    // Two strings compare as text when the fact passes json-rules-engine's number validator.
    return fieldTest(path, { [mongoOperator]: operand, $regex: floatPrefixSource, ...notArray });
  }
  const asNumber = {
    $convert: { input: { $cond: [{ $eq: [{ $type: `$${path}` }, 'string'] }, `$${path}`, null] }, to: 'double', onError: null, onNull: null },
  };
  return orFilters([
    fieldTest(path, { [mongoOperator]: operand, ...notArray }),
    // A plain decimal string counts as its number; $expr reads it, guarded so it can never fail.
    andFilters([
      fieldTest(path, { $type: 'string', $regex: plainDecimalSource, ...notArray }),
      { $expr: { $let: { vars: { n: asNumber }, in: { $and: [{ $isNumber: '$$n' }, { [mongoOperator]: ['$$n', operand] }] } } } },
    ]),
  ]);
}

function equalFilter(path: string, operand: unknown): MongoFilter {
  return operand === null ? fieldTest(path, { $type: 'null', ...notArray }) : fieldTest(path, { $eq: operand, ...notArray });
}

function inFilter(path: string, operand: unknown[]): MongoFilter {
  const values = operand.filter((value) => value !== null);
  return orFilters([
    values.length > 0 ? fieldTest(path, { $in: values, ...notArray }) : constantFilter(false),
    operand.includes(null) ? fieldTest(path, { $type: 'null', ...notArray }) : constantFilter(false),
  ]);
}

function hasValueFilter(path: string): MongoFilter {
  return andFilters([fieldTest(path, { $exists: true }), notFilter(fieldTest(path, { $type: 'null', ...notArray }))]);
}

/** The exact filter of "the value at `path` satisfies the operator", given no array on the way to `path`. */
const fieldFilters: Record<OperatorName, (path: string, operand: unknown, now: number) => MongoFilter> = {
  equal: (path, operand) => equalFilter(path, operand),
  notEqual: (path, operand) => notFilter(equalFilter(path, operand)),
  in: (path, operand) => inFilter(path, operand as unknown[]),
  notIn: (path, operand) => notFilter(inFilter(path, operand as unknown[])),
  // Element tests use $in, never $eq or $elemMatch: mingo lets those reach into nested arrays
  // ([["vip"]] would contain "vip"), MongoDB does not; $in matches one level down in both.
  contains: (path, operand) => fieldTest(path, { $type: 'array', $in: [operand] }),
  doesNotContain: (path, operand) => andFilters([isArrayField(path), notFilter(fieldTest(path, { $in: [operand] }))]),
  lessThan: (path, operand) => relationalFilter(path, '$lt', operand as number | string),
  lessThanInclusive: (path, operand) => relationalFilter(path, '$lte', operand as number | string),
  greaterThan: (path, operand) => relationalFilter(path, '$gt', operand as number | string),
  greaterThanInclusive: (path, operand) => relationalFilter(path, '$gte', operand as number | string),
  between: (path, operand) => {
    const [low, high] = operand as [number | string, number | string];
    return andFilters([relationalFilter(path, '$gte', low), relationalFilter(path, '$lte', high)]);
  },
  exists: (path, operand) => (operand ? hasValueFilter(path) : notFilter(hasValueFilter(path))),
  startsWith: (path, operand) => fieldTest(path, { $regex: `^${escapeRegexText(operand as string)}`, ...notArray }),
  withinLastDays: (path, operand, now) => {
    const { from, to } = recentWindow(operand as number, now);
    return fieldTest(path, { $gte: from, $lte: to, $regex: datePrefixSource, ...notArray });
  },
  notWithinLastDays: (path, operand, now) => {
    const { from } = recentWindow(operand as number, now);
    return fieldTest(path, { $lt: from, $regex: datePrefixSource, ...notArray });
  },
  anniversaryWithinDays: (path, operand, now) => fieldTest(path, { $regex: anniversaryRegexSource(toDayNumber(now), operand as number), ...notArray }),
  containsAll: (path, operand) => andFilters([isArrayField(path), ...(operand as unknown[]).map((element) => fieldTest(path, { $in: [element] }))]),
  containsAny: (path, operand) => fieldTest(path, { $type: 'array', $in: operand }),
  containsNone: (path, operand) => andFilters([isArrayField(path), notFilter(fieldTest(path, { $in: operand }))]),
};

function compileLeaf(node: FactCondition, now: number): MongoFilter {
  const operator = getOperator(node.operator);
  if (isFactReference(node.value)) return buildFactComparison(node, node.value, operator.name);
  const operand = node.value;
  return orFilters(
    locateFact(node).map(({ guard, path }) =>
      andFilters([guard, path === null ? constantFilter(operator.evaluate(undefined, operand, now)) : fieldFilters[operator.name](path, operand, now)]),
    ),
  );
}

function compileNode(node: Condition, now: number): MongoFilter {
  if (isAllCondition(node)) return andFilters(node.all.map((child) => compileNode(child, now)));
  if (isAnyCondition(node)) return node.any.length === 0 ? matchAll() : orFilters(node.any.map((child) => compileNode(child, now)));
  if (isNotCondition(node)) return notFilter(compileNode(node.not, now));
  return compileLeaf(node, now);
}

/** The MongoDB filter of a checked customer-scoped condition at a given time. */
export function compileMongoFilter(condition: Condition, now: number): MongoFilter {
  return compileNode(condition, now);
}
