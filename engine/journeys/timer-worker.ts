import type { Customer } from '../../schemas/types';
import type { WriteOp } from '../store/index';
import { changesCustomerFacts } from './customer-changes';
import { executeStep } from './effect-executor';
import { loadCompiledJourney } from './journey-catalog';
import { customersCollection, journeyCollectionNames } from './journey-collections';
import { instanceFromPresence, readPresence, snapshotOf } from './journey-instance';
import { reportJourneyStep } from './journey-observer';
import type { JourneyRuntime } from './journey-runtime';
import { stepJourney } from './journey-step';
import { fireScheduleTimer } from './scheduled-entry';
import type { TimerRecord } from './timer-record';
import { claimInTurns } from './workspace-turns';

export interface TimerClaimOptions {
  /** Who claims: a stable id per worker process (host:pid:random). */
  owner: string;
  /** Default: the runtime clock. */
  now?: number;
  /** Most timers to claim in one call (across workspaces, which take turns: workspace-turns.ts). Default 100. */
  limit?: number;
  /** How long a claim holds; after that another worker may take the timer. Default 60 s. */
  leaseMs?: number;
}

/** What firing one timer came to. */
export type TimerFireResult =
  | { outcome: 'fired'; timerId: string; instanceId: string | null }
  /** The timer no longer mattered (instance ended or moved on, journey gone); it was deleted. */
  | { outcome: 'stale'; timerId: string }
  /** Another worker holds the timer now (our lease ran out); nothing was written. */
  | { outcome: 'lease-lost'; timerId: string };

const maxCommitAttempts = 8;

/**
 * Claims due timers with a lease: each is taken by one atomic `findOneAndUpdate`, earliest due first
 * within a workspace, so several workers can poll one store and a timer is held by one of them at a
 * time. A crashed worker's claims simply expire. Workspaces take turns, each with a share of `limit`
 * (claimInTurns), so one tenant's backlog of timers cannot hold up another's.
 */
export async function claimDueTimers(runtime: JourneyRuntime, options: TimerClaimOptions): Promise<TimerRecord[]> {
  const now = options.now ?? runtime.clock.now();
  const nowIso = new Date(now).toISOString();
  const leaseUntil = new Date(now + (options.leaseMs ?? 60_000)).toISOString();
  const limit = options.limit ?? 100;
  const timers = runtime.store.collection<TimerRecord>(journeyCollectionNames.timers);
  return claimInTurns(runtime.store, journeyCollectionNames.timers, limit, async (workspace, most) => {
    const claimed: TimerRecord[] = [];
    while (claimed.length < most) {
      const timer = await timers.findOneAndUpdate(
        workspace,
        { dueAt: { $lte: nowIso }, $or: [{ leaseUntil: null }, { leaseUntil: { $lte: nowIso } }] },
        { $set: { leaseOwner: options.owner, leaseUntil } },
        { sort: { dueAt: 1 } },
      );
      if (!timer) break;
      claimed.push(timer);
    }
    return claimed;
  });
}

/** The op that deletes a claimed timer only while we still hold it: a lost lease rejects the whole commit. */
function deleteClaimed(timer: TimerRecord, owner: string): WriteOp {
  return { collection: journeyCollectionNames.timers, op: 'delete', filter: { _id: timer._id, leaseOwner: owner }, mustMatch: true };
}

async function deleteStale(runtime: JourneyRuntime, timer: TimerRecord, owner: string): Promise<TimerFireResult> {
  const result = await runtime.store.commit(timer.workspace, [deleteClaimed(timer, owner)]);
  return result.ok ? { outcome: 'stale', timerId: timer._id } : { outcome: 'lease-lost', timerId: timer._id };
}

/**
 * Fires one claimed timer: loads the customer (whose presence holds the instance), steps the journey, and commits the new
 * snapshot, new timers, outbox records and the customer (version-checked) while deleting the fired
 * timer under our lease — all in one commit. A conflict on the customer or instance re-reads and
 * retries; a lost lease gives up, since the timer now belongs to someone else.
 */
