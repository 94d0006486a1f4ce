import type { AnyMachineSnapshot } from 'xstate';
import type { Customer, JourneyState } from '../../schemas/types';
import { renderAttributeValues } from './attribute-templates';
import {
  changeCustomerTags,
  journeyWriteStamp,
  changeLoyaltyPoints,
  setCustomerLifecycleStage,
  updateCustomerAttributes,
} from './customer-changes';
import { addDuration, computeDelayDueTime } from './delay-due-time';
import { exitedStateId, messageKinds, waitingKinds } from './journey-document';
import { beginGoalLaps } from './goal-laps';
import type { JourneyEffect } from './journey-effect';
import { nameOfEvent, type JourneyEvent } from './journey-event';
import { happenedSinceEntry, isExitEvent, isGoalReached, machineEvents, type CompiledJourney, type JourneyMachineContext, type JourneyMachineEvent, type StepFacts } from './journey-machine';
import { transitionMachine } from './machine-transition';
import { resolveTimeZone } from './time-zone';

/** What is persisted of a machine snapshot: the state id and the (tiny) context. */
export interface CompactSnapshot {
  state: string;
  context: JourneyMachineContext;
}

/** What moves an instance: entering at an entry state, a customer event, or one of its timers firing. */
export type JourneyInput =
  | { type: 'enter'; entry: string; event?: JourneyEvent }
  | { type: 'event'; event: JourneyEvent }
  | { type: 'timer'; state: string; visit: number };

export interface StepContext {
  customer: Customer;
  /** ms since the epoch, from the runtime's clock. */
  now: number;
  instanceId: string;
  /**
   * When the instance entered the state it rests in (from its path), for a customer event: a wait
   * takes no event that happened at or after its timeout, even when the timer has not fired yet
   * (a worker behind); the timeout wins as it would have on time.
   */
  stateEnteredAt?: number;
}

export type InstanceStatus = 'active' | 'completed' | 'exited';

export interface StepResult {
  snapshot: CompactSnapshot;
  effects: JourneyEffect[];
  /** The customer with this step's attribute, tag, points and stage changes applied. */
  customer: Customer;
  status: InstanceStatus;
  /** False when the input changed nothing: this instance was not listening for it. */
  handled: boolean;
}

/** More micro-steps than this in one step means a loop without a wait (e.g. a past date in a loop). */
export const maxMicrostepsPerStep = 200;

type FollowUp = Omit<JourneyMachineEvent, 'facts'>;

function timerKey(state: string, visit: number): string {
  return `${state}#${visit}`;
}

/**
 * Moves one journey instance with xstate's pure `transition()` (machine-transition.ts): no action runs and nothing is
 * written. Returns the next compact snapshot and the effects for the runtime to carry out.
 *
 * A customer event is offered three times, in this order: to the exit criteria (an exit wins), to the
 * goals (within their window from entry), then to the current state (if it happened after entry).
 * After that the instance proceeds through immediate states until it rests in a delay or wait, or
 * ends. Each action state's customer changes are applied before the next guard runs, so a split right
 * after "update attributes" sees the update. A finished instance is offered a customer event only for
 * its goals (countGoalAfterEnd).
 *
 * @example stepJourney(compiled, null, { type: 'enter', entry: 'start' }, { customer, now, instanceId })
 */
