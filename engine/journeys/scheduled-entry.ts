import type { Customer, EntryState, Journey, ScheduleEntryTrigger } from '../../schemas/types';
import type { WriteOp } from '../store/index';
import { isEqual } from 'mingo/util';
import { loadCompiledJourney, loadLiveJourneys } from './journey-catalog';
import { customersCollection, journeyCollectionNames } from './journey-collections';
import { startJourneyInstance } from './journey-entry';
import type { CompiledJourney } from './journey-machine';
import type { JourneyRuntime } from './journey-runtime';
import { nextScheduledRun } from './entry-schedule';
import { scheduleTimerId, type TimerRecord } from './timer-record';
import { defaultTimeZone, isValidTimeZone } from './time-zone';
import type { TimerFireResult } from './timer-worker';

/** Customers are entered in pages of this size; the lease is renewed after each page. */
const schedulePageSize = 200;
const scheduleLeaseMs = 120_000;
const maxCommitAttempts = 8;

function scheduleZone(trigger: ScheduleEntryTrigger, document: Journey): string {
  if (isValidTimeZone(trigger.timezone)) return trigger.timezone;
  if (isValidTimeZone(document.settings.timezone)) return document.settings.timezone;
  return defaultTimeZone;
}

function scheduledEntries(document: Journey): Array<{ entry: EntryState; trigger: ScheduleEntryTrigger }> {
  return document.states.flatMap((state) =>
    state.kind === 'entry' && state.params.trigger.type === 'schedule' ? [{ entry: state, trigger: state.params.trigger }] : [],
  );
}

/**
 * The timer writes that make a journey's scheduled entries match `document` (the version going live,
 * or null when the journey stops): the old schedule timers go, one timer per scheduled entry state
 * comes, due at its first run. An interval without an `anchor` runs first at publish time. A new version
 * whose scheduled entry keeps its trigger keeps the schedule as it runs (runningSchedule).
 */
export async function scheduleWrites(runtime: JourneyRuntime, workspace: string, journeyId: string, document: Journey | null, now: number): Promise<WriteOp[]> {
  const existing = await runtime.store.collection<TimerRecord>(journeyCollectionNames.timers).find(workspace, { 'event.type': 'schedule', 'event.journeyId': journeyId });
  const writes: WriteOp[] = existing.map((timer) => ({ collection: journeyCollectionNames.timers, op: 'delete', filter: { _id: timer._id } }));
  for (const { entry, trigger } of document ? scheduledEntries(document) : []) {
    const _id = scheduleTimerId(workspace, journeyId, entry.id);
    const running = await runningSchedule(runtime, workspace, existing.find((timer) => timer._id === _id), entry.id, trigger);
    const dueAt = running ? Date.parse(running.dueAt) : nextScheduledRun(trigger, now - 1, scheduleZone(trigger, document!), now);
    if (dueAt === null) continue;
    const anchor = running?.event.type === 'schedule' ? running.event.anchor : trigger.every !== undefined ? (trigger.anchor ?? new Date(now).toISOString()) : undefined;
    const timer: TimerRecord = {
      _id,
      workspace,
      instanceId: null,
      customerId: null,
      dueAt: new Date(dueAt).toISOString(),
      event: { type: 'schedule', journeyId, version: document!.version, state: entry.id, ...(anchor !== undefined ? { anchor } : {}) },
      leaseOwner: null,
      leaseUntil: null,
    };
    writes.push({ collection: journeyCollectionNames.timers, op: 'insert', doc: timer });
  }
  return writes;
}

/**
 * The schedule timer of the version going out, when the entry state keeps exactly its trigger: the
 * schedule carries on (its next run and anchor) under the new version. Without this, a typo fix to a
 * daily journey with no anchor ran it again at once, and every day at the time of the fix from then on.
 */
async function runningSchedule(runtime: JourneyRuntime, workspace: string, timer: TimerRecord | undefined, state: string, trigger: ScheduleEntryTrigger): Promise<TimerRecord | null> {
  if (!timer || timer.event.type !== 'schedule') return null;
  const previous = (await loadCompiledJourney(runtime, workspace, timer.event.journeyId, timer.event.version))?.graph.states.get(state);
  const same = previous?.kind === 'entry' && previous.params.trigger.type === 'schedule' && isEqual(previous.params.trigger, trigger);
  return same ? timer : null;
}

