import type { Customer } from '../../schemas/types';
import { rememberForRequest, type IngestionStage, type StageInput, type StageOutput } from '../ingest/index';
import type { WriteOp } from '../store/index';
import { loadCompiledJourney, loadLiveJourneys, peekCompiledJourney, type LiveJourneys } from './journey-catalog';
import { changesCustomerFacts } from './customer-changes';
import { executeStep } from './effect-executor';
import { isEntryTriggeredBy, startJourneyInstance } from './journey-entry';
import { nameOfEvent, type JourneyEvent } from './journey-event';
import { instanceFromPresence, readPresence, snapshotOf } from './journey-instance';
import { reportJourneyStep } from './journey-observer';
import type { JourneyRuntime } from './journey-runtime';
import { isListeningFor, stepJourney } from './journey-step';
import { adoptMergedJourneys } from './merged-journeys';

/**
 * Events older than this (event time before the processing time) start no journey: an imported
 * order history or a device that was offline for days must not trigger a welcome series now. They
 * still move instances already running (exits, goals, waits for events after entry).
 */
export const entryEventMaxAgeMs = 24 * 60 * 60 * 1000;

/** What the journeys stage did with one event. */
export interface JourneyEventOutcome {
  customer: Customer;
  writes: WriteOp[];
  /** Journeys whose instance this event moved or started. */
  touched: string[];
  /** Whether a step changed facts segments may test (tags, attributes, points, lifecycle stage). */
  changedFacts: boolean;
}

/**
 * Runs one customer event through the journeys: first every running instance that listens for it
 * (exit criteria, goals, waits — in that order, see stepJourney) and every finished latest instance
 * whose goal it may be (a goal's window runs from entry, past the instance's end), then every live journey it
 * triggers an entry into (re-entry policy and entry condition permitting; not for events older than
 * `entryEventMaxAgeMs`). A journey whose instance
 * this event already moved is not entered again on the same event. Reads only what it needs: the
 * catalog revision; running instances are stepped from the customer's presence.
 */
export async function applyEventToJourneys(runtime: JourneyRuntime, workspace: string, customer: Customer, event: JourneyEvent, now: number): Promise<JourneyEventOutcome> {
  const name = nameOfEvent(event);
  const writes: WriteOp[] = [];
  const touched = new Set<string>();
  let draft = customer;
  let changedFacts = false;

  for (const journeyId of Object.keys(customer.journeys)) {
    const presence = readPresence(draft, journeyId);
    if (!presence) continue;
    const running = presence.status === 'active';
    // A finished instance only counts its goals (see countGoalAfterEnd): skip it without a promise
    // when its version, cached, has no goal on this event — most events are nobody's goal.
    if (!running && peekCompiledJourney(runtime.store, workspace, journeyId, presence.version)?.goalEvents.has(name) === false) continue;
    const compiled = await loadCompiledJourney(runtime, workspace, journeyId, presence.version);
    if (!compiled || !(running ? isListeningFor(compiled, presence.state, name) : compiled.goalEvents.has(name))) continue;
    // The presence, not a read of journey_instances: an earlier event of the same request may have
    // moved the instance in this very commit.
    const instance = instanceFromPresence(presence, { workspace, journeyId, customerId: draft._id });
    const lastStep = presence.path.at(-1);
    const stateEnteredAt = lastStep?.state === presence.state ? Date.parse(lastStep.at) : undefined;
    const step = stepJourney(compiled, snapshotOf(instance), { type: 'event', event }, { customer: draft, now, instanceId: instance._id, stateEnteredAt });
    if (!step.handled) continue;
    const executed = executeStep({ workspace, compiled, previous: instance, instanceId: instance._id, step, event, now, links: runtime.links });
    reportJourneyStep(runtime.store, { workspace, journeyId, version: compiled.document.version, instanceId: instance._id, customerId: draft._id, at: now, effects: step.effects, messages: executed.messages });
    draft = executed.customer;
    writes.push(...executed.writes);
    // A goal counted for a finished instance moved nothing: the event may still start a new one.
    if (running) touched.add(journeyId);
    changedFacts ||= changesCustomerFacts(step.effects);
  }

  if (now - Date.parse(event.timestamp) > entryEventMaxAgeMs) return { customer: draft, writes, touched: [...touched], changedFacts };
  const live = await loadLiveJourneys(runtime, workspace, now);
  for (const route of live.byEvent.get(name) ?? []) {
    const journeyId = route.compiled.document.id;
    if (touched.has(journeyId) || !isEntryTriggeredBy(route.compiled, route.entry, event, { customer: draft, now })) continue;
    const outcome = await startJourneyInstance(runtime, { workspace, compiled: route.compiled, entry: route.entry, customer: draft, now, event });
    if (!outcome.entered) continue;
    draft = outcome.customer;
    writes.push(...outcome.writes);
    touched.add(journeyId);
    changedFacts ||= outcome.changedFacts;
  }
  return { customer: draft, writes, touched: [...touched], changedFacts };
}

