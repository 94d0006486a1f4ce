import type { Query as BaseQuery } from 'mingo/query';
import type { Filter } from '../storage-port';
import type { Doc, DocumentPredicate } from './document-filter';

/**
 * A MongoDB filter compiled to plain JavaScript closures, for the embedded store's scans: the
 * operators compiled conditions use (`$and` `$or` `$nor`, `$eq` `$ne` `$in` `$nin`, `$gt` `$gte`
 * `$lt` `$lte`, `$exists: true`, `$type`, `$regex`, `$not`) on paths through plain objects, with
 * primitive operands. mingo stays the reference: a field test falls back to it for anything else —
 * an array on the way to the field, an array holding objects or arrays, a value that is not JSON
 * (Date, NaN), `$expr` and every other operator — so the answer is always mingo's, only faster
 * (about 20× on a 10-condition segment filter). tests/store/native-filter.test.ts holds the two to the
 * same answer on random filters and documents.
 */

type MingoFactory = (filter: Filter) => BaseQuery;

/** A test of one field's value (primitive, null, undefined or plain object), and of a flat primitive array there. */
interface ValueTest {
  onValue(value: unknown): boolean;
  /** Null when mingo must decide for arrays. */
  onArray: ((array: readonly unknown[]) => boolean) | null;
  /**
   * The answer of `onValue` when it does not depend on the value (`$type: 'array'` is false for every
   * non-array): such tests are folded away when operators are combined.
   */
  constantOnValue?: boolean;
}

/** The value a path resolves to natively, or this marker when only mingo can say. */
const UNDECIDED = Symbol('undecided');

const topLevelLogic = new Set(['$and', '$or', '$nor']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function isOperand(value: unknown): value is string | number | boolean | null {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value));
}

/**
 * The scan-time test for a plain object: a constructor check is cheaper than reading the prototype.
 * Objects it misses (an own `constructor` key, a null prototype) only go to mingo.
 */
function isPlainRecord(value: object): boolean {
  return (value as { constructor?: unknown }).constructor === Object;
}

