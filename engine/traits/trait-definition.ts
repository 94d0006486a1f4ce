import type { TraitDefinition } from '../../schemas/types';
import { createProblem, fail, ok, toPointer, type ProblemDetail, type Result } from '../errors/index';
import { builtInTraitNames } from '../profile/index';
import {
  checkCondition,
  createFactCatalogue,
  findFact,
  isAllCondition,
  isAnyCondition,
  isFactReference,
  isNotCondition,
  listOperators,
  type Condition,
  type FactCatalogue,
} from '../rules/index';
import { validateAgainstSchema } from '../validation/index';
import { hasNumericValue, isNumericAggregation, type AggregationKind } from './trait-aggregation';

/** The type of `traits.<id>` as conditions see it. */
export type TraitValueType = 'string' | 'number' | 'boolean' | 'date';

/** A definition that passed `checkTraitDefinition`: filter checked, value type resolved. */
export interface CheckedTraitDefinition extends Omit<TraitDefinition, 'filter' | 'value_type' | 'aggregation'> {
  aggregation: AggregationKind;
  filter?: Condition;
  value_type: TraitValueType;
}

/**
 * Trait ids nobody may define: the built-in traits (docs/profiles.md), the marketing traits
 * (docs/traits.md) and the words the traits API uses in its own paths.
 */
export const reservedTraitIds: ReadonlySet<string> = new Set<string>([
  ...builtInTraitNames,
  'rfm',
  'value_tier',
  'lifecycle_stage',
  'lifecycle_stage_entered_at',
  'clv',
  'churn_risk',
  'settings',
]);

/**
 * Events the engine records itself while later stages run (segment membership changes). The traits
 * stage runs before those stages and never sees them, so a trait over them could not be kept current.
 */
export const engineEmittedEventNames: ReadonlySet<string> = new Set(['Segment Entered', 'Segment Exited']);

const timeDependentOperators = new Set(listOperators().filter((operator) => operator.dependsOnTime).map((operator) => operator.name as string));

/**
 * Checks a trait definition as a client sends it: the schema (`VALIDATION_FAILED`), then what the
 * schema cannot say — a reserved id or event, the property and the filter against the event facts of
 * the catalogue (`UNKNOWN_FACT`, `TYPE_MISMATCH`, `INVALID_CONDITION`, `INVALID_DEFINITION`). Every
 * detail carries a JSON pointer into the definition. The value type of `traits.<id>` is resolved.
 *
 * @example checkTraitDefinition({ id: 'spend_90d', name: 'Spend, 90 days', event: 'Order Completed', aggregation: 'sum', property: 'event.properties.revenue', window_days: 90 })
 */