/**
 * The journeys stage of the ingestion pipeline (after profile and segments): moves and starts
 * journey instances for each event; their snapshots, timers and outbox records join the event's
 * commit. Emits no events and never waits on a delay.
 */
export const journeysStage: IngestionStage = {
  name: 'journeys',
  apply(input: StageInput, runtime): StageOutput | Promise<StageOutput> {
    if (input.merged !== undefined && input.merged.length > 0) return applyAfterMerge(runtime, input, input.merged);
    const live = rememberForRequest(input.cache, liveJourneysKey, () => loadLiveJourneys(runtime, input.workspace, input.now));
    // Performance notes: most events move no instance and start none; once the request's live journeys
    // are loaded, that is known from two lookups, without a promise per event.
    if (!(live instanceof Promise) && !hasJourneyWork(runtime, input.workspace, live, input.customer, input.event, input.now)) return { customer: input.customer, writes: [], emitted: [] };
    return applyEventToJourneys(runtime, input.workspace, input.customer, input.event, input.now).then(toStageOutput);
  },
};

const liveJourneysKey = Symbol('live journeys');

/** The event that merged customers: their journeys are taken over first (adoptMergedJourneys), then the event runs. */
async function applyAfterMerge(runtime: JourneyRuntime, input: StageInput, merged: readonly Customer[]): Promise<StageOutput> {
  const adopted = await adoptMergedJourneys(runtime.store, input.workspace, input.customer, merged, input.now);
  const outcome = await applyEventToJourneys(runtime, input.workspace, adopted.customer, input.event, input.now);
  return toStageOutput({ ...outcome, writes: [...adopted.writes, ...outcome.writes] });
}

function toStageOutput(outcome: JourneyEventOutcome): StageOutput {
  return { customer: outcome.customer, writes: outcome.writes, emitted: [], ...(outcome.changedFacts ? { changedFacts: true } : {}) };
}

/**
 * Whether applyEventToJourneys could do anything: a running instance to offer the event, a finished
 * one whose goal it may be, or a journey it may start. A finished instance of a version not compiled
 * in this process yet counts as work: applyEventToJourneys loads (and caches) it.
 */
function hasJourneyWork(runtime: JourneyRuntime, workspace: string, live: LiveJourneys, customer: Customer, event: JourneyEvent, now: number): boolean {
  const name = nameOfEvent(event);
  for (const journeyId in customer.journeys) {
    const presence = readPresence(customer, journeyId);
    if (!presence) continue;
    if (presence.status === 'active' || (peekCompiledJourney(runtime.store, workspace, journeyId, presence.version)?.goalEvents.has(name) ?? true)) return true;
  }
  return live.byEvent.has(name) && now - Date.parse(event.timestamp) <= entryEventMaxAgeMs;
}
