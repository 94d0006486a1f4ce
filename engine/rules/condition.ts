/**
 * The condition language's node types. The JSON shape is json-rules-engine's and is fixed by
 * `schemas/condition.schema.json`; these are its generated types plus the guards the compiler uses.
 */
import type { AllCondition, AnyCondition, Condition, FactCondition, NotCondition } from '../../schemas/types';

export type { AllCondition, AnyCondition, Condition, FactCondition, NotCondition };

/** A value that names another fact: `{ fact: 'traits.revenue_total', path?: '$.x' }` (fact-to-fact comparison). */
export interface FactReference {
  fact: string;
  path?: string;
  params?: Record<string, unknown>;
}

export function isAllCondition(node: Condition): node is AllCondition {
  return Object.prototype.hasOwnProperty.call(node, 'all');
}

export function isAnyCondition(node: Condition): node is AnyCondition {
  return Object.prototype.hasOwnProperty.call(node, 'any');
}

export function isNotCondition(node: Condition): node is NotCondition {
  return Object.prototype.hasOwnProperty.call(node, 'not');
}

export function isFactCondition(node: Condition): node is FactCondition {
  return Object.prototype.hasOwnProperty.call(node, 'fact');
}

/** Whether an operand is a fact reference rather than a literal (json-rules-engine's own test). */
export function isFactReference(value: unknown): value is FactReference {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, 'fact');
}

/** Every fact leaf of a condition, depth first, in document order. */
export function listFactConditions(condition: Condition): FactCondition[] {
  const leaves: FactCondition[] = [];
  const visit = (node: Condition): void => {
    if (isAllCondition(node)) node.all.forEach(visit);
    else if (isAnyCondition(node)) node.any.forEach(visit);
    else if (isNotCondition(node)) visit(node.not);
    else leaves.push(node);
  };
  visit(condition);
  return leaves;
}
