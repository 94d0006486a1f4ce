/**
 * Compiles a checked condition into a synchronous JavaScript predicate: closures built once, so an
 * evaluation walks no JSON, looks up no operator and resolves no path by name.
 */
import { createAnniversaryTest } from './anniversary';
import { type Condition, type FactReference, isAllCondition, isAnyCondition, isFactReference, isNotCondition } from './condition';
import { createPathReader, eventFactRoot, parseFactPath, parseMemberPath } from './fact-path';
import { getOperator, type OperatorName } from './operator-table';
import { createRelationalTest, type RelationalSymbol } from './relational-comparison';
import { hasDatePrefix, recentWindow } from './relative-time';

/** `(customer, event, now) → boolean`. */
export type ConditionTest = (customer: object, event: object | undefined, now: number) => boolean;

/** Reads a fact (and its `path`) from the customer or the event. */
export type FactReader = (customer: object, event: object | undefined) => unknown;

/** A test of one fact value against a fixed operand. */
export type ValueTest = (value: unknown, now: number) => boolean;

/** A reader for a fact as a leaf or a fact reference names it. */
export function createFactReader(reference: FactReference): FactReader {
  const parsed = parseFactPath(reference.fact);
  if (!parsed.ok) throw new Error(`Fact "${reference.fact}" ${parsed.reason}: check conditions before compiling them.`);
  const isEvent = parsed.segments[0] === eventFactRoot;
  const read = createPathReader(isEvent ? parsed.segments.slice(1) : parsed.segments);
  const base: FactReader = isEvent ? (_customer, event) => (event === undefined ? undefined : read(event)) : (customer) => read(customer);
  if (reference.path === undefined) return base;
  const member = parseMemberPath(reference.path);
  if (!member.ok) throw new Error(`Path "${reference.path}" ${member.reason}: check conditions before compiling them.`);
  const readMember = createPathReader(member.segments);
  // json-rules-engine's path rule: applied to objects only; arrays give undefined, anything else passes through.
  return (customer, event) => {
    const value = base(customer, event);
    if (value === null || typeof value !== 'object') return value;
    return Array.isArray(value) ? undefined : readMember(value);
  };
}

const relationalSymbols: Partial<Record<OperatorName, RelationalSymbol>> = {
  lessThan: '<',
  lessThanInclusive: '<=',
  greaterThan: '>',
  greaterThanInclusive: '>=',
};

/** A value test specialised to a constant operand. */
export function createValueTest(operator: OperatorName, operand: unknown): ValueTest {
  const symbol = relationalSymbols[operator];
  if (symbol) {
    const test = createRelationalTest(operand as number | string, symbol);
    return (value) => test(value);
  }
  switch (operator) {
    case 'equal':
      return (value) => value === operand;
    case 'notEqual':
      return (value) => value !== operand;
    case 'in':
    case 'notIn': {
      const list = operand as unknown[];
      if (list.length <= 8) {
        const isListed = (value: unknown): boolean => {
          for (let i = 0; i < list.length; i++) if (list[i] === value) return true;
          return false;
        };
        return operator === 'in' ? isListed : (value) => !isListed(value);
      }
      // A Set differs from indexOf only for NaN, which no checked operand holds.
      const set = new Set(list);
      return operator === 'in' ? (value) => set.has(value) : (value) => !set.has(value);
    }
    case 'contains':
      return (value) => Array.isArray(value) && value.indexOf(operand) > -1;
    case 'doesNotContain':
      return (value) => Array.isArray(value) && value.indexOf(operand) === -1;
    case 'between': {
      const [low, high] = operand as [number | string, number | string];
      const atLeast = createRelationalTest(low, '>=');
      const atMost = createRelationalTest(high, '<=');
      return (value) => atLeast(value) && atMost(value);
    }
    case 'exists':
      return operand ? (value) => value !== undefined && value !== null : (value) => value === undefined || value === null;
    case 'startsWith': {
      const prefix = operand as string;
      return (value) => typeof value === 'string' && value.startsWith(prefix);
    }
    case 'withinLastDays':
    case 'notWithinLastDays': {
      const days = operand as number;
      let cachedNow = Number.NaN;
      let window = { from: '', to: '' };
      return (value, now) => {
        if (now !== cachedNow) {
          window = recentWindow(days, now);
          cachedNow = now;
        }
        if (!hasDatePrefix(value)) return false;
        return operator === 'withinLastDays' ? value >= window.from && value <= window.to : value < window.from;
      };
    }
    case 'anniversaryWithinDays':
      return createAnniversaryTest(operand as number);
    // Plain loops: a callback per evaluation would allocate a closure on the hot path.
    case 'containsAll': {
      const list = operand as unknown[];
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < list.length; i++) if (value.indexOf(list[i]) === -1) return false;
        return true;
      };
    }
    case 'containsAny':
    case 'containsNone': {
      const list = operand as unknown[];
      const wanted = operator === 'containsAny';
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < list.length; i++) if (value.indexOf(list[i]) > -1) return wanted;
        return !wanted;
      };
    }
    default:
      throw new Error(`No predicate for operator "${operator}".`);
  }
}

function compileNode(node: Condition): ConditionTest {
  if (isAllCondition(node) || isAnyCondition(node)) {
    const children = (isAllCondition(node) ? node.all : node.any).map(compileNode);
    const every = isAllCondition(node);
    // json-rules-engine: an empty list is true for all and any alike.
    if (children.length === 0) return () => true;
    if (children.length === 1) return children[0];
    if (children.length === 2) {
      const [first, second] = children;
      return every ? (c, e, n) => first(c, e, n) && second(c, e, n) : (c, e, n) => first(c, e, n) || second(c, e, n);
    }
    return every
      ? (c, e, n) => {
          for (const child of children) if (!child(c, e, n)) return false;
          return true;
        }
      : (c, e, n) => {
          for (const child of children) if (child(c, e, n)) return true;
          return false;
        };
  }
  if (isNotCondition(node)) {
    const child = compileNode(node.not);
    return (c, e, n) => !child(c, e, n);
  }
  const operator = getOperator(node.operator);
  const read = createFactReader(node);
  if (isFactReference(node.value)) {
    const readOther = createFactReader(node.value);
    return (c, e, n) => operator.evaluate(read(c, e), readOther(c, e), n);
  }
  // The operand is copied so a caller editing the condition later cannot change a compiled predicate.
  const test = createValueTest(operator.name, structuredClone(node.value));
  return (c, e, n) => test(read(c, e), n);
}

/**
 * The predicate of a checked condition as a tree of closures. compileCondition prefers the generated
 * predicate (condition-source.ts) and uses this one where code generation is unavailable (a browser
 * page whose Content-Security-Policy forbids it); tests hold the two to the same answers.
 */
export function compileClosurePredicate(condition: Condition): ConditionTest {
  return compileNode(condition);
}