/** Enters one customer for a scheduled run, retrying on a conflicting customer write. */
async function enterForRun(runtime: JourneyRuntime, workspace: string, customerId: string, segmentId: string, run: string, now: number, route: CompiledJourney, entry: EntryState): Promise<void> {
  const customers = runtime.store.collection<Customer>(customersCollection);
  for (let attempt = 0; attempt < maxCommitAttempts; attempt++) {
    const customer = await customers.findOne(workspace, { _id: customerId });
    if (!customer || !customer.segments.includes(segmentId)) return;
    // Already entered by this run (a worker crashed mid-run and the run is being repeated).
    if (customer.journeys[route.document.id]?.scheduledAt === run) return;
    const outcome = await startJourneyInstance(runtime, { workspace, compiled: route, entry, customer, now, scheduledAt: run });
    if (!outcome.entered) return;
    const nowIso = new Date(now).toISOString();
    const nextCustomer: Customer = { ...outcome.customer, version: customer.version + 1, updatedAt: nowIso };
    const result = await runtime.store.commit(workspace, [
      ...outcome.writes,
      { collection: customersCollection, op: 'replace', filter: { _id: customer._id, version: customer.version }, doc: nextCustomer, mustMatch: true },
    ]);
    if (!result.ok) continue;
    if (outcome.changedFacts) await runtime.afterCustomersChanged?.(workspace, [customer._id]);
    return;
  }
  throw new Error(`Customer ${customerId} kept conflicting while entering a scheduled journey run.`);
}

/**
 * Fires a scheduled entry: every customer in the segment enters (policy permitting), a page at a time
 * with the lease renewed in between, then the timer moves to the next run. Each customer's presence
 * remembers the run, so a run repeated after a crash enters nobody twice.
 */
export async function fireScheduleTimer(runtime: JourneyRuntime, timer: TimerRecord, options: { owner: string; now?: number }): Promise<TimerFireResult> {
  if (timer.event.type !== 'schedule') throw new Error(`Timer ${timer._id} is not a schedule timer.`);
  const { workspace } = timer;
  const timers = runtime.store.collection<TimerRecord>(journeyCollectionNames.timers);
  const { journeyId, version, state } = timer.event;
  const compiled = (await loadLiveJourneys(runtime, workspace)).byJourney.get(journeyId);
  const entry = compiled?.graph.states.get(state);
  if (!compiled || compiled.document.version !== version || entry?.kind !== 'entry' || entry.params.trigger.type !== 'schedule') {
    const deleted = await runtime.store.commit(workspace, [{ collection: journeyCollectionNames.timers, op: 'delete', filter: { _id: timer._id, leaseOwner: options.owner }, mustMatch: true }]);
    return deleted.ok ? { outcome: 'stale', timerId: timer._id } : { outcome: 'lease-lost', timerId: timer._id };
  }
  const trigger = entry.params.trigger;
  const run = timer.dueAt;
  let after = '';
  for (;;) {
    const now = options.now ?? runtime.clock.now();
    const page = await runtime.store
      .collection<Customer>(customersCollection)
      .find(workspace, { segments: trigger.segmentId, _id: { $gt: after } }, { sort: { _id: 1 }, limit: schedulePageSize, projection: { _id: 1 } });
    for (const { _id } of page) await enterForRun(runtime, workspace, _id, trigger.segmentId, run, now, compiled, entry);
    if (page.length < schedulePageSize) break;
    after = page[page.length - 1]._id;
    const renewed = await timers.findOneAndUpdate(workspace, { _id: timer._id, leaseOwner: options.owner }, { $set: { leaseUntil: new Date(now + scheduleLeaseMs).toISOString() } });
    if (!renewed) return { outcome: 'lease-lost', timerId: timer._id };
  }
  // Counted from the anchor the version went live with, not from this run: months would drift to the
  // shortest day they met (31 Jan → 29 Feb → 29 Mar). Timers written before anchors were kept count from the run.
  const anchor = timer.event.anchor ?? run;
  const next = nextScheduledRun(trigger, Date.parse(run), scheduleZone(trigger, compiled.document), Date.parse(anchor));
  const op: WriteOp =
    next === null
      ? { collection: journeyCollectionNames.timers, op: 'delete', filter: { _id: timer._id, leaseOwner: options.owner }, mustMatch: true }
      : {
          collection: journeyCollectionNames.timers,
          op: 'update',
          filter: { _id: timer._id, leaseOwner: options.owner },
          update: { $set: { dueAt: new Date(next).toISOString(), leaseOwner: null, leaseUntil: null } },
          mustMatch: true,
        };
  const result = await runtime.store.commit(workspace, [op]);
  return result.ok ? { outcome: 'fired', timerId: timer._id, instanceId: null } : { outcome: 'lease-lost', timerId: timer._id };
}
