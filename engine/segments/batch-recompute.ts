import type { Customer, RecomputeSummary } from '../../schemas/types';
import type { RuntimeContext } from '../runtime/index';
import type { Filter } from '../store/index';
import { acquireJobLease, releaseJobLease } from './job-lease';
import { compileSegmentVersion, loadLiveSegments, type LiveSegments } from './live-segments';
import { commitMembershipUpdates } from './membership-commit';
import { clockHorizonMilliseconds, scheduleSegmentClock } from './membership-clock';
import type { MembershipCause, MembershipChange } from './membership-event';
import { planMembershipUpdate, type MembershipUpdate } from './membership-update';
import { segmentCollectionNames } from './segment-collections';
import { countSegmentMembers, recordSegmentSize } from './segment-size-history';
import { segmentDocumentId, type StoredSegment } from './stored-segment';

/** Customers read, planned and committed together. */
const recomputeChunk = 250;
/** A recompute holds its segment's lease this long (it renews it every chunk). */
const recomputeLeaseMilliseconds = 10 * 60_000;

export interface RecomputeOptions {
  /** Only these customers (by `_id`): after a job changed their traits. Default: every customer. */
  customerIds?: readonly string[];
}

/** What a recompute did; null when it did not run (unknown segment, or another process is recomputing it). */
export type RecomputeResult = RecomputeSummary & { segmentId: string };

function withScope(scope: Filter, ...parts: Filter[]): Filter {
  const all = [scope, ...parts].filter((part) => Object.keys(part).length > 0);
  return all.length === 1 ? all[0] : { $and: all };
}

function count(updates: readonly MembershipUpdate[], segmentId: string): { entered: number; exited: number } {
  let entered = 0;
  let exited = 0;
  for (const update of updates) {
    for (const change of update.changes) {
      if (change.segment.id !== segmentId) continue;
      if (change.entered) entered++;
      else exited++;
    }
  }
  return { entered, exited };
}

/**
 * Re-plans and commits the customers whose membership the filters found different, in chunks: each
 * customer is read whole (membership events carry its ids; the journeys stage needs it), re-checked
 * with the compiled predicate in planMembershipUpdate (so a customer changed since the query is
 * handled as it is now), and committed guarded by its version.
 */
async function applyToCustomers(
  runtime: RuntimeContext,
  workspace: string,
  ids: readonly string[],
  plan: (customer: Customer) => Promise<MembershipUpdate | null>,
  renew: () => Promise<void>,
): Promise<MembershipUpdate[]> {
  const customers = runtime.store.collection<Customer>(segmentCollectionNames.customers);
  const committed: MembershipUpdate[] = [];
  for (let start = 0; start < ids.length; start += recomputeChunk) {
    const chunk = ids.slice(start, start + recomputeChunk);
    const docs = await customers.find(workspace, { _id: { $in: chunk } });
    const updates: MembershipUpdate[] = [];
    for (const doc of docs) {
      const update = await plan(doc);
      if (update) updates.push(update);
    }
    committed.push(...(await commitMembershipUpdates(runtime, workspace, updates, plan)));
    await renew();
  }
  return committed;
}

/**
 * Batch recompute of one segment (a new or changed definition, changed scores, an archive): finds the
 * customers whose stored membership differs from the definition with the compiled MongoDB filter —
 * entering: match and not a member; leaving: member and no match — through the store, so MongoDB (or
 * the embedded store's indexes and compiled filters) does the matching, never a scan in Node. Then it
 * updates exactly those customers, recording Segment Entered / Exited events that the journeys stage
 * sees, moves clock due times for a time-dependent segment, marks the version computed and records a
 * size point. An archived segment's members all leave.
 *
 * Safe to run in several processes: a lease per segment, and each customer write guarded by version.
 *
 * @example await recomputeSegment(runtime, 'ws_1', 'vip') // { segmentId: 'vip', version: 2, entered: 120, exited: 4, size: 900, at: '…' }
 */