export function stepJourney(compiled: CompiledJourney, snapshot: CompactSnapshot | null, input: JourneyInput, context: StepContext): StepResult {
  const { machine, graph, document } = compiled;
  const now = context.now;
  const event = input.type === 'timer' ? undefined : input.event;
  let customer = context.customer;
  let current: AnyMachineSnapshot = snapshot
    ? machine.resolveState({ value: snapshot.state, context: snapshot.context })
    : compiled.initial;
  if (current.status === 'done') {
    if (input.type === 'event') return countGoalAfterEnd(compiled, compact(current), statusOf(current), { customer, now, instanceId: context.instanceId, event: input.event });
    return { snapshot: compact(current), effects: [], customer, status: statusOf(current), handled: false };
  }

  const effects: JourneyEffect[] = [];
  const followUps: FollowUp[] = [];
  // Timers decided and dropped within this step never reach the store: neither their start nor their cancel does.
  const startedHere = new Set<string>();
  const neverStored = new Set<string>();
  let microsteps = 0;
  const zone = (): string => resolveTimeZone(customer, document.settings.timezone);
  // Attribute writes in the order the step makes them (customer-changes.ts).
  const writeStamp = (): string => journeyWriteStamp(now, context.instanceId, effects.length);

  const stateById = (id: string): JourneyState => {
    const state = graph.states.get(id);
    if (!state) throw new Error(`Unknown state "${id}" in ${compiled.key}.`);
    return state;
  };

  const enterState = (id: string, visit: number): void => {
    const state = stateById(id);
    effects.push({ kind: 'enter-state', state: id, visit, at: now });
    switch (state.kind) {
      case 'delay': {
        const due = computeDelayDueTime(state.params, { now, zone: zone(), attributes: customer.attributes });
        if (due.kind === 'missing') {
          neverStored.add(timerKey(id, visit));
          const onMissing = state.params.mode === 'until-date' ? (state.params.onMissing ?? 'exit') : 'exit';
          followUps.push(onMissing === 'continue' ? { type: machineEvents.timer, state: id, visit } : { type: machineEvents.abort, reason: `missing-attribute:${due.attribute}` });
        } else if (due.at <= now) {
          neverStored.add(timerKey(id, visit));
          followUps.push({ type: machineEvents.timer, state: id, visit });
        } else {
          startedHere.add(timerKey(id, visit));
          effects.push({ kind: 'start-timer', state: id, visit, dueAt: due.at, purpose: 'delay' });
        }
        return;
      }
      case 'wait':
        startedHere.add(timerKey(id, visit));
        effects.push({ kind: 'start-timer', state: id, visit, dueAt: addDuration(now, state.params.timeout, zone()), purpose: 'timeout' });
        return;
      case 'update-attributes': {
        const journey = { id: document.id, step: id, name: document.name };
        const { set, failed } = renderAttributeValues(state.params.set ?? {}, { customer, event, journey, now });
        const unset = state.params.unset ?? [];
        customer = updateCustomerAttributes(customer, set, unset, writeStamp());
        effects.push({ kind: 'update-attributes', state: id, set, unset, ...(failed.length > 0 ? { failed } : {}) });
        return;
      }
      case 'tags': {
        const add = state.params.add ?? [];
        const remove = state.params.remove ?? [];
        customer = changeCustomerTags(customer, add, remove, writeStamp());
        effects.push({ kind: 'change-tags', state: id, add, remove });
        return;
      }
      case 'loyalty': {
        const { operation, points, reason } = state.params;
        const changed = changeLoyaltyPoints(customer, operation, points, writeStamp());
        customer = changed.customer;
        effects.push({ kind: 'change-loyalty-points', state: id, operation, points, applied: changed.applied, balance: changed.balance, ...(changed.why ? { why: changed.why } : {}), ...(reason ? { reason } : {}) });
        return;
      }
      case 'lifecycle-stage':
        customer = setCustomerLifecycleStage(customer, state.params.stage, writeStamp());
        effects.push({ kind: 'set-lifecycle-stage', state: id, stage: state.params.stage });
        return;
      default:
        if (messageKinds.has(state.kind)) effects.push({ kind: 'send-message', state: id, visit });
    }
  };

  const carryOut = (action: { type: string; params: unknown; info: { context: unknown } }): void => {
    const params = action.params as { state?: string; goal?: string };
    const machineContext = action.info.context as JourneyMachineContext;
    switch (action.type) {
      case 'runStep':
        enterState(params.state!, machineContext.v[params.state!] ?? 0);
        return;
      case 'leaveStep': {
        const visit = machineContext.v[params.state!];
        const key = timerKey(params.state!, visit);
        if (neverStored.has(key)) return;
        if (startedHere.has(key)) {
          // Started and left within one step: drop the start instead of writing and deleting it.
          const index = effects.findIndex((e) => e.kind === 'start-timer' && e.state === params.state && e.visit === visit);
          if (index >= 0) effects.splice(index, 1);
          return;
        }
        effects.push({ kind: 'cancel-timer', state: params.state!, visit });
        return;
      }
      case 'announceVariant':
        effects.push({ kind: 'assign-variant', state: params.state!, variant: machineContext.ab?.[params.state!] ?? '', holdout: machineContext.h === 1 });
        return;
      case 'announceConversion':
        effects.push({ kind: 'record-conversion', goal: params.goal!, at: now });
        return;
      default:
        throw new Error(`Action "${action.type}" has no effect mapping: add it to stepJourney.`);
    }
  };

  const isPastTimeout = (stateId: string, customerEvent: JourneyEvent, enteredAt: number | undefined): boolean => {
    const state = graph.states.get(stateId);
    if (state?.kind !== 'wait' || enteredAt === undefined) return false;
    return Date.parse(customerEvent.timestamp) >= addDuration(enteredAt, state.params.timeout, zone());
  };

  const send = (message: FollowUp): boolean => {
    microsteps++;
    const [next, actions] = transitionMachine(machine, current, { ...message, facts: { customer, now, instanceId: context.instanceId, event } });
    if (next === current) return false;
    current = next;
    for (const action of actions) carryOut(action as never);
    return true;
  };

  // A function, not a check on `current` inline: TypeScript cannot see that send() reassigns it.
  const isDone = (): boolean => current.status === 'done';
  let handled = false;
  switch (input.type) {
    case 'enter':
      if (!send({ type: machineEvents.enter, entry: input.entry })) throw new Error(`"${input.entry}" is not an entry state of ${compiled.key}.`);
      handled = true;
      break;
    case 'timer':
      handled = send({ type: machineEvents.timer, state: input.state, visit: input.visit });
      break;
    case 'event':
      handled = send({ type: machineEvents.checkExit });
      if (!isDone()) handled = send({ type: machineEvents.checkGoal }) || handled;
      // A wait only reacts to what happened after the customer entered (a late, older event does not
      // count) and before its timeout.
      if (!isDone() && happenedSinceEntry(current.context as JourneyMachineContext, input.event) && !isPastTimeout(String(current.value), input.event, context.stateEnteredAt)) {
        handled = send({ type: nameOfEvent(input.event) }) || handled;
      }
      break;
  }

  while (handled && !isDone()) {
    if (microsteps > maxMicrostepsPerStep) {
      followUps.length = 0;
      send({ type: machineEvents.abort, reason: 'step-limit' });
      break;
    }
    const followUp = followUps.shift();
    if (followUp) {
      send(followUp);
      continue;
    }
    const state = graph.states.get(String(current.value));
    if (!state || waitingKinds.has(state.kind)) break;
    if (!send({ type: machineEvents.proceed })) throw new Error(`State "${state.id}" of ${compiled.key} has no way on: validation should have refused this.`);
  }

  const status = statusOf(current);
  if (status !== 'active') effects.push({ kind: 'end-instance', status, reason: (current.context as JourneyMachineContext).r ?? `reached:${String(current.value)}` });
  const next = compact(current);
  return { snapshot: { state: next.state, context: beginGoalLaps(compiled.goalLaps, next.context, snapshot?.state ?? null, effects) }, effects, customer, status, handled };
}