export async function fireTimer(runtime: JourneyRuntime, timer: TimerRecord, options: { owner: string; now?: number }): Promise<TimerFireResult> {
  if (timer.event.type === 'schedule') return fireScheduleTimer(runtime, timer, options);
  const { workspace } = timer;
  const { journeyId, state, visit } = timer.event;
  const customers = runtime.store.collection<Customer>(customersCollection);
  let customerId = timer.customerId;
  for (let attempt = 0; attempt < maxCommitAttempts; attempt++) {
    const now = options.now ?? runtime.clock.now();
    const customer = customerId ? await customers.findOne(workspace, { _id: customerId }) : null;
    if (!customer && customerId) {
      // An identity merge may have moved the instance, and this timer, to another customer since the claim.
      const current = await runtime.store.collection<TimerRecord>(journeyCollectionNames.timers).findOne(workspace, { _id: timer._id });
      if (current && current.customerId !== customerId) {
        customerId = current.customerId;
        continue;
      }
    }
    const presence = customer ? readPresence(customer, journeyId) : undefined;
    if (!customer || !presence || presence.instanceId !== timer.instanceId || presence.status !== 'active') return deleteStale(runtime, timer, options.owner);
    const compiled = await loadCompiledJourney(runtime, workspace, journeyId, presence.version);
    if (!compiled) return deleteStale(runtime, timer, options.owner);
    const instance = instanceFromPresence(presence, { workspace, journeyId, customerId: customer._id });
    const step = stepJourney(compiled, snapshotOf(instance), { type: 'timer', state, visit }, { customer, now, instanceId: instance._id });
    if (!step.handled) return deleteStale(runtime, timer, options.owner);
    const executed = executeStep({ workspace, compiled, previous: instance, instanceId: instance._id, step, now, links: runtime.links });
    const nowIso = new Date(now).toISOString();
    const nextCustomer: Customer = { ...executed.customer, version: customer.version + 1, updatedAt: nowIso };
    // The fired timer's own cancel (leaving the delay) would delete it a second time: drop it.
    const writes = executed.writes.filter((op) => !(op.op === 'delete' && op.collection === journeyCollectionNames.timers && op.filter._id === timer._id));
    const result = await runtime.store.commit(workspace, [
      deleteClaimed(timer, options.owner),
      ...writes,
      { collection: customersCollection, op: 'replace', filter: { _id: customer._id, version: customer.version }, doc: nextCustomer, mustMatch: true },
    ]);
    if (result.ok) {
      reportJourneyStep(runtime.store, { workspace, journeyId, version: instance.version, instanceId: instance._id, customerId: customer._id, at: now, effects: step.effects, messages: executed.messages });
      if (runtime.afterCustomersChanged && changesCustomerFacts(step.effects)) {
        await runtime.afterCustomersChanged(workspace, [customer._id]);
      }
      return { outcome: 'fired', timerId: timer._id, instanceId: instance._id };
    }
    if (result.conflict.opIndex === 0) return { outcome: 'lease-lost', timerId: timer._id };
  }
  throw new Error(`Timer ${timer._id} kept conflicting ${maxCommitAttempts} times; the customer is being written continuously.`);
}

/**
 * Claims and fires due timers until none is due (or `limit` were fired): the loop a timer worker runs
 * on an interval. Several workers may run it against one store at once.
 */
export async function fireDueTimers(runtime: JourneyRuntime, options: TimerClaimOptions): Promise<TimerFireResult[]> {
  const results: TimerFireResult[] = [];
  const limit = options.limit ?? 100;
  while (results.length < limit) {
    const claimed = await claimDueTimers(runtime, { ...options, limit: Math.min(limit - results.length, 50) });
    if (claimed.length === 0) break;
    for (const timer of claimed) results.push(await fireTimer(runtime, timer, { owner: options.owner, now: options.now }));
  }
  return results;
}
