import type { Customer, EntryState } from '../../schemas/types';
import type { WriteOp } from '../store/index';
import { changesCustomerFacts } from './customer-changes';
import { executeStep } from './effect-executor';
import { catchUpSinceEntry } from './entry-catch-up';
import { newInstanceId } from './instance-id';
import { endInstanceWrites } from './instance-ending';
import { conditionKey } from './journey-conditions';
import { nameOfEvent, segmentOfEvent, type JourneyEvent } from './journey-event';
import { readPresence, type JourneyInstance } from './journey-instance';
import type { CompiledJourney } from './journey-machine';
import { reportJourneyStep } from './journey-observer';
import type { JourneyRuntime } from './journey-runtime';
import { stepJourney } from './journey-step';
import type { MessageRecord } from './message-record';
import { decideReentry } from './reentry-policy';

export interface EntryAttempt {
  workspace: string;
  compiled: CompiledJourney;
  entry: EntryState;
  customer: Customer;
  now: number;
  /** The event that triggered the entry, if any (templates and conditions may read it). */
  event?: JourneyEvent;
  /** The run time, for entries a schedule starts. */
  scheduledAt?: string;
}

export type EntryOutcome =
  /** `changedFacts`: the first step changed facts segments may test (an immediate tag or attribute action). */
  | { entered: true; customer: Customer; writes: WriteOp[]; instance: JourneyInstance; messages: MessageRecord[]; changedFacts: boolean }
  | { entered: false; customer: Customer; reason: 'reentry-policy' | 'entry-condition' };

/** Whether an event triggers an entry state: its name, its segment, and its trigger condition. */
export function isEntryTriggeredBy(compiled: CompiledJourney, entry: EntryState, event: JourneyEvent, facts: { customer: Customer; now: number }): boolean {
  const trigger = entry.params.trigger;
  const name = nameOfEvent(event);
  switch (trigger.type) {
    case 'event':
      return name === trigger.event && compiled.conditions.test(conditionKey.entry(entry.id), { ...facts, event });
    case 'segment-entered':
    case 'segment-exited':
      return segmentOfEvent(event) === trigger.segmentId;
    default:
      return false;
  }
}

/**
 * Starts a customer on a journey at an entry state, if the re-entry policy and the journey's entry
 * condition allow: runs the first step (through every immediate state) and returns the customer
 * draft and the writes for the caller's commit. Nothing is written here.
 */
export async function startJourneyInstance(runtime: JourneyRuntime, attempt: EntryAttempt): Promise<EntryOutcome> {
  const { workspace, compiled, entry, now, event } = attempt;
  const document = compiled.document;
  const decision = decideReentry(document.settings.reentry, attempt.customer.journeys[document.id], now);
  const presence = readPresence(attempt.customer, document.id);
  if (decision === 'refuse') return { entered: false, customer: attempt.customer, reason: 'reentry-policy' };
  if (!compiled.conditions.test(conditionKey.entryCondition(), { customer: attempt.customer, now, event })) {
    return { entered: false, customer: attempt.customer, reason: 'entry-condition' };
  }
  const owner = { workspace, journeyId: document.id, customerId: attempt.customer._id };
  const writes: WriteOp[] = decision === 'restart' && presence ? endInstanceWrites(presence, owner, new Date(now).toISOString(), 're-entered') : [];
  const instanceId = newInstanceId(now);
  const step = stepJourney(compiled, null, { type: 'enter', entry: entry.id, event }, { customer: attempt.customer, now, instanceId });
  const executed = executeStep({ workspace, compiled, previous: null, instanceId, step, event, now, scheduledAt: attempt.scheduledAt, links: runtime.links });
  reportJourneyStep(runtime.store, { workspace, journeyId: document.id, version: document.version, instanceId, customerId: attempt.customer._id, at: now, effects: step.effects, messages: executed.messages });
  const entered = { customer: executed.customer, instance: executed.instance, writes: executed.writes, messages: executed.messages, changedFacts: changesCustomerFacts(step.effects) };
  // Events that happened since the entering one but arrived before it (catchUpSinceEntry).
  const late = event ? await catchUpSinceEntry(runtime, { workspace, compiled, instance: executed.instance, customer: executed.customer, now, entering: event }) : null;
  if (!late || late.writes.length === 0) return { entered: true, ...entered, writes: [...writes, ...entered.writes] };
  return {
    entered: true,
    customer: late.customer,
    instance: late.instance,
    writes: [...writes, ...entered.writes, ...late.writes],
    messages: [...entered.messages, ...late.messages],
    changedFacts: entered.changedFacts || late.changedFacts,
  };
}
