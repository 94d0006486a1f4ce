import type { Customer } from '../../schemas/types';
import { eventsNamedFilter } from '../profile/index';
import type { StoredDocument, WriteOp } from '../store/index';
import { changesCustomerFacts } from './customer-changes';
import { executeStep } from './effect-executor';
import { eventsCollection } from './journey-collections';
import type { JourneyEvent } from './journey-event';
import { snapshotOf, type JourneyInstance } from './journey-instance';
import type { CompiledJourney } from './journey-machine';
import { reportJourneyStep } from './journey-observer';
import type { JourneyRuntime } from './journey-runtime';
import { stepJourney } from './journey-step';
import type { MessageRecord } from './message-record';

/** Most stored events a new instance catches up on. */
const catchUpEventLimit = 100;

/** Where an instance stands after catching up: the customer draft, and what to add to the commit. */
export interface CaughtUp {
  customer: Customer;
  instance: JourneyInstance;
  writes: WriteOp[];
  messages: MessageRecord[];
  changedFacts: boolean;
}

/**
 * Runs a new instance through the customer's events that happened since it entered but were stored
 * before it did. An instance enters when the entering event happened (entryTimeOf), and events do not
 * always arrive in the order they happened: the backend's "Order Completed" (10:00:10) can arrive before
 * the app's "Checkout Started" (10:00:00), which an offline phone flushed later. Those events answer a
 * wait, reach a goal or meet an exit criterion as if they had come after the entry, in event-time order;
 * only the names the journey listens for are read (its waits, goals and exit criteria). Events of the
 * entering request itself are not stored yet, so they are not seen here.
 */
export async function catchUpSinceEntry(runtime: JourneyRuntime, start: { workspace: string; compiled: CompiledJourney; instance: JourneyInstance; customer: Customer; now: number; entering: JourneyEvent }): Promise<CaughtUp> {
  const { workspace, compiled, now, entering } = start;
  let { customer, instance } = start;
  const caughtUp: CaughtUp = { customer, instance, writes: [], messages: [], changedFacts: false };
  const t0 = instance.context.t0;
  const nowIso = new Date(now).toISOString();
  if (!t0 || t0 >= nowIso) return caughtUp;
  const names = [...compiled.watchedEverywhere, ...[...compiled.waitsFor.values()].flatMap((events) => [...events])];
  if (names.length === 0) return caughtUp;
  const stored = await runtime.store
    .collection<JourneyEvent & StoredDocument>(eventsCollection)
    .find(workspace, { customerId: customer._id, timestamp: { $gte: t0, $lte: nowIso }, ...eventsNamedFilter(names) }, { sort: { timestamp: 1 }, limit: catchUpEventLimit });
  for (const event of stored) {
    if (event._id === entering._id) continue;
    const lastStep = instance.path.at(-1);
    const stateEnteredAt = lastStep?.[0] === instance.state ? Date.parse(lastStep[1]) : undefined;
    const step = stepJourney(compiled, snapshotOf(instance), { type: 'event', event }, { customer, now, instanceId: instance._id, stateEnteredAt });
    if (!step.handled) continue;
    const executed = executeStep({ workspace, compiled, previous: instance, instanceId: instance._id, step, event, now, links: runtime.links });
    reportJourneyStep(runtime.store, { workspace, journeyId: compiled.document.id, version: compiled.document.version, instanceId: instance._id, customerId: customer._id, at: now, effects: step.effects, messages: executed.messages });
    customer = executed.customer;
    instance = executed.instance;
    caughtUp.writes.push(...executed.writes);
    caughtUp.messages.push(...executed.messages);
    caughtUp.changedFacts ||= changesCustomerFacts(step.effects);
  }
  return { ...caughtUp, customer, instance };
}
