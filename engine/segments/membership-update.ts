import type { Customer, StoredEvent } from '../../schemas/types';
import { eventIdOf, type IngestionStage } from '../ingest/index';
import type { RuntimeContext } from '../runtime/index';
import { withFields, type WriteOp } from '../store/index';
import { isVouchedFor, withWrittenMark } from './evaluation-mark';
import type { LiveSegments } from './live-segments';
import { readDueTime } from './membership-due';
import { evaluateMemberships, type EvaluationScope } from './membership-evaluation';
import { applyMembershipChanges, createMembershipEvent, type MembershipCause, type MembershipChange } from './membership-event';
import { segmentCollectionNames } from './segment-collections';
import { segmentsStageName } from './segments-stage';

/** The writes that apply one customer's re-evaluation outside ingestion, for one atomic commit. */
export interface MembershipUpdate {
  customerId: string;
  changes: MembershipChange[];
  writes: WriteOp[];
}

/**
 * The stages that see membership events: those after the segments stage in the runtime's list (after
 * profile when the runtime runs without a segments stage), exactly as in ingestion.
 */
function firstStageAfterSegments(stages: readonly IngestionStage[]): number {
  const own = stages.findIndex((stage) => stage.name === segmentsStageName);
  return own >= 0 ? own + 1 : stages.findIndex((stage) => stage.name === 'profile') + 1;
}

/** Runs an event through the stages from `first` on, then whatever they emit through the stages after the emitter. */
async function runLaterStages(
  runtime: RuntimeContext,
  workspace: string,
  customer: Customer,
  event: StoredEvent,
  first: number,
  now: number,
  writes: WriteOp[],
  events: StoredEvent[],
): Promise<Customer> {
  let draft = customer;
  const followUps: Array<{ event: StoredEvent; first: number }> = [];
  for (let i = first; i < runtime.stages.length; i++) {
    const result = runtime.stages[i].apply({ workspace, customer: draft, before: draft, event, now }, runtime);
    const output = result instanceof Promise ? await result : result;
    draft = output.customer;
    writes.push(...output.writes);
    for (const child of output.emitted) {
      const stamped: StoredEvent = withFields(child, { _id: eventIdOf(workspace, child.messageId), workspace, customerId: customer._id });
      events.push(stamped);
      followUps.push({ event: stamped, first: i + 1 });
    }
  }
  for (const followUp of followUps) draft = await runLaterStages(runtime, workspace, draft, followUp.event, followUp.first, now, writes, events);
  return draft;
}

/**
 * Re-evaluates one stored customer outside ingestion (the clock, a batch recompute, an archive) and
 * plans the commit: the customer (guarded by the `version` read), one membership event per change,
 * and what the later stages (journeys) do with those events. When the customer was changed by
 * someone who did not run the segments stage since it last did, every segment is evaluated instead
 * of `scope`. `forced` changes are applied first, whatever the conditions say (an archived segment's
 * members leave it). Null when nothing needs writing.
 */
export async function planMembershipUpdate(
  runtime: RuntimeContext,
  workspace: string,
  stored: Customer,
  live: LiveSegments,
  scope: EvaluationScope,
  cause: MembershipCause,
  now: number,
  forced: readonly MembershipChange[] = [],
): Promise<MembershipUpdate | null> {
  const nowIso = new Date(now).toISOString();
  const vouched = isVouchedFor(stored, null);
  const evaluation = evaluateMemberships(live, applyMembershipChanges(stored, forced, nowIso), vouched ? scope : { changed: 'all' }, now);
  const changes = [...forced, ...evaluation.changes];
  let customer = evaluation.customer;
  if (changes.length === 0 && vouched && readDueTime(customer) === readDueTime(stored)) return null;

  const writes: WriteOp[] = [];
  const events: StoredEvent[] = [];
  const first = firstStageAfterSegments(runtime.stages);
  for (const change of changes) {
    const event = createMembershipEvent(workspace, stored, change, cause, nowIso);
    events.push(event);
    customer = await runLaterStages(runtime, workspace, customer, event, first, now, writes, events);
  }
  const version = stored.version + 1;
  const doc: Customer = withWrittenMark({ ...customer, version, updatedAt: changes.length > 0 ? nowIso : stored.updatedAt }, version, nowIso);
  return {
    customerId: stored._id,
    changes,
    writes: [
      { collection: segmentCollectionNames.customers, op: 'replace', filter: { _id: stored._id, version: stored.version }, doc, mustMatch: true },
      ...events.map((event): WriteOp => ({ collection: 'events', op: 'insert', doc: event })),
      ...writes,
    ],
  };
}
