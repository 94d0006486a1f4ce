/**
 * Checks an operator's operand (the condition's `value`) against the operator and the fact's type.
 * Every problem names the fact and the operator and says what the value should be.
 */
import { type ErrorCode, type ProblemDetail, toPointer } from '../errors/index';
import type { ConditionLimits } from './condition-limits';
import { type ElementType, type FactType, isCanonicalTimestamp, isIsoDate } from './fact-type';
import type { OperatorDefinition } from './operator-table';
import { isWellFormedText } from './well-formed-text';

export interface OperandContext {
  /** The fact as written (with its `path`, if any), for messages. */
  fact: string;
  operator: OperatorDefinition;
  /** The fact's catalogue type (`any`: typed by this use). */
  type: FactType;
  items?: ElementType;
  limits: ConditionLimits;
  /** Pointer segments of the operand (`[..., 'value']`). */
  at: Array<string | number>;
}

/** "a string", "the number 5", "a list", … for messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `the text ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `the ${typeof value} ${String(value)}`;
}

const dateHint = 'a date written YYYY-MM-DD or a full UTC timestamp like 2024-03-01T09:30:00.000Z';

function isDateText(value: unknown): value is string {
  return typeof value === 'string' && (isIsoDate(value) || isCanonicalTimestamp(value));
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** What a single value of a fact type must be, as a test and a phrase. */
function scalarRule(type: FactType): { test: (value: unknown) => boolean; expected: string } {
  switch (type) {
    case 'string':
      return { test: (value) => typeof value === 'string', expected: 'text' };
    case 'number':
      return { test: isFiniteNumber, expected: 'a number' };
    case 'boolean':
      return { test: (value) => typeof value === 'boolean', expected: 'true or false' };
    case 'date':
      return { test: isDateText, expected: dateHint };
    default:
      return { test: (value) => typeof value === 'string' || isFiniteNumber(value) || typeof value === 'boolean', expected: 'text, a number or true/false' };
  }
}

function comparableRule(type: FactType): { test: (value: unknown) => boolean; expected: string } {
  if (type === 'number') return { test: isFiniteNumber, expected: 'a number' };
  if (type === 'date') return { test: isDateText, expected: dateHint };
  return { test: (value) => isFiniteNumber(value) || isDateText(value), expected: `a number or ${dateHint}` };
}

function elementRule(items: ElementType | undefined): { test: (value: unknown) => boolean; expected: string } {
  if (items === 'string') return { test: (value) => typeof value === 'string', expected: 'text' };
  if (items === 'number') return { test: isFiniteNumber, expected: 'a number' };
  if (items === 'boolean') return { test: (value) => typeof value === 'boolean', expected: 'true or false' };
  return { test: (value) => typeof value === 'string' || isFiniteNumber(value) || typeof value === 'boolean', expected: 'text, a number or true/false' };
}

/** Every problem with an operand; an empty list when it is fine. */
export function checkOperand(value: unknown, context: OperandContext): ProblemDetail[] {
  const { fact, operator, type, limits } = context;
  const details: ProblemDetail[] = [];
  const add = (code: ErrorCode, at: Array<string | number>, message: string): void => {
    details.push({ code, pointer: toPointer(at), message });
  };
  const mismatch = (at: Array<string | number>, expected: string, actual: unknown): void =>
    add('TYPE_MISMATCH', at, `${operator.name} on ${fact} (a ${type === 'any' ? 'free' : type} fact) needs ${expected}; got ${describeValue(actual)}.`);
  const checkText = (at: Array<string | number>, text: unknown): boolean => {
    if (typeof text !== 'string') return true;
    if (text.length > limits.maxStringLength) {
      add('INVALID_CONDITION', at, `is ${text.length} characters long; the limit is ${limits.maxStringLength}.`);
      return false;
    }
    if (!isWellFormedText(text)) {
      add('INVALID_CONDITION', at, 'holds a NUL character or an unpaired UTF-16 surrogate, which MongoDB cannot store.');
      return false;
    }
    return true;
  };
  const checkList = (at: Array<string | number>, list: unknown, rule: { test: (v: unknown) => boolean; expected: string }, allowNull: boolean): void => {
    if (!Array.isArray(list) || list.length === 0) {
      mismatch(at, `a non-empty list of ${rule.expected}${allowNull ? ' (or null)' : ''}`, list);
      return;
    }
    if (list.length > limits.maxListLength) {
      add('INVALID_CONDITION', at, `lists ${list.length} values; the limit is ${limits.maxListLength}.`);
      return;
    }
    list.forEach((element, i) => {
      if (!((allowNull && element === null) || rule.test(element))) mismatch([...at, i], `${rule.expected}${allowNull ? ' (or null)' : ''} in every list entry`, element);
      else checkText([...at, i], element);
    });
  };
  const at = context.at;

  switch (operator.operand) {
    case 'scalar': {
      const rule = scalarRule(type);
      if (value !== null && !rule.test(value)) mismatch(at, `${rule.expected} (or null)`, value);
      else checkText(at, value);
      break;
    }
    case 'scalar-list':
      checkList(at, value, scalarRule(type), true);
      break;
    case 'comparable': {
      const rule = comparableRule(type);
      if (!rule.test(value)) mismatch(at, rule.expected, value);
      break;
    }
    case 'range': {
      const rule = comparableRule(type);
      if (!Array.isArray(value) || value.length !== 2 || !rule.test(value[0]) || !rule.test(value[1])) {
        mismatch(at, `[low, high], two of ${rule.expected}`, value);
      } else if (typeof value[0] !== typeof value[1]) {
        mismatch(at, '[low, high] of the same kind (two numbers or two dates)', value);
      } else if (value[0] > value[1]) {
        add('TYPE_MISMATCH', at, `between on ${fact} has low ${JSON.stringify(value[0])} above high ${JSON.stringify(value[1])}; write [low, high].`);
      }
      break;
    }
    case 'flag':
      if (typeof value !== 'boolean') mismatch(at, 'true (has a value) or false (missing or null)', value);
      break;
    case 'text':
      if (typeof value !== 'string' || value.length === 0) mismatch(at, 'non-empty text', value);
      else checkText(at, value);
      break;
    case 'days':
      if (!isFiniteNumber(value) || value < 0 || value > 36_500) mismatch(at, 'a number of days from 0 to 36500', value);
      break;
    case 'whole-days':
      if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 366) mismatch(at, 'a whole number of days from 0 to 366', value);
      break;
    case 'element': {
      if (context.items === 'object') {
        add('TYPE_MISMATCH', at, `${operator.name} cannot test ${fact}: its elements are objects. Test one of their fields through the event's own facts instead.`);
        break;
      }
      const rule = elementRule(context.items);
      if (!rule.test(value)) mismatch(at, `one list element: ${rule.expected}`, value);
      else checkText(at, value);
      break;
    }
    case 'element-list':
      if (context.items === 'object') {
        add('TYPE_MISMATCH', at, `${operator.name} cannot test ${fact}: its elements are objects.`);
        break;
      }
      checkList(at, value, elementRule(context.items), false);
      break;
  }
  return details;
}
