import type { Customer } from '../../schemas/types';
import { findOperator, isFactReference, listFactConditions, type CustomerCompiledCondition } from '../rules/index';
import type { RuntimeContext } from '../runtime/index';
import type { Filter, WriteOp } from '../store/index';
import { createFactProjection } from './fact-projection';
import { acquireJobLease, releaseJobLease } from './job-lease';
import { loadLiveSegments } from './live-segments';
import { commitMembershipUpdates } from './membership-commit';
import { readDueTime } from './membership-due';
import { planMembershipUpdate, type MembershipUpdate } from './membership-update';
import { dueField, segmentCollectionNames } from './segment-collections';
import { segmentDocumentId, type StoredSegment } from './stored-segment';

/** How often the clock job should run; with it, membership follows the clock within `clockBoundMilliseconds`. */
export const clockJobIntervalMilliseconds = 15_000;
/**
 * The documented bound: a relative-time membership changes at most this long after the instant it
 * should (one job interval plus the time a run may take before it reaches the customer).
 */
export const clockBoundMilliseconds = 60_000;
/** Customers re-evaluated per query and per commit. */
const clockChunk = 200;
/** Most customers one run re-evaluates; the rest wait for the next run (it starts with the most overdue). */
const clockRunLimit = 20_000;
const clockLeaseMilliseconds = 60_000;

export interface ClockRunResult {
  /** False when another process held the lease. */
  ran: boolean;
  reevaluated: number;
  entered: number;
  exited: number;
}

function tally(updates: readonly MembershipUpdate[], into: ClockRunResult): void {
  for (const update of updates) {
    for (const change of update.changes) {
      if (change.entered) into.entered++;
      else into.exited++;
    }
  }
}

/**
 * The clock job: re-evaluates every customer whose due time has come (earliest first) against the
 * time-dependent segments — recording Segment Entered / Exited events and running the later stages,
 * as ingestion would — and stores each one's next due time. A lease in the store keeps two processes
 * from doing the same work; each customer write is still guarded by its version.
 */
export async function reevaluateDueCustomers(runtime: RuntimeContext, workspace: string, now: number): Promise<ClockRunResult> {
  const result: ClockRunResult = { ran: false, reevaluated: 0, entered: 0, exited: 0 };
  if (!(await acquireJobLease(runtime.store, workspace, 'clock', now, clockLeaseMilliseconds))) return result;
  result.ran = true;
  try {
    const live = await loadLiveSegments(runtime, workspace);
    const include = new Set(live.timeDependent.map((segment) => segment.id));
    const customers = runtime.store.collection<Customer>(segmentCollectionNames.customers);
    const nowIso = new Date(now).toISOString();
    const seen = new Set<string>();
    // Customers seen this run that are still due (their commits kept conflicting): skipped, not re-read forever.
    let stuck = 0;
    const plan = (customer: Customer): Promise<MembershipUpdate | null> => planMembershipUpdate(runtime, workspace, customer, live, { changed: new Set(), include }, { kind: 'clock' }, now);
    while (seen.size < clockRunLimit) {
      const due = await customers.find(workspace, { [dueField]: { $lte: nowIso } }, { sort: { [dueField]: 1 }, limit: clockChunk + stuck });
      const fresh = due.filter((customer) => !seen.has(customer._id));
      if (fresh.length === 0) break;
      const updates: MembershipUpdate[] = [];
      for (const customer of fresh) {
        seen.add(customer._id);
        const update = await plan(customer);
        if (update) updates.push(update);
      }
      const committed = await commitMembershipUpdates(runtime, workspace, updates, plan);
      tally(committed, result);
      stuck += updates.length - committed.length;
      result.reevaluated += fresh.length;
    }
  } finally {
    await releaseJobLease(runtime.store, workspace, 'clock', runtime.clock.now());
  }
  return result;
}

/** A relative-time test of a condition: the fact it reads (with any member path) and its day count. */
export interface TimeLeaf {
  fact: string;
  operator: string;
  days: number;
}

/** The relative-time tests of a condition (the ones nextChangeAt watches). */
export function listTimeLeaves(compiled: CustomerCompiledCondition): TimeLeaf[] {
  const leaves: TimeLeaf[] = [];
  for (const leaf of listFactConditions(compiled.condition)) {
    if (isFactReference(leaf.value) || !findOperator(leaf.operator)?.dependsOnTime) continue;
    leaves.push({ fact: leaf.path ? `${leaf.fact}.${leaf.path.slice(2)}` : leaf.fact, operator: leaf.operator, days: Number(leaf.value) });
  }
  return leaves;
}

/** The facts of a condition's relative-time tests, sorted. */
export function listTimeFacts(compiled: CustomerCompiledCondition): string[] {
  return [...new Set(listTimeLeaves(compiled).map((leaf) => leaf.fact))].sort();
}