export function checkTraitDefinition(input: unknown, catalogue: FactCatalogue = createFactCatalogue()): Result<CheckedTraitDefinition> {
  const valid = validateAgainstSchema<TraitDefinition>('trait-definition', input);
  if (!valid.ok) return valid;
  const definition = valid.value;
  const aggregation = definition.aggregation as AggregationKind;
  if (definition.property === undefined && aggregation !== 'count') {
    return fail(createProblem('VALIDATION_FAILED', [{ pointer: '/property', message: `is required: ${aggregation} aggregates an event property, e.g. "event.properties.total".` }]));
  }

  const details: ProblemDetail[] = [];
  if (reservedTraitIds.has(definition.id)) {
    details.push({ pointer: '/id', message: `"${definition.id}" is a built-in trait; pick another id.` });
  }
  if (engineEmittedEventNames.has(definition.event)) {
    details.push({ pointer: '/event', message: `"${definition.event}" is recorded by the engine after traits are computed; use segmentsEnteredAt or a segment condition instead.` });
  }
  if (definition.value_type !== undefined && hasNumericValue(aggregation) && definition.value_type !== 'number') {
    details.push({ pointer: '/value_type', message: `${aggregation} always gives a number; leave value_type out or set it to "number".` });
  }
  if (details.length > 0) return fail(createProblem('INVALID_DEFINITION', details));

  let propertyType: string | null = null;
  if (definition.property !== undefined) {
    const property = checkCondition({ fact: definition.property, operator: 'exists', value: true }, catalogue, { scope: 'event', at: ['property'] });
    if (!property.ok) return fail(retargetPropertyProblem(property.problem.code, property.problem.details));
    propertyType = findFact(catalogue, definition.property)?.type ?? 'any';
    const problem = checkPropertyType(aggregation, definition.property, propertyType);
    if (problem) return fail(problem);
  }

  let filter: Condition | undefined;
  if (definition.filter !== undefined) {
    const checked = checkCondition(definition.filter, catalogue, { scope: 'event', at: ['filter'] });
    if (!checked.ok) return checked;
    const misplaced = findNonEventTests(checked.value, ['filter']);
    if (misplaced.length > 0) return fail(createProblem('INVALID_DEFINITION', misplaced));
    filter = checked.value;
  }

  const { filter: _unchecked, ...rest } = definition;
  return ok({
    ...rest,
    aggregation,
    ...(filter ? { filter } : {}),
    value_type: resolveValueType(aggregation, definition.value_type, propertyType),
  });
}

/** The property check reuses the condition checker on `{ fact: property }`: point its details at /property. */
function retargetPropertyProblem(code: Parameters<typeof createProblem>[0], details: ProblemDetail[]) {
  return createProblem(
    code,
    details.map((detail) => ({ ...detail, pointer: '/property' })),
  );
}

function checkPropertyType(aggregation: AggregationKind, property: string, type: string) {
  if (isNumericAggregation(aggregation) && type !== 'number' && type !== 'any') {
    return createProblem('TYPE_MISMATCH', [{ pointer: '/property', message: `${aggregation} needs a number property; ${property} is a ${type} fact.` }]);
  }
  if (type === 'array' || type === 'object') {
    return createProblem('TYPE_MISMATCH', [{ pointer: '/property', message: `${property} is a ${type} fact; a trait aggregates single values (pick a field inside it).` }]);
  }
  return null;
}

function resolveValueType(aggregation: AggregationKind, declared: TraitValueType | undefined, propertyType: string | null): TraitValueType {
  if (hasNumericValue(aggregation)) return 'number';
  if (declared) return declared;
  if (propertyType === 'string' || propertyType === 'number' || propertyType === 'boolean' || propertyType === 'date') return propertyType;
  return 'string';
}

/**
 * Tests a trait filter may not contain: customer facts (a trait is a function of the events, so a
 * backfill and a replay in any order give the same value) and relative-time operators (window_days
 * says how far back to look).
 */
function findNonEventTests(node: Condition, at: Array<string | number>): ProblemDetail[] {
  if (isAllCondition(node)) return node.all.flatMap((child, index) => findNonEventTests(child, [...at, 'all', index]));
  if (isAnyCondition(node)) return node.any.flatMap((child, index) => findNonEventTests(child, [...at, 'any', index]));
  if (isNotCondition(node)) return findNonEventTests(node.not, [...at, 'not']);
  const details: ProblemDetail[] = [];
  if (!node.fact.startsWith('event.')) {
    details.push({ pointer: toPointer([...at, 'fact']), message: `${node.fact} is a customer fact; a trait filter tests only the event (event.properties.…, event.name, …).` });
  }
  if (isFactReference(node.value) && !node.value.fact.startsWith('event.')) {
    details.push({ pointer: toPointer([...at, 'value', 'fact']), message: `${node.value.fact} is a customer fact; a trait filter tests only the event.` });
  }
  if (timeDependentOperators.has(node.operator)) {
    details.push({ pointer: toPointer([...at, 'operator']), message: `${node.operator} depends on the clock; use window_days to limit a trait to recent events.` });
  }
  return details;
}
