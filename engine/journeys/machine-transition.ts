import { createActor, type AnyActorScope, type AnyEventObject, type AnyMachineSnapshot, type AnyStateMachine, type ExecutableActionObject } from 'xstate';

/** One inert actor scope per compiled machine (compiled journeys are cached, so few are ever made). */
const scopes = new WeakMap<AnyStateMachine, AnyActorScope>();

/**
 * xstate's pure `transition(machine, snapshot, event)`: the next snapshot and the actions to execute,
 * none of them executed. The state chart semantics are xstate's own — this calls the machine's
 * `transition`, exactly as xstate's `transition()` does.
 *
 * Performance notes: xstate's `transition()` is two steps, creating an inert actor scope and calling
 * `machine.transition(snapshot, event, scope)` with an action executor that only collects. Creating the
 * scope constructs an actor, which eagerly computes the machine's initial snapshot: in profiles of a
 * journey entry that was about two thirds of stepJourney's time, and bench/journey-simulation.ts's steps through
 * stepJourney alone went from 1.14 to 0.71 ms once it was gone. A journey machine needs nothing from
 * the scope but that collector: its actions are `assign`s and named decisions, with no invoked or
 * spawned actors, no system ids and no deferred work. So the scope is made once per machine, and each
 * call only installs its own collector (calls never nest: guards and actions do not transition).
 */
export function transitionMachine(machine: AnyStateMachine, snapshot: AnyMachineSnapshot, event: AnyEventObject): [AnyMachineSnapshot, ExecutableActionObject[]] {
  let scope = scopes.get(machine);
  if (!scope) scopes.set(machine, (scope = createInertScope(machine)));
  const actions: ExecutableActionObject[] = [];
  scope.actionExecutor = (action) => {
    actions.push(action);
  };
  const next = machine.transition(snapshot, event, scope) as AnyMachineSnapshot;
  return [next, actions];
}

/** What xstate's internal `createInertActorScope` builds: an actor that is never started, and no-op effects. */
function createInertScope(machine: AnyStateMachine): AnyActorScope {
  const self = createActor(machine);
  return {
    self,
    id: '',
    sessionId: '',
    logger: () => {},
    defer: () => {},
    emit: () => {},
    system: self.system,
    stopChild: () => {},
    actionExecutor: () => {},
  };
}