export async function recomputeSegment(runtime: RuntimeContext, workspace: string, segmentId: string, options: RecomputeOptions = {}): Promise<RecomputeResult | null> {
  const { store } = runtime;
  const segments = store.collection<StoredSegment>(segmentCollectionNames.segments);
  const stored = await segments.findOne(workspace, { _id: segmentDocumentId(workspace, segmentId) });
  if (!stored) return null;
  const job = `recompute/${segmentId}`;
  const now = runtime.clock.now();
  if (!(await acquireJobLease(store, workspace, job, now, recomputeLeaseMilliseconds))) return null;
  try {
    const renew = async (): Promise<void> => {
      await acquireJobLease(store, workspace, job, runtime.clock.now(), recomputeLeaseMilliseconds);
    };
    const scope: Filter = options.customerIds ? { _id: { $in: [...options.customerIds] } } : {};
    const live = await loadLiveSegments(runtime, workspace);
    const customers = store.collection<Customer>(segmentCollectionNames.customers);
    let committed: MembershipUpdate[];
    let clockScheduledUntil: string | undefined;
    if (stored.status === 'archived') {
      const members = await customers.find(workspace, withScope(scope, { segments: segmentId }), { projection: { _id: 1 } });
      const leave: MembershipChange[] = [{ segment: { id: segmentId, name: stored.name, version: stored.version }, entered: false }];
      const cause: MembershipCause = { kind: 'archive' };
      const plan = (customer: Customer): Promise<MembershipUpdate | null> =>
        customer.segments.includes(segmentId) ? planMembershipUpdate(runtime, workspace, customer, live, { changed: new Set() }, cause, now, leave) : Promise.resolve(null);
      committed = await applyToCustomers(runtime, workspace, members.map((member) => member._id), plan, renew);
    } else {
      if (live.byId.get(segmentId)?.version !== stored.version) return null; // superseded meanwhile: its own recompute follows
      const compiled = compileSegmentVersion(store, workspace, stored);
      const filter = compiled.toMongoFilter(now);
      const [entering, leaving] = await Promise.all([
        customers.find(workspace, withScope(scope, filter, { segments: { $ne: segmentId } }), { projection: { _id: 1 } }),
        customers.find(workspace, withScope(scope, { segments: segmentId }, { $nor: [filter] }), { projection: { _id: 1 } }),
      ]);
      const include = new Set([segmentId]);
      const plan = (customer: Customer): Promise<MembershipUpdate | null> => planMembershipUpdate(runtime, workspace, customer, live, { changed: new Set(), include }, { kind: 'recompute' }, now);
      const ids = [...entering, ...leaving].map((customer) => customer._id);
      committed = await applyToCustomers(runtime, workspace, ids, plan, renew);
      // Due times follow the definition: written once per version for the next 24 hours (the horizon job
      // extends them), and again for customers whose facts a job changed, as far as the horizon reaches.
      if (options.customerIds) {
        const until = stored.clockScheduledUntil ? Date.parse(stored.clockScheduledUntil) : now + clockHorizonMilliseconds;
        await scheduleSegmentClock(runtime, workspace, compiled, scope, new Set(ids), { from: now, to: Math.max(until, now + clockHorizonMilliseconds) });
      } else if (stored.computedVersion !== stored.version) {
        clockScheduledUntil = new Date(now + clockHorizonMilliseconds).toISOString();
        await scheduleSegmentClock(runtime, workspace, compiled, scope, new Set(ids), { from: now, to: now + clockHorizonMilliseconds });
      }
    }
    if (!options.customerIds) {
      await segments.updateOne(workspace, { _id: stored._id, version: stored.version }, { $set: { computedVersion: stored.version, ...(clockScheduledUntil ? { clockScheduledUntil } : {}) } });
    }
    const { entered, exited } = count(committed, segmentId);
    const reason = stored.status === 'archived' ? 'archive' : 'recompute';
    const size = !options.customerIds || entered + exited > 0 ? await recordSegmentSize(store, workspace, stored, reason, now) : await countSegmentMembers(store, workspace, segmentId);
    return { segmentId, version: stored.version, entered, exited, size, at: new Date(now).toISOString() };
  } finally {
    await releaseJobLease(store, workspace, job, runtime.clock.now());
  }
}

/** The live segments reading any of the facts (a fact, or a path above or below one), in dependency order. */
function segmentsReading(live: LiveSegments, facts: readonly string[] | undefined): string[] {
  if (!facts) return live.ordered.map((segment) => segment.id);
  const touches = (a: string, b: string): boolean => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
  return live.ordered.filter((segment) => segment.compiled.facts.some((read) => facts.some((fact) => touches(read, fact)))).map((segment) => segment.id);
}

/**
 * For jobs that change customers outside ingestion (traits, scores): recomputes every active segment
 * that reads one of `facts` (all segments when omitted), for the given customers (all when omitted),
 * each with recomputeSegment. Call it after the job's writes are committed.
 *
 * @example await recomputeSegmentsForCustomers(runtime, ws, { facts: ['traits.rfm', 'traits.value_tier'] })
 */
export async function recomputeSegmentsForCustomers(runtime: RuntimeContext, workspace: string, options: { customerIds?: readonly string[]; facts?: readonly string[] } = {}): Promise<RecomputeResult[]> {
  if (options.customerIds && options.customerIds.length === 0) return [];
  const live = await loadLiveSegments(runtime, workspace);
  const results: RecomputeResult[] = [];
  for (const segmentId of segmentsReading(live, options.facts)) {
    const result = await recomputeSegment(runtime, workspace, segmentId, { customerIds: options.customerIds });
    if (result) results.push(result);
  }
  return results;
}

/**
 * The recompute job: finishes every segment whose last recompute did not complete (a crash, or a
 * lease held by a process that died) — a saved version not yet applied, or an archive whose members
 * have not all left.
 */
export async function recomputeStaleSegments(runtime: RuntimeContext, workspace: string): Promise<RecomputeResult[]> {
  const stored = await runtime.store.collection<StoredSegment>(segmentCollectionNames.segments).find(workspace, {}, { projection: { id: 1, version: 1, computedVersion: 1 } });
  const results: RecomputeResult[] = [];
  for (const segment of stored.filter((candidate) => candidate.computedVersion !== candidate.version).sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const result = await recomputeSegment(runtime, workspace, segment.id);
    if (result) results.push(result);
  }
  return results;
}
