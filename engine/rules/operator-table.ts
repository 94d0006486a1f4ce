/**
 * The operators, as a table of data. json-rules-engine's ten keep its meaning (the relational four
 * with the conversion rules of relational-comparison.ts); Wayfarer's own are registered as custom
 * operators on the reference engine with these very `evaluate` functions.
 *
 * `evaluate(factValue, operand, now)` is the definition of each operator. The compiled predicate
 * specialises it and the MongoDB compiler translates it; tests hold all of them to this table.
 */
import { isAnniversaryWithinDays } from './anniversary';
import type { FactType } from './fact-type';
import { compareRelational } from './relational-comparison';
import { isNotWithinLastDays, isWithinLastDays } from './relative-time';

export const operatorNames = [
  'equal',
  'notEqual',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'between',
  'exists',
  'startsWith',
  'withinLastDays',
  'notWithinLastDays',
  'anniversaryWithinDays',
  'containsAll',
  'containsAny',
  'containsNone',
] as const;

export type OperatorName = (typeof operatorNames)[number];

/**
 * What the operand must be:
 * - `scalar`: one value of the fact's type, or null;            - `scalar-list`: a non-empty list of those;
 * - `comparable`: a number (number facts) or a date (date facts); - `range`: `[low, high]` of comparables;
 * - `flag`: true or false;                                         - `text`: a non-empty string;
 * - `days`: a number of days >= 0;                                 - `whole-days`: an integer 0..366;
 * - `element`: one array element (string, number or boolean);      - `element-list`: a non-empty list of those.
 */
export type OperandKind = 'scalar' | 'scalar-list' | 'comparable' | 'range' | 'flag' | 'text' | 'days' | 'whole-days' | 'element' | 'element-list';

/** An operator as the editor and GET /api/facts see it: plain JSON. */
export interface OperatorDescription {
  name: OperatorName;
  label: string;
  description: string;
  origin: 'json-rules-engine' | 'wayfarer';
  /** The fact types it applies to (facts of type `any` accept every operator). */
  factTypes: FactType[];
  operand: OperandKind;
  /** Whether the value may be another fact: `{ "fact": "traits.x" }`. */
  comparesFacts: boolean;
  /** Whether the answer can change as time passes, with no event. */
  dependsOnTime: boolean;
  /** The answer when the fact is missing. */
  whenMissing: boolean;
  example: { fact: string; operator: OperatorName; value: unknown };
}

export interface OperatorDefinition extends Omit<OperatorDescription, 'whenMissing'> {
  /** The operator's meaning. `now` is milliseconds since the epoch (only relative-time operators read it). */
  evaluate(factValue: unknown, operand: unknown, now: number): boolean;
}

const comparableTypes: FactType[] = ['number', 'date'];
const scalarTypes: FactType[] = ['string', 'number', 'boolean', 'date'];

function hasElement(list: unknown, element: unknown): boolean {
  return Array.isArray(list) && list.indexOf(element) > -1;
}

