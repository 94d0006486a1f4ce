import { rememberForRequest, type IngestionStage, type StageInput, type StageOutput } from '../ingest/index';
import { isVouchedFor, withEvaluationMark } from './evaluation-mark';
import { loadLiveSegments, type LiveSegments } from './live-segments';
import { readDueTime } from './membership-due';
import { evaluateMemberships, listChangedWatchKeys } from './membership-evaluation';
import { createMembershipEvent } from './membership-event';

/** The name the stage is registered under; later stages are the ones after it in the runtime's list. */
export const segmentsStageName = 'segments';

/**
 * The segments stage of the ingestion pipeline (after profile, before journeys). For each event it
 * evaluates the segments whose facts the event changed (and those reading a segment whose membership
 * just changed), updates `segments` / `segmentsEnteredAt` and the clock due time on the customer
 * draft — committed with the event, before the request is acknowledged — and emits one
 * `Segment Entered` / `Segment Exited` event per change, which the journeys stage then sees in the
 * same run. Segments are loaded through a cache revalidated against the store once per request.
 */
const liveSegmentsKey = Symbol('live segments');

export const segmentsStage: IngestionStage = {
  name: segmentsStageName,
  apply(input: StageInput, runtime): StageOutput | Promise<StageOutput> {
    // Synchronous once the request's live segments are loaded: evaluation itself never waits.
    const live = rememberForRequest(input.cache, liveSegmentsKey, () => loadLiveSegments(runtime, input.workspace));
    return live instanceof Promise ? live.then((loaded) => evaluateSegmentsStage(input, loaded)) : evaluateSegmentsStage(input, live);
  },
};

function evaluateSegmentsStage(input: StageInput, live: LiveSegments): StageOutput {
  const { workspace, customer, before, event, now } = input;
  if (live.ordered.length === 0 && customer.segments.length === 0 && readDueTime(customer) === null) {
    return { customer, writes: [], emitted: [] };
  }
  const nowIso = new Date(now).toISOString();
  const changed = before && isVouchedFor(before, nowIso) ? listChangedWatchKeys(before, customer) : 'all';
  const evaluation = evaluateMemberships(live, customer, { changed }, now);
  const emitted = evaluation.changes.map((change) => createMembershipEvent(workspace, evaluation.customer, change, { kind: 'event', messageId: event.messageId }, nowIso));
  return { customer: withEvaluationMark(evaluation.customer, before, nowIso), writes: [], emitted };
}
