import { assign, initialTransition, setup, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { Customer, GoalState, Journey, JourneyState, JourneyTransition } from '../../schemas/types';
import { addDuration } from './delay-due-time';
import { compileJourneyConditions, conditionKey, type JourneyConditions } from './journey-conditions';
import {
  exitedStateId,
  idleStateId,
  indexJourneyGraph,
  isEndingGoal,
  journeyVersionKey,
  messageKinds,
  waitingKinds,
  type JourneyGraph,
} from './journey-document';
import { nameOfEvent, segmentExitedEvent, segmentOfEvent, type JourneyEvent } from './journey-event';
import { findGoalLaps, type GoalLap } from './goal-laps';
import { assignVariant, hashToUnit, pickWeightedBranch } from './split-assignment';
import { resolveTimeZone } from './time-zone';
import { withFields } from '../store/index';

/**
 * The machine's context: all an instance remembers between steps, kept tiny because it is persisted
 * with every waiting instance. `v` counts the visits of every state (timer tokens, idempotency keys
 * and random draws use the counts of waits, delays, messages and random splits; the journey's analytics
 * all of them), `va` says so: an instance entered before every state was counted (2026-11-23) lacks it,
 * and counts only those four kinds. `t0` is the entry time (ISO, like every stored time), `ab`/`h` the
 * A/B variant and holdout, `g` the goals reached, `r` why it ended.
 */
export interface JourneyMachineContext {
  v: Record<string, number>;
  va?: 1;
  t0: string;
  ab?: Record<string, string>;
  h?: 1;
  g?: string[];
  /** When each looping goal's current lap began (goal-laps.ts). */
  gw?: Record<string, string>;
  r?: string;
}

/** What guards may look at besides the context: the customer as of this micro-step, and the event. */
export interface StepFacts {
  customer: Customer;
  now: number;
  instanceId: string;
  /** The customer event being processed, when the step was caused by one. */
  event?: JourneyEvent;
}

/**
 * Events the machine receives. Customer events arrive under their journey name (nameOfEvent); the
 * runtime's own are `wayfarer.*` (the schema keeps those names out of documents).
 */
export interface JourneyMachineEvent {
  type: string;
  facts: StepFacts;
  entry?: string;
  state?: string;
  visit?: number;
  reason?: string;
}

export const machineEvents = {
  enter: 'wayfarer.enter',
  /** "Go on": taken by every immediate and branch transition, so each micro-step sees the latest customer. */
  proceed: 'wayfarer.continue',
  timer: 'wayfarer.timer',
  checkExit: 'wayfarer.exit-check',
  checkGoal: 'wayfarer.goal-check',
  abort: 'wayfarer.abort',
} as const;

/** A journey version ready to run: the document, its graph, its conditions and its xstate machine. */
export interface CompiledJourney {
  document: Journey;
  key: string;
  graph: JourneyGraph;
  conditions: JourneyConditions;
  machine: AnyStateMachine;
  /** The machine's initial snapshot (idle), computed once: snapshots are immutable. */
  initial: AnyMachineSnapshot;
  /** For each resting state, the customer event names its transitions wait for. */
  waitsFor: Map<string, Set<string>>;
  /** Customer event names handled in every state: exit criteria and goals. */
  watchedEverywhere: Set<string>;
  /** Customer event names of the goals: the only events a finished instance still reacts to (stepJourney). */
  goalEvents: Set<string>;
  /** Ending goals a loop leads back past, reachable once per lap (goal-laps.ts). */
  goalLaps: GoalLap[];
}

type TransitionConfig = { target?: string; guard?: { type: string; params: Record<string, unknown> }; actions?: Array<{ type: string; params: Record<string, unknown> }> };

function immediateTarget(transitions: JourneyTransition[]): TransitionConfig[] {
  return transitions.filter((transition) => transition.on.type === 'immediate').map((transition) => ({ target: transition.to }));
}

/** The `wayfarer.continue` transitions of a split: its branches in document order, else last. */
function splitTransitions(state: Extract<JourneyState, { kind: 'split' }>, out: JourneyTransition[]): TransitionConfig[] {
  const targetOf = (branch: string): string | undefined => out.find((t) => t.on.type === 'branch' && t.on.branch === branch)?.to;
  const configs: TransitionConfig[] = [];
  const params = state.params;
  if (params.mode === 'conditions') {
    for (const branch of params.branches) {
      const target = targetOf(branch.id);
      if (target) configs.push({ target, guard: { type: 'matchesCondition', params: { key: conditionKey.branch(state.id, branch.id) } } });
    }
    const fallback = targetOf('else');
    if (fallback) configs.push({ target: fallback });
  } else if (params.mode === 'random') {
    for (const branch of params.branches) {
      const target = targetOf(branch.id);
      if (target) configs.push({ target, guard: { type: 'isRandomBranch', params: { state: state.id, branch: branch.id } } });
    }
  } else {
    for (const variant of params.variants) {
      const target = targetOf(variant.id);
      if (!target) continue;
      configs.push({
        target,
        guard: { type: 'isVariant', params: { state: state.id, variant: variant.id } },
        actions: [
          { type: 'assignVariant', params: { state: state.id, variant: variant.id } },
          { type: 'announceVariant', params: { state: state.id } },
        ],
      });
    }
  }
  return configs;
}

/**
 * Whether the engine needs a state's visits counted in every instance: timers carry the visit as a
 * token, outbox keys contain it and random splits draw by it. Other states are counted only in
 * instances that count every state (`va`), for the journey's analytics.
 */
export function isCountedState(state: JourneyState): boolean {
  return waitingKinds.has(state.kind) || messageKinds.has(state.kind) || (state.kind === 'split' && state.params.mode === 'random');
}

function buildStateConfig(state: JourneyState, out: JourneyTransition[]): Record<string, unknown> {
  const entry = [
    { type: 'countVisit', params: { state: state.id, always: isCountedState(state) } },
    { type: 'runStep', params: { state: state.id } },
  ];
  switch (state.kind) {
    case 'exit':
      return { type: 'final', entry };
    case 'goal':
      if (out.length === 0) return { type: 'final', entry };
      return { entry, on: { [machineEvents.proceed]: immediateTarget(out) } };
    case 'delay': {
      const elapsed = out.find((t) => t.on.type === 'delay-elapsed');
      return {
        entry,
        exit: [{ type: 'leaveStep', params: { state: state.id } }],
        on: elapsed ? { [machineEvents.timer]: { target: elapsed.to, guard: { type: 'isTimerFor', params: { state: state.id } } } } : {},
      };
    }
    case 'wait': {
      const on: Record<string, TransitionConfig[]> = {};
      for (const transition of out) {
        if (transition.on.type === 'event') {
          const config: TransitionConfig = { target: transition.to };
          if (transition.on.condition) config.guard = { type: 'matchesCondition', params: { key: conditionKey.transition(transition.id) } };
          (on[transition.on.event] ??= []).push(config);
        } else if (transition.on.type === 'timeout') {
          (on[machineEvents.timer] ??= []).push({ target: transition.to, guard: { type: 'isTimerFor', params: { state: state.id } } });
        }
      }
      return { entry, exit: [{ type: 'leaveStep', params: { state: state.id } }], on };
    }
    case 'split':
      return { entry, on: { [machineEvents.proceed]: splitTransitions(state, out) } };
    default:
      // entry and action states go straight on.
      return { entry, on: { [machineEvents.proceed]: immediateTarget(out) } };
  }
}

function buildRootTransitions(document: Journey, graph: JourneyGraph): Record<string, TransitionConfig[]> {
  const exits: TransitionConfig[] = (document.settings.exitCriteria ?? []).map((_criterion, index) => ({
    target: `.${exitedStateId}`,
    guard: { type: 'matchesExitCriterion', params: { index } },
    actions: [{ type: 'recordEndReason', params: { reason: `exit-criterion:${index}` } }],
  }));
  const goals: TransitionConfig[] = graph.goals.map((goal) => {
    const actions = [
      { type: 'recordConversion', params: { goal: goal.id } },
      { type: 'announceConversion', params: { goal: goal.id } },
    ];
    const config: TransitionConfig = { guard: { type: 'matchesGoal', params: { goal: goal.id } }, actions };
    if (isEndingGoal(goal)) {
      config.target = `.${goal.id}`;
      config.actions = [...actions, { type: 'recordEndReason', params: { reason: `goal:${goal.id}` } }];
    }
    return config;
  });
  return {
    [machineEvents.checkExit]: exits,
    [machineEvents.checkGoal]: goals,
    [machineEvents.abort]: [{ target: `.${exitedStateId}`, actions: [{ type: 'recordAbortReason', params: {} }] }],
  };
}

/**
 * When a customer enters: when the event that brought them in happened, not when the server got to it
 * (an SDK that flushes every few seconds, a device that was offline), so the order placed a second
 * after "Checkout Started" answers the wait and reaches the goal even when both arrive together. Never
 * later than now; entries without an event (schedule, API without one) enter now.
 */
export function entryTimeOf(facts: StepFacts): number {
  const happened = facts.event ? Date.parse(facts.event.timestamp) : Number.NaN;
  return Number.isFinite(happened) ? Math.min(happened, facts.now) : facts.now;
}

/** Whether a customer event happened at or after the instance's entry (event time). */
export function happenedSinceEntry(context: JourneyMachineContext, event: JourneyEvent | undefined): boolean {
  return event !== undefined && Date.parse(event.timestamp) >= Date.parse(context.t0);
}

/** Whether a customer event meets an exit criterion of the journey. */
export function isExitEvent(document: Journey, conditions: JourneyConditions, index: number, facts: StepFacts): boolean {
  const criterion = document.settings.exitCriteria?.[index];
  const event = facts.event;
  if (!criterion || !event) return false;
  const name = nameOfEvent(event);
  if (criterion.type === 'segment-exited') return name === segmentExitedEvent && segmentOfEvent(event) === criterion.segmentId;
  return name === criterion.event && conditions.test(conditionKey.exit(index), facts);
}

/**
 * Whether a customer event reaches a goal for an instance that entered at `context.t0`: the goal's
 * event, not reached by this instance yet, within the goal's window from entry (in the customer's
 * zone), and the goal's condition holds. The same test for running and finished instances.
 */
export function isGoalReached(compiled: Pick<CompiledJourney, 'document' | 'conditions'>, goal: GoalState, context: JourneyMachineContext, facts: StepFacts): boolean {
  const customerEvent = facts.event;
  if (!customerEvent || context.g?.includes(goal.id) || nameOfEvent(customerEvent) !== goal.params.event) return false;
  const at = Date.parse(customerEvent.timestamp);
  // A looping goal's window counts from its current lap (goal-laps.ts); any other from entry.
  const entered = Date.parse(context.gw?.[goal.id] ?? context.t0);
  const closes = addDuration(entered, goal.params.window, resolveTimeZone(facts.customer, compiled.document.settings.timezone));
  return at >= entered && at <= closes && compiled.conditions.test(conditionKey.goal(goal.id), facts);
}

/**
 * Compiles a validated journey document to an xstate v5 machine whose guards and actions are all
 * named, with their data in `params`, so the machine config is as plain as the document. Immediate
 * and branch transitions listen to `wayfarer.continue` instead of being eventless, so `stepJourney`
 * can apply each state's customer changes before the next guard reads the customer. Delays have no
 * `after`: their timers are records in the store.
 *
 * Call only with a document `validateJourney` accepted; a broken document is a bug here.
 */
export function compileJourney(document: Journey): CompiledJourney {
  const graph = indexJourneyGraph(document);
  const conditions = compileJourneyConditions(document);

  const states: Record<string, unknown> = {
    [idleStateId]: {
      on: {
        [machineEvents.enter]: graph.entries.map((entry) => ({
          target: entry.id,
          guard: { type: 'isEntry', params: { entry: entry.id } },
          actions: [{ type: 'recordEntryTime', params: {} }],
        })),
      },
    },
    [exitedStateId]: { type: 'final' },
  };
  const waitsFor = new Map<string, Set<string>>();
  for (const state of document.states) {
    const out = graph.outgoing.get(state.id) ?? [];
    states[state.id] = buildStateConfig(state, out);
    if (state.kind === 'wait') waitsFor.set(state.id, new Set(out.flatMap((t) => (t.on.type === 'event' ? [t.on.event] : []))));
  }
  const goalEvents = new Set(graph.goals.map((goal) => goal.params.event));
  const watchedEverywhere = new Set<string>([
    ...(document.settings.exitCriteria ?? []).map((criterion) => (criterion.type === 'event' ? criterion.event : segmentExitedEvent)),
    ...goalEvents,
  ]);

  const stateOf = <K extends JourneyState['kind']>(id: string, kind: K): Extract<JourneyState, { kind: K }> => {
    const state = graph.states.get(id);
    if (!state || state.kind !== kind) throw new Error(`State "${id}" is not a ${kind} state of ${document.id}@${document.version}.`);
    return state as Extract<JourneyState, { kind: K }>;
  };

  const machine = setup({
    types: { context: {} as JourneyMachineContext, events: {} as JourneyMachineEvent },
    guards: {
      isEntry: ({ event }, params: { entry: string }) => event.entry === params.entry,
      isTimerFor: ({ context, event }, params: { state: string }) => event.state === params.state && event.visit === context.v[params.state],
      matchesCondition: ({ event }, params: { key: string }) => conditions.test(params.key, event.facts),
      isRandomBranch: ({ context, event }, params: { state: string; branch: string }) => {
        const split = stateOf(params.state, 'split').params;
        if (split.mode !== 'random') return false;
        // Seeded by instance and visit: a replayed step takes the same branch, a later visit draws anew.
        const unit = hashToUnit([event.facts.instanceId, params.state, context.v[params.state] ?? 0]);
        return pickWeightedBranch(split.branches, unit) === params.branch;
      },
      isVariant: ({ event }, params: { state: string; variant: string }) => {
        const split = stateOf(params.state, 'split').params;
        if (split.mode !== 'ab') return false;
        const customerId = event.facts.customer._id;
        return assignVariant({ journeyId: document.id, stateId: params.state, customerId }, split.variants, split.holdoutPercent ?? 0).variant === params.variant;
      },
      // Only what happened since entry (event time) ends an instance: an imported order from 2022 does not.
      matchesExitCriterion: ({ context, event }, params: { index: number }) => happenedSinceEntry(context, event.facts.event) && isExitEvent(document, conditions, params.index, event.facts),
      matchesGoal: ({ context, event }, params: { goal: string }) => isGoalReached({ document, conditions }, stateOf(params.goal, 'goal'), context, event.facts),
    },
    actions: {
      countVisit: assign(({ context }, params: { state: string; always: boolean }) =>
        params.always || context.va === 1 ? { v: withFields(context.v, { [params.state]: (context.v[params.state] ?? 0) + 1 }) } : {},
      ),
      assignVariant: assign(({ context, event }, params: { state: string; variant: string }) => {
        const split = stateOf(params.state, 'split').params;
        const holdoutPercent = split.mode === 'ab' ? (split.holdoutPercent ?? 0) : 0;
        const { holdout } = assignVariant({ journeyId: document.id, stateId: params.state, customerId: event.facts.customer._id }, [{ id: params.variant, weight: 1 }], holdoutPercent);
        return { ab: { ...context.ab, [params.state]: params.variant }, ...(holdout || context.h ? { h: 1 as const } : {}) };
      }),
      recordEntryTime: assign(({ event }) => ({ t0: new Date(entryTimeOf(event.facts)).toISOString(), va: 1 as const })),
      recordConversion: assign(({ context }, params: { goal: string }) => ({ g: [...(context.g ?? []), params.goal] })),
      recordEndReason: assign((_, params: { reason: string }) => ({ r: params.reason })),
      recordAbortReason: assign(({ event }) => ({ r: event.reason ?? 'aborted' })),
      // The next four are decisions for stepJourney to turn into effects; they never run here.
      runStep: (_, _params: { state: string }) => undefined,
      leaveStep: (_, _params: { state: string }) => undefined,
      announceVariant: (_, _params: { state: string }) => undefined,
      announceConversion: (_, _params: { goal: string }) => undefined,
    },
  }).createMachine({
    id: document.id,
    initial: idleStateId,
    context: { v: {}, t0: '' },
    on: buildRootTransitions(document, graph),
    states,
  } as never) as unknown as AnyStateMachine;

  const [initial] = initialTransition(machine);
  return { document, key: journeyVersionKey(document.id, document.version), graph, conditions, machine, initial, waitsFor, watchedEverywhere, goalEvents, goalLaps: findGoalLaps(graph) };
}
