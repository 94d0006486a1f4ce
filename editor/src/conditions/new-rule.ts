import type { FactCondition } from '../../../engine/rules/index';
import { defaultValueFor, isFactPattern, listOperatorsForFact } from '../condition-document/index';
import type { FactCatalogue } from '../../../schemas/types';

const preferredFacts = ['traits.orders_count', 'traits.last_order_at', 'attributes.country'];

/** The rule a "+ Rule" button adds: a common fact with its first operator and an example value. */
export function createStarterRule(catalogue: FactCatalogue, scope: 'customer' | 'event'): FactCondition {
  const usable = catalogue.facts.filter((fact) => !isFactPattern(fact.path) && (scope === 'event' || fact.scope === 'customer'));
  const fact = preferredFacts.map((path) => usable.find((candidate) => candidate.path === path)).find(Boolean) ?? usable[0];
  const operator = listOperatorsForFact(fact, catalogue.operators)[0];
  return { fact: fact?.path ?? 'traits.orders_count', operator: operator?.name ?? 'equal', value: defaultValueFor(fact, operator) as FactCondition['value'] };
}
