import type { JourneyState, TransitionTrigger } from '../../../schemas/types';

/** The one target handle every state but an entry has. */
export const targetHandleId = 'in';
/** The single way out of entries, actions and ending goals. */
export const outHandleId = 'out';

/** A way out of a state as the canvas draws it: a handle, and the trigger a transition from it gets. */
export interface SourceHandle {
  id: string;
  label: string;
  trigger: TransitionTrigger;
}

const branchPrefix = 'branch:';

/** The handle id of a split branch. */
export function branchHandleId(branch: string): string {
  return branchPrefix + branch;
}

/** The branch ids a split offers, `else` last for condition splits. */
export function listSplitBranches(state: Extract<JourneyState, { kind: 'split' }>): Array<{ id: string; label: string }> {
  const params = state.params;
  if (params.mode === 'conditions') {
    return [...params.branches.map((branch) => ({ id: branch.id, label: branch.label ?? branch.id })), { id: 'else', label: 'Else' }];
  }
  const weighted = params.mode === 'random' ? params.branches : params.variants;
  const total = weighted.reduce((sum, branch) => sum + branch.weight, 0) || 1;
  return weighted.map((branch) => ({ id: branch.id, label: `${branch.label ?? branch.id} · ${Math.round((branch.weight / total) * 100)}%` }));
}

/**
 * The ways out of a state: one per branch of a split, event and timeout for a wait, one for the
 * rest (none for an exit, nor for a goal that only counts). The engine's graph check says the same
 * (engine/journeys/journey-graph-check.ts); the canvas offers only what it accepts.
 */
export function listSourceHandles(state: JourneyState): SourceHandle[] {
  switch (state.kind) {
    case 'exit':
      return [];
    case 'goal':
      return state.params.endsJourney ? [{ id: outHandleId, label: 'then', trigger: { type: 'immediate' } }] : [];
    case 'delay':
      return [{ id: outHandleId, label: 'after the delay', trigger: { type: 'delay-elapsed' } }];
    case 'wait':
      return [
        { id: 'event', label: 'event happened', trigger: { type: 'event', event: 'Order Completed' } },
        { id: 'timeout', label: 'timed out', trigger: { type: 'timeout' } },
      ];
    case 'split':
      return listSplitBranches(state).map((branch) => ({ id: branchHandleId(branch.id), label: branch.label, trigger: { type: 'branch', branch: branch.id } }));
    default:
      return [{ id: outHandleId, label: 'then', trigger: { type: 'immediate' } }];
  }
}

/** Whether customers can arrive at a state through a transition (entries and goals are reached otherwise). */
export function hasTargetHandle(state: JourneyState): boolean {
  return state.kind !== 'entry' && state.kind !== 'goal';
}

/** The source handle a transition leaves from, given its trigger. */
export function handleOfTrigger(trigger: TransitionTrigger): string {
  switch (trigger.type) {
    case 'branch':
      return branchHandleId(trigger.branch);
    case 'event':
      return 'event';
    case 'timeout':
      return 'timeout';
    default:
      return outHandleId;
  }
}