function isFlatPrimitiveArray(array: readonly unknown[]): boolean {
  for (let i = 0; i < array.length; i++) {
    const element = array[i];
    if (element !== null && typeof element === 'object') return false;
    if (typeof element === 'number' && Number.isNaN(element)) return false;
    if (element === undefined) return false;
  }
  return true;
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Reads a path through plain objects: `undefined` for a missing key or a primitive on the way (mingo
 * reads those as missing too), UNDECIDED for an array, a non-plain object or, when `strictParents`, any
 * non-object on the way ($exists tells those apart from missing in its own way).
 */
function createResolver(segments: readonly string[], strictParents: boolean): (doc: Doc) => unknown {
  const last = segments.length - 1;
  return (doc) => {
    let current: unknown = doc;
    for (let i = 0; i <= last; i++) {
      if (current === undefined) return undefined;
      if (current === null || typeof current !== 'object') return strictParents ? UNDECIDED : undefined;
      if (Array.isArray(current) || !isPlainRecord(current)) return UNDECIDED;
      const segment = segments[i];
      current = hasOwn.call(current, segment) ? (current as Record<string, unknown>)[segment] : undefined;
    }
    return current;
  };
}

const typeTests: Record<string, (value: unknown) => boolean> = {
  array: (value) => Array.isArray(value),
  string: (value) => typeof value === 'string',
  number: (value) => typeof value === 'number' && !Number.isNaN(value),
  double: (value) => typeof value === 'number' && !Number.isNaN(value),
  decimal: (value) => typeof value === 'number' && !Number.isNaN(value),
  int: (value) => Number.isInteger(value),
  long: (value) => Number.isInteger(value),
  bool: (value) => typeof value === 'boolean',
  boolean: (value) => typeof value === 'boolean',
  null: (value) => value === null,
  object: (value) => isPlainObject(value),
};

function equalityTest(operand: string | number | boolean | null): ValueTest {
  if (operand === null) return { onValue: (value) => value === null || value === undefined, onArray: (array) => array.includes(null) };
  return { onValue: (value) => value === operand, onArray: (array) => array.includes(operand) };
}

function negate(test: ValueTest): ValueTest {
  const { onArray, constantOnValue } = test;
  return {
    onValue: (value) => !test.onValue(value),
    onArray: onArray ? (array) => !onArray(array) : null,
    ...(constantOnValue === undefined ? {} : { constantOnValue: !constantOnValue }),
  };
}

/** `$gt` … `$lte` on one type bracket (mingo compares only values of the operand's type). */
function comparisonTest(operator: string, operand: unknown): ValueTest | null {
  let onValue: (value: unknown) => boolean;
  if (typeof operand === 'number' && !Number.isNaN(operand)) {
    switch (operator) {
      case '$gt': onValue = (value) => typeof value === 'number' && value > operand; break;
      case '$gte': onValue = (value) => typeof value === 'number' && value >= operand; break;
      case '$lt': onValue = (value) => typeof value === 'number' && value < operand; break;
      default: onValue = (value) => typeof value === 'number' && value <= operand;
    }
  } else if (typeof operand === 'string') {
    switch (operator) {
      case '$gt': onValue = (value) => typeof value === 'string' && value > operand; break;
      case '$gte': onValue = (value) => typeof value === 'string' && value >= operand; break;
      case '$lt': onValue = (value) => typeof value === 'string' && value < operand; break;
      default: onValue = (value) => typeof value === 'string' && value <= operand;
    }
  } else {
    return null;
  }
  return { onValue, onArray: (array) => array.some(onValue) };
}

/** One operator of a field condition, or null when only mingo can run it. */
function operatorTest(operator: string, operand: unknown, condition: Record<string, unknown>): ValueTest | null {
  switch (operator) {
    case '$eq':
      return isOperand(operand) ? equalityTest(operand) : null;
    case '$ne':
      return isOperand(operand) ? negate(equalityTest(operand)) : null;
    case '$in':
    case '$nin': {
      if (!Array.isArray(operand) || !operand.every(isOperand)) return null;
      const values = new Set<unknown>(operand);
      const hasNull = values.has(null);
      const test: ValueTest = {
        onValue: (value) => (value === null || value === undefined ? hasNull : values.has(value)),
        onArray: (array) => {
          for (let i = 0; i < array.length; i++) if (values.has(array[i])) return true;
          return false;
        },
      };
      return operator === '$in' ? test : negate(test);
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte':
      return comparisonTest(operator, operand);
    case '$exists':
      // `$exists: false` on a nested path has mingo semantics of its own: mingo decides.
      return operand === true ? { onValue: (value) => value !== undefined, onArray: () => true } : null;
    case '$type': {
      const test = typeof operand === 'string' ? typeTests[operand] : undefined;
      if (!test) return null;
      // onValue never sees an array, so `$type: 'array'` is false there whatever the value.
      return operand === 'array' ? { onValue: () => false, onArray: () => true, constantOnValue: false } : { onValue: test, onArray: (array) => test(array) };
    }
    case '$regex': {
      const flags = typeof condition.$options === 'string' ? condition.$options : undefined;
      let pattern: RegExp;
      try {
        pattern = operand instanceof RegExp ? operand : typeof operand === 'string' ? new RegExp(operand, flags) : (null as never);
      } catch {
        return null; // mingo reports the bad pattern
      }
      if (!pattern || pattern.global || pattern.sticky) return null;
      const onValue = (value: unknown): boolean => typeof value === 'string' && pattern.exec(value) !== null;
      return { onValue, onArray: (array) => array.some(onValue) };
    }
    case '$options':
      return '$regex' in condition ? { onValue: () => true, onArray: () => true } : null;
    case '$not': {
      const inner = operand instanceof RegExp ? fieldTests({ $regex: operand }) : isPlainObject(operand) && Object.keys(operand).length > 0 && Object.keys(operand).every((key) => key.startsWith('$')) ? fieldTests(operand) : null;
      return inner ? negate(inner) : null;
    }
    default:
      return null;
  }
}

/** Every operator of a field condition, combined (all must hold), or null when any needs mingo. */
function fieldTests(condition: Record<string, unknown>): ValueTest | null {
  const tests: ValueTest[] = [];
  for (const [operator, operand] of Object.entries(condition)) {
    const test = operatorTest(operator, operand, condition);
    if (!test) return null;
    tests.push(test);
  }
  if (tests.length === 1) return tests[0];
  const arrayTests = tests.every((test) => test.onArray !== null) ? tests.map((test) => test.onArray!) : null;
  // `{ $gte: 3, $not: { $type: 'array' } }` on a non-array is just `$gte: 3`: constant tests fold away.
  const alwaysFalse = tests.some((test) => test.constantOnValue === false);
  const valueTests = tests.filter((test) => test.constantOnValue === undefined).map((test) => test.onValue);
  let onValue: (value: unknown) => boolean;
  if (alwaysFalse) onValue = () => false;
  else if (valueTests.length === 0) onValue = () => true;
  else if (valueTests.length === 1) onValue = valueTests[0];
  else if (valueTests.length === 2) {
    const [a, b] = valueTests;
    onValue = (value) => a(value) && b(value);
  } else {
    // Plain loops: these run for every document of a scan, and a closure per call would feed the GC.
    onValue = (value) => {
      for (let i = 0; i < valueTests.length; i++) if (!valueTests[i](value)) return false;
      return true;
    };
  }
  return {
    onValue,
    ...(alwaysFalse ? { constantOnValue: false } : valueTests.length === 0 ? { constantOnValue: true } : {}),
    onArray: arrayTests
      ? (array) => {
          for (let i = 0; i < arrayTests.length; i++) if (!arrayTests[i](array)) return false;
          return true;
        }
      : null,
  };
}

/** `{ [path]: condition }` as a native test with a per-document fallback to mingo. */
function compileField(path: string, condition: unknown, viaMingo: DocumentPredicate): DocumentPredicate {
  const segments = path.split('.');
  if (segments.some((segment) => segment === '' || /^\d+$/.test(segment))) return viaMingo;
  let normalized: Record<string, unknown>;
  if (condition instanceof RegExp) normalized = { $regex: condition };
  else if (isOperand(condition)) normalized = { $eq: condition };
  else if (isPlainObject(condition) && Object.keys(condition).length > 0 && Object.keys(condition).every((key) => key.startsWith('$'))) normalized = condition;
  else return viaMingo;
  const test = fieldTests(normalized);
  if (!test) return viaMingo;
  const resolve = createResolver(segments, '$exists' in normalized || JSON.stringify(normalized).includes('"$exists"'));
  const { onValue, onArray } = test;
  return (doc) => {
    const value = resolve(doc);
    if (value === UNDECIDED) return viaMingo(doc);
    if (Array.isArray(value)) return onArray && isFlatPrimitiveArray(value) ? onArray(value) : viaMingo(doc);
    if (value !== null && typeof value === 'object' && !isPlainRecord(value)) return viaMingo(doc);
    if (typeof value === 'number' && Number.isNaN(value)) return viaMingo(doc);
    return onValue(value);
  };
}

/** A lazily built mingo test of part of a filter. */
function mingoPart(part: Filter, createQuery: MingoFactory): DocumentPredicate {
  let query: BaseQuery | null = null;
  return (doc) => {
    if (!query) query = createQuery(part);
    return query.test(doc);
  };
}

function compileClauses(clauses: readonly DocumentPredicate[]): DocumentPredicate {
  if (clauses.length === 1) return clauses[0];
  if (clauses.length === 2) {
    const [a, b] = clauses;
    return (doc) => a(doc) && b(doc);
  }
  return (doc) => {
    for (let i = 0; i < clauses.length; i++) if (!clauses[i](doc)) return false;
    return true;
  };
}

function compileAny(clauses: readonly DocumentPredicate[]): DocumentPredicate {
  if (clauses.length === 1) return clauses[0];
  if (clauses.length === 2) {
    const [a, b] = clauses;
    return (doc) => a(doc) || b(doc);
  }
  return (doc) => {
    for (let i = 0; i < clauses.length; i++) if (clauses[i](doc)) return true;
    return false;
  };
}

/**
 * Compiles a filter to a predicate with mingo's answers. `createQuery` builds the mingo query for a
 * part native code does not handle (built lazily: most documents never need it).
 */
export function compileNativeFilter(filter: Filter, createQuery: MingoFactory): DocumentPredicate {
  const clauses: DocumentPredicate[] = [];
  for (const [key, value] of Object.entries(filter)) {
    const part = { [key]: value };
    if (topLevelLogic.has(key)) {
      if (!Array.isArray(value) || value.length === 0 || !value.every(isPlainObject)) {
        clauses.push(mingoPart(part, createQuery));
        continue;
      }
      const children = value.map((child) => compileNativeFilter(child as Filter, createQuery));
      if (key === '$and') clauses.push(compileClauses(children));
      else {
        const any = compileAny(children);
        clauses.push(key === '$or' ? any : (doc) => !any(doc));
      }
      continue;
    }
    if (key.startsWith('$')) {
      clauses.push(mingoPart(part, createQuery));
      continue;
    }
    clauses.push(compileField(key, value, mingoPart(part, createQuery)));
  }
  if (clauses.length === 0) return () => true;
  return compileClauses(clauses);
}