/**
 * A finished instance still counts a goal: the goal's window runs from entry, not until the instance
 * ends, so a customer who buys two days after an entry → send → exit campaign has converted, and so
 * has one of its holdout (whose conversions are what the variants' are compared with). This holds
 * for instances that exited early too (an exit criterion, a missing attribute): every instance is
 * counted as entered in the report, so each must be able to count as converted, or a variant whose
 * messages make more customers meet an exit criterion would look better or worse for it.
 * Only counted: an ending goal neither moves a finished instance nor changes how it ended. As for a
 * running instance, an event that meets an exit criterion counts for no goal (an exit wins: a fraud
 * order that would have ended the instance is no conversion after it ended either), and an event
 * counts for one goal at most: the first, in document order, it reaches.
 */
function countGoalAfterEnd(compiled: CompiledJourney, snapshot: CompactSnapshot, status: InstanceStatus, facts: StepFacts): StepResult {
  const { document, conditions } = compiled;
  const isExit = (document.settings.exitCriteria ?? []).some((_criterion, index) => isExitEvent(document, conditions, index, facts));
  const goal = isExit ? undefined : compiled.graph.goals.find((candidate) => isGoalReached(compiled, candidate, snapshot.context, facts));
  if (!goal) return { snapshot, effects: [], customer: facts.customer, status, handled: false };
  const context = { ...snapshot.context, g: [...(snapshot.context.g ?? []), goal.id] };
  return { snapshot: { state: snapshot.state, context }, effects: [{ kind: 'record-conversion', goal: goal.id, at: facts.now }], customer: facts.customer, status, handled: true };
}

function compact(snapshot: AnyMachineSnapshot): CompactSnapshot {
  return { state: String(snapshot.value), context: snapshot.context as JourneyMachineContext };
}

function statusOf(snapshot: AnyMachineSnapshot): InstanceStatus {
  if (snapshot.status !== 'done') return 'active';
  return snapshot.value === exitedStateId ? 'exited' : 'completed';
}

/** Whether an instance at rest in `state` reacts to a customer event of this name. */
export function isListeningFor(compiled: CompiledJourney, state: string, eventName: string): boolean {
  return compiled.watchedEverywhere.has(eventName) || (compiled.waitsFor.get(state)?.has(eventName) ?? false);
}
