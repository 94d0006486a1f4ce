import type { Customer, Journey } from '../../schemas/types';
import { compileCondition, type CompiledCondition, type Condition } from '../rules/index';
import type { JourneyEvent } from './journey-event';

/**
 * Every condition of a journey document, where it sits, and whether it may read the triggering
 * event (`event.*` facts) or only the customer. Validation checks them; compilation compiles them.
 */
export interface JourneyConditionSite {
  key: string;
  /** JSON pointer of the condition in the document. */
  pointer: string;
  condition: object;
  scope: 'customer' | 'event';
}

/** Table keys of a document's conditions, shared by the machine's guards and the entry logic. */
export const conditionKey = {
  entry: (stateId: string) => `entry/${stateId}`,
  transition: (transitionId: string) => `transition/${transitionId}`,
  branch: (stateId: string, branchId: string) => `branch/${stateId}/${branchId}`,
  goal: (stateId: string) => `goal/${stateId}`,
  exit: (index: number) => `exit/${index}`,
  entryCondition: () => 'settings/entry',
};

/** Lists the conditions of a document (schema-valid), in document order. */
export function listJourneyConditions(document: Journey): JourneyConditionSite[] {
  const sites: JourneyConditionSite[] = [];
  document.states.forEach((state, index) => {
    const base = `/states/${index}/params`;
    if (state.kind === 'entry' && state.params.trigger.type === 'event' && state.params.trigger.condition) {
      sites.push({ key: conditionKey.entry(state.id), pointer: `${base}/trigger/condition`, condition: state.params.trigger.condition, scope: 'event' });
    }
    if (state.kind === 'split' && state.params.mode === 'conditions') {
      state.params.branches.forEach((branch, b) => {
        sites.push({ key: conditionKey.branch(state.id, branch.id), pointer: `${base}/branches/${b}/condition`, condition: branch.condition, scope: 'customer' });
      });
    }
    if (state.kind === 'goal' && state.params.condition) {
      sites.push({ key: conditionKey.goal(state.id), pointer: `${base}/condition`, condition: state.params.condition, scope: 'event' });
    }
  });
  document.transitions.forEach((transition, index) => {
    if (transition.on.type === 'event' && transition.on.condition) {
      sites.push({ key: conditionKey.transition(transition.id), pointer: `/transitions/${index}/on/condition`, condition: transition.on.condition, scope: 'event' });
    }
  });
  (document.settings.exitCriteria ?? []).forEach((criterion, index) => {
    if (criterion.type === 'event' && criterion.condition) {
      sites.push({ key: conditionKey.exit(index), pointer: `/settings/exitCriteria/${index}/condition`, condition: criterion.condition, scope: 'event' });
    }
  });
  if (document.settings.entryCondition) {
    sites.push({ key: conditionKey.entryCondition(), pointer: '/settings/entryCondition', condition: document.settings.entryCondition, scope: 'customer' });
  }
  return sites;
}

/** The compiled conditions of one journey version. */
export interface JourneyConditions {
  /** Whether the condition under `key` holds; a key with no condition holds. */
  test(key: string, facts: { customer: Customer; now: number; event?: JourneyEvent }): boolean;
}

/**
 * Compiles every condition of a validated document with engine/rules (one predicate per condition,
 * compiled once per journey version).
 */
export function compileJourneyConditions(document: Journey): JourneyConditions {
  const compiled = new Map<string, CompiledCondition>();
  for (const site of listJourneyConditions(document)) compiled.set(site.key, compileCondition(site.condition as Condition, { scope: site.scope }));
  return {
    test(key, facts) {
      const condition = compiled.get(key);
      if (!condition) return true;
      return condition.test(facts.customer, { now: facts.now, event: facts.event ?? null });
    },
  };
}