const dayMilliseconds = 86_400_000;
const firstInstant = Date.parse('0000-01-01T00:00:00.000Z');
const lastInstant = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * How far ahead due times are written for customers no event has touched: a batch recompute writes
 * the due times of changes within this horizon, and the horizon job (every 6 hours) extends it. So a
 * saved segment costs writes for the customers whose membership changes soon, not for everyone who
 * could change some day. Changes inside the horizon are due to the millisecond.
 */
export const clockHorizonMilliseconds = 24 * 3_600_000;

/** A window of time, in milliseconds since the epoch. */
export interface ClockWindow {
  from: number;
  to: number;
}

function isoAt(time: number): string {
  return new Date(Math.min(Math.max(time, firstInstant), lastInstant)).toISOString();
}

/**
 * The customers for whom a relative-time test may change inside the window: "within / not within the
 * last N days" changes N days after the date (leaving, or becoming true), and "within" also when a
 * future date arrives; a day of slack keeps calendar dates and rounding inside. Anniversaries: every
 * customer with the date. nextChangeAt decides exactly.
 */
function changeableFilter(leaf: TimeLeaf, window: ClockWindow): Filter {
  if (leaf.operator === 'anniversaryWithinDays' || !Number.isFinite(leaf.days)) return { [leaf.fact]: { $exists: true } };
  const span = leaf.days * dayMilliseconds;
  const range = (from: number, to: number): Filter => ({ [leaf.fact]: { $gte: isoAt(from - dayMilliseconds).slice(0, 10), $lte: isoAt(to + dayMilliseconds) } });
  const afterSpan = range(window.from - span, window.to - span);
  return leaf.operator === 'withinLastDays' ? { $or: [afterSpan, range(window.from, window.to)] } : afterSpan;
}

/**
 * Writes the due time of every customer whose membership of a time-dependent segment changes inside
 * the window (and earlier than their current due time): `$min`, so a concurrent writer's due time is
 * never lost, and the version is bumped so a concurrent ingestion re-reads. Reads only the
 * relative-time facts, of only the customers whose dates put a change in the window. A change that
 * fell before now (a window catching up after downtime) is due at once. `skip` holds customers the
 * caller has just re-planned.
 */
export async function scheduleSegmentClock(runtime: RuntimeContext, workspace: string, compiled: CustomerCompiledCondition, scope: Filter, skip: ReadonlySet<string>, window: ClockWindow): Promise<number> {
  if (!compiled.dependsOnTime || window.to < window.from) return 0;
  const leaves = listTimeLeaves(compiled);
  if (leaves.length === 0) return 0;
  const filter: Filter = { $and: [scope, { $or: leaves.map((leaf) => changeableFilter(leaf, window)) }] };
  const projection = createFactProjection(listTimeFacts(compiled), ['version', dueField]);
  const customers = runtime.store.collection<Customer>(segmentCollectionNames.customers);
  let writes: WriteOp[] = [];
  let moved = 0;
  const flush = async (): Promise<void> => {
    if (writes.length > 0) await runtime.store.commit(workspace, writes);
    writes = [];
  };
  for await (const customer of customers.iterate(workspace, filter, { projection })) {
    if (skip.has(customer._id)) continue;
    const next = compiled.nextChangeAt(customer, window.from);
    if (next === null || next > window.to) continue;
    const at = isoAt(next);
    const due = readDueTime(customer);
    if (due !== null && due <= at) continue;
    writes.push({ collection: segmentCollectionNames.customers, op: 'update', filter: { _id: customer._id }, update: { $min: { [dueField]: at }, $inc: { version: 1 } } });
    moved++;
    if (writes.length >= 500) await flush();
  }
  await flush();
  return moved;
}

/**
 * The horizon job: for every active time-dependent segment whose recompute is done, writes the due
 * times of the changes coming in the next 24 hours (from where the last run stopped, so downtime is
 * caught up), and records how far it got.
 */
export async function extendSegmentClocks(runtime: RuntimeContext, workspace: string, now: number): Promise<number> {
  const segments = runtime.store.collection<StoredSegment>(segmentCollectionNames.segments);
  const live = await loadLiveSegments(runtime, workspace);
  let moved = 0;
  for (const segment of live.timeDependent) {
    const stored = await segments.findOne(workspace, { _id: segmentDocumentId(workspace, segment.id) });
    if (!stored || stored.version !== segment.version || stored.computedVersion !== stored.version) continue;
    const from = stored.clockScheduledUntil ? Date.parse(stored.clockScheduledUntil) : now;
    const to = now + clockHorizonMilliseconds;
    if (to - from < clockHorizonMilliseconds / 2) continue;
    moved += await scheduleSegmentClock(runtime, workspace, segment.compiled, {}, new Set(), { from, to });
    await segments.updateOne(workspace, { _id: stored._id, version: stored.version }, { $set: { clockScheduledUntil: isoAt(to) } });
  }
  return moved;
}