const table: OperatorDefinition[] = [
  {
    name: 'equal', label: 'is', origin: 'json-rules-engine', factTypes: scalarTypes, operand: 'scalar', comparesFacts: true, dependsOnTime: false,
    description: 'The fact is exactly this value (same type: "5" is not 5). Null tests for an explicit null.',
    example: { fact: 'attributes.country', operator: 'equal', value: 'United Kingdom' },
    evaluate: (a, b) => a === b,
  },
  {
    name: 'notEqual', label: 'is not', origin: 'json-rules-engine', factTypes: scalarTypes, operand: 'scalar', comparesFacts: true, dependsOnTime: false,
    description: 'The fact is anything but this value; a missing fact is not equal, so it matches.',
    example: { fact: 'traits.value_tier.tier', operator: 'notEqual', value: 'low' },
    evaluate: (a, b) => a !== b,
  },
  {
    name: 'in', label: 'is one of', origin: 'json-rules-engine', factTypes: scalarTypes, operand: 'scalar-list', comparesFacts: false, dependsOnTime: false,
    description: 'The fact equals one of the listed values.',
    example: { fact: 'attributes.country', operator: 'in', value: ['France', 'Germany'] },
    evaluate: (a, b) => (b as unknown[]).indexOf(a) > -1,
  },
  {
    name: 'notIn', label: 'is none of', origin: 'json-rules-engine', factTypes: scalarTypes, operand: 'scalar-list', comparesFacts: false, dependsOnTime: false,
    description: 'The fact equals none of the listed values; a missing fact matches.',
    example: { fact: 'traits.lifecycle_stage.stage', operator: 'notIn', value: ['lapsed', 'at_risk'] },
    evaluate: (a, b) => (b as unknown[]).indexOf(a) === -1,
  },
  {
    name: 'contains', label: 'contains', origin: 'json-rules-engine', factTypes: ['array'], operand: 'element', comparesFacts: false, dependsOnTime: false,
    description: 'The fact is a list holding this element. Not a substring test: use startsWith for text.',
    example: { fact: 'attributes.tags', operator: 'contains', value: 'vip' },
    evaluate: (a, b) => hasElement(a, b),
  },
  {
    name: 'doesNotContain', label: 'does not contain', origin: 'json-rules-engine', factTypes: ['array'], operand: 'element', comparesFacts: false, dependsOnTime: false,
    description: 'The fact is a list without this element. A missing fact (no list at all) does not match.',
    example: { fact: 'segments', operator: 'doesNotContain', value: 'seg_churned' },
    evaluate: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  },
  {
    name: 'lessThan', label: 'is less than', origin: 'json-rules-engine', factTypes: comparableTypes, operand: 'comparable', comparesFacts: true, dependsOnTime: false,
    description: 'Numbers compare as numbers (a plain decimal string like "34" counts as 34); dates compare as ISO text, so a date without time is the start of that day.',
    example: { fact: 'traits.orders_count', operator: 'lessThan', value: 3 },
    evaluate: (a, b) => compareRelational(a, b, '<'),
  },
  {
    name: 'lessThanInclusive', label: 'is at most', origin: 'json-rules-engine', factTypes: comparableTypes, operand: 'comparable', comparesFacts: true, dependsOnTime: false,
    description: 'Like lessThan, or equal.',
    example: { fact: 'traits.churn_risk', operator: 'lessThanInclusive', value: 0.2 },
    evaluate: (a, b) => compareRelational(a, b, '<='),
  },
  {
    name: 'greaterThan', label: 'is more than', origin: 'json-rules-engine', factTypes: comparableTypes, operand: 'comparable', comparesFacts: true, dependsOnTime: false,
    description: 'Like lessThan, the other way round.',
    example: { fact: 'traits.revenue_total', operator: 'greaterThan', value: 500 },
    evaluate: (a, b) => compareRelational(a, b, '>'),
  },
  {
    name: 'greaterThanInclusive', label: 'is at least', origin: 'json-rules-engine', factTypes: comparableTypes, operand: 'comparable', comparesFacts: true, dependsOnTime: false,
    description: 'Like greaterThan, or equal.',
    example: { fact: 'traits.first_order_at', operator: 'greaterThanInclusive', value: '2024-01-01' },
    evaluate: (a, b) => compareRelational(a, b, '>='),
  },
  {
    name: 'between', label: 'is between', origin: 'wayfarer', factTypes: comparableTypes, operand: 'range', comparesFacts: false, dependsOnTime: false,
    description: 'low <= fact <= high, both ends included, with the comparison rules of lessThan.',
    example: { fact: 'attributes.age', operator: 'between', value: [25, 34] },
    evaluate: (a, b) => {
      const [low, high] = b as [unknown, unknown];
      return compareRelational(a, low, '>=') && compareRelational(a, high, '<=');
    },
  },
  {
    name: 'exists', label: 'has a value', origin: 'wayfarer', factTypes: ['string', 'number', 'boolean', 'date', 'array', 'object'], operand: 'flag', comparesFacts: false, dependsOnTime: false,
    description: 'true: the fact is present and not null (an empty string or list counts as present). false: missing or null.',
    example: { fact: 'attributes.email', operator: 'exists', value: true },
    evaluate: (a, b) => (a !== undefined && a !== null) === b,
  },
  {
    name: 'startsWith', label: 'starts with', origin: 'wayfarer', factTypes: ['string'], operand: 'text', comparesFacts: false, dependsOnTime: false,
    description: 'The fact is text beginning with this text (case-sensitive).',
    example: { fact: 'attributes.postal_code', operator: 'startsWith', value: 'SW1' },
    evaluate: (a, b) => typeof a === 'string' && a.startsWith(b as string),
  },
  {
    name: 'withinLastDays', label: 'is within the last … days', origin: 'wayfarer', factTypes: ['date'], operand: 'days', comparesFacts: false, dependsOnTime: true,
    description: 'The timestamp lies between now minus N days and now, both included. Missing, non-date or future values do not match.',
    example: { fact: 'traits.last_order_at', operator: 'withinLastDays', value: 30 },
    evaluate: (a, b, now) => isWithinLastDays(a, b as number, now),
  },
  {
    name: 'notWithinLastDays', label: 'is more than … days ago', origin: 'wayfarer', factTypes: ['date'], operand: 'days', comparesFacts: false, dependsOnTime: true,
    description: 'The timestamp is older than now minus N days. A missing fact does NOT match: "no order for 90 days" means there was an order, long ago.',
    example: { fact: 'traits.last_order_at', operator: 'notWithinLastDays', value: 90 },
    evaluate: (a, b, now) => isNotWithinLastDays(a, b as number, now),
  },
  {
    name: 'anniversaryWithinDays', label: 'has an anniversary within … days', origin: 'wayfarer', factTypes: ['date'], operand: 'whole-days', comparesFacts: false, dependsOnTime: true,
    description: 'The next anniversary of the date (UTC days, today included) is at most N days away; Feb 29 falls on Feb 28 in common years.',
    example: { fact: 'attributes.birthday', operator: 'anniversaryWithinDays', value: 7 },
    evaluate: (a, b, now) => isAnniversaryWithinDays(a, b as number, now),
  },
  {
    name: 'containsAll', label: 'contains all of', origin: 'wayfarer', factTypes: ['array'], operand: 'element-list', comparesFacts: false, dependsOnTime: false,
    description: 'The fact is a list holding every listed element.',
    example: { fact: 'attributes.interests', operator: 'containsAll', value: ['running', 'cycling'] },
    evaluate: (a, b) => Array.isArray(a) && (b as unknown[]).every((element) => a.indexOf(element) > -1),
  },
  {
    name: 'containsAny', label: 'contains any of', origin: 'wayfarer', factTypes: ['array'], operand: 'element-list', comparesFacts: false, dependsOnTime: false,
    description: 'The fact is a list holding at least one listed element.',
    example: { fact: 'attributes.tags', operator: 'containsAny', value: ['vip', 'press'] },
    evaluate: (a, b) => Array.isArray(a) && (b as unknown[]).some((element) => a.indexOf(element) > -1),
  },
  {
    name: 'containsNone', label: 'contains none of', origin: 'wayfarer', factTypes: ['array'], operand: 'element-list', comparesFacts: false, dependsOnTime: false,
    description: 'The fact is a list holding none of the listed elements. A missing fact (no list) does not match, as with doesNotContain.',
    example: { fact: 'segments', operator: 'containsNone', value: ['seg_vip', 'seg_staff'] },
    evaluate: (a, b) => Array.isArray(a) && !(b as unknown[]).some((element) => a.indexOf(element) > -1),
  },
];

const byName = new Map<string, OperatorDefinition>(table.map((definition) => [definition.name, definition]));

/** The definition of an operator, or `undefined` for a name that is not one. */
export function findOperator(name: string): OperatorDefinition | undefined {
  return byName.get(name);
}

/** Whether a string names an operator. */
export function isOperatorName(name: string): name is OperatorName {
  return byName.has(name);
}

/** The operator definition for a checked name (a bug when it is unknown). */
export function getOperator(name: string): OperatorDefinition {
  const definition = byName.get(name);
  if (!definition) throw new Error(`Unknown operator "${name}": conditions must pass checkCondition before they are compiled.`);
  return definition;
}

/** Every operator as plain JSON, for GET /api/facts and the editor's operator picker. */
export function listOperators(): OperatorDescription[] {
  return table.map(({ evaluate, ...description }) => ({
    ...description,
    factTypes: [...description.factTypes],
    whenMissing: evaluate(undefined, description.example.value, 0),
  }));
}

/** Every operator definition, for the reference engine and tests. */
export function listOperatorDefinitions(): readonly OperatorDefinition[] {
  return table;
}
