/**
 * What the condition builder offers for a fact: the operators its type accepts and the kind of value
 * input each operator needs, from the catalogue GET /api/facts serves (engine/rules describes both).
 */
import type { FactDescription, OperatorDescriptionBody } from '../../../schemas/types';

/** The scalar type one input edits. */
export type ValueType = 'string' | 'number' | 'boolean' | 'date' | 'date-time';

/** The value input an operator needs for a fact. */
export type ValueEditor =
  | { kind: 'single'; type: ValueType; suffix?: string }
  | { kind: 'list'; type: ValueType }
  | { kind: 'range'; type: ValueType }
  | { kind: 'flag' };

/** The operators that accept a fact's type (facts of type `any` accept every one). */
export function listOperatorsForFact(fact: FactDescription | undefined, operators: readonly OperatorDescriptionBody[]): OperatorDescriptionBody[] {
  if (!fact || fact.type === 'any') return [...operators];
  return operators.filter((operator) => operator.factTypes.includes(fact.type));
}

function scalarTypeOf(fact: FactDescription | undefined): ValueType {
  if (!fact) return 'string';
  if (fact.type === 'number') return 'number';
  if (fact.type === 'boolean') return 'boolean';
  if (fact.type === 'date') return fact.format === 'date' ? 'date' : 'date-time';
  if (fact.type === 'array') return fact.items === 'number' ? 'number' : fact.items === 'boolean' ? 'boolean' : 'string';
  return 'string';
}

/** The input for an operator's operand on a fact (engine/rules operand kinds). */
export function chooseValueEditor(fact: FactDescription | undefined, operator: OperatorDescriptionBody | undefined): ValueEditor {
  const type = scalarTypeOf(fact);
  switch (operator?.operand) {
    case 'flag':
      return { kind: 'flag' };
    case 'scalar-list':
    case 'element-list':
      return { kind: 'list', type };
    case 'range':
      return { kind: 'range', type };
    case 'days':
      return { kind: 'single', type: 'number', suffix: 'days' };
    case 'whole-days':
      return { kind: 'single', type: 'number', suffix: 'days' };
    case 'text':
      return { kind: 'single', type: 'string' };
    default:
      return { kind: 'single', type };
  }
}

function isOfType(value: unknown, type: ValueType): boolean {
  if (type === 'number') return typeof value === 'number';
  if (type === 'boolean') return typeof value === 'boolean';
  return typeof value === 'string';
}

/** Whether a value already fits an input, so changing the operator can keep it. */
export function isValueFitting(value: unknown, editor: ValueEditor): boolean {
  switch (editor.kind) {
    case 'flag':
      return typeof value === 'boolean';
    case 'single':
      return isOfType(value, editor.type);
    case 'list':
      return Array.isArray(value) && value.every((item) => isOfType(item, editor.type));
    case 'range':
      return Array.isArray(value) && value.length === 2 && value.every((item) => isOfType(item, editor.type));
  }
}

function exampleOf(fact: FactDescription | undefined, type: ValueType): unknown {
  const candidates = [...(fact?.values ?? []), ...(fact?.examples ?? []).flatMap((example) => (Array.isArray(example) ? example : [example]))];
  const found = candidates.find((candidate) => isOfType(candidate, type));
  if (found !== undefined) return found;
  if (type === 'number') return 0;
  if (type === 'boolean') return true;
  if (type === 'date') return new Date(0).toISOString().slice(0, 10);
  if (type === 'date-time') return new Date(0).toISOString();
  return '';
}

/** A starting value for an operator on a fact: one of the fact's examples where one fits. */
export function defaultValueFor(fact: FactDescription | undefined, operator: OperatorDescriptionBody | undefined): unknown {
  const editor = chooseValueEditor(fact, operator);
  if (operator?.operand === 'days') return 30;
  if (operator?.operand === 'whole-days') return 7;
  switch (editor.kind) {
    case 'flag':
      return true;
    case 'single':
      return exampleOf(fact, editor.type);
    case 'list': {
      const example = exampleOf(fact, editor.type);
      return example === '' ? [] : [example];
    }
    case 'range':
      return editor.type === 'number' ? [0, 100] : [exampleOf(fact, editor.type), exampleOf(fact, editor.type)];
  }
}

/** Parses what was typed into a list input: comma-separated items of the input's type. */
export function parseListText(text: string, type: ValueType): unknown[] {
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (type === 'number') return items.map((item) => (Number.isFinite(Number(item)) ? Number(item) : item));
  if (type === 'boolean') return items.map((item) => (item === 'true' ? true : item === 'false' ? false : item));
  return items;
}

/** A list value as the text of a list input (a value that is not a list is shown as it is, for the check to flag). */
export function formatListText(value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => String(item)).join(', ');
  return value === null || value === undefined || typeof value === 'object' ? '' : String(value);
}

/** The facts grouped for the picker by their first segment (attributes, traits, segments, event, …). */
export function groupFacts(facts: readonly FactDescription[], scope: 'customer' | 'event'): Array<{ group: string; facts: FactDescription[] }> {
  const groups = new Map<string, FactDescription[]>();
  for (const fact of facts) {
    if (scope === 'customer' && fact.scope === 'event') continue;
    const group = fact.path.split('.')[0];
    const list = groups.get(group) ?? [];
    list.push(fact);
    groups.set(group, list);
  }
  return [...groups].map(([group, list]) => ({ group, facts: list }));
}

/** Whether a catalogue path is a pattern rather than one fact. */
export function isFactPattern(path: string): boolean {
  return path.split('.').some((segment) => segment === '*' || segment === '**');
}

/**
 * The parts of a concrete path that fill a pattern's wildcards: `traits.event_counts.Order Completed`
 * under `traits.event_counts.*` → `['Order Completed']`; a final `**` takes the rest, dots included.
 */
export function readWildcardParts(pattern: string, path: string): string[] {
  const patternSegments = pattern.split('.');
  const segments = path.split('.');
  const parts: string[] = [];
  patternSegments.forEach((segment, i) => {
    if (segment === '*') parts.push(segments[i] ?? '');
    else if (segment === '**') parts.push(segments.slice(i).join('.'));
  });
  return parts;
}

/** A pattern with its wildcards filled in order (an empty part leaves the path incomplete, for the check to point at). */
export function fillWildcards(pattern: string, parts: readonly string[]): string {
  let next = 0;
  return pattern
    .split('.')
    .map((segment) => (segment === '*' || segment === '**' ? (parts[next++] ?? '') : segment))
    .join('.');
}
