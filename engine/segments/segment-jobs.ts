import type { RuntimeContext } from '../runtime/index';
import { recomputeStaleSegments } from './batch-recompute';
import { clockJobIntervalMilliseconds, extendSegmentClocks, reevaluateDueCustomers } from './membership-clock';
import { segmentCollectionNames } from './segment-collections';
import { recordHourlySegmentSizes } from './segment-size-history';

/** A periodic job of this area, run per workspace: `(runtime, workspace, now) => Promise`. */
export interface SegmentJob {
  name: string;
  /** How often to run it. */
  intervalMilliseconds: number;
  run(runtime: RuntimeContext, workspace: string, now: number): Promise<unknown>;
}

/**
 * The segments area's periodic jobs, for the runtime's scheduler. Each is safe to run in several
 * processes at once (leases and deterministic ids in the store).
 * - `segments-clock`: re-evaluates customers whose relative-time membership is due (every 15 s, so
 *   membership follows the clock within 60 s);
 * - `segments-clock-horizon`: writes the due times of changes coming in the next 24 hours for
 *   customers no event touched (every 6 hours);
 * - `segments-sizes`: records each segment's size once per clock hour (checks every 5 minutes);
 * - `segments-recompute`: finishes batch recomputes a crash interrupted (every minute).
 */
export const segmentJobs: readonly SegmentJob[] = [
  { name: 'segments-clock', intervalMilliseconds: clockJobIntervalMilliseconds, run: reevaluateDueCustomers },
  { name: 'segments-clock-horizon', intervalMilliseconds: 6 * 3_600_000, run: extendSegmentClocks },
  { name: 'segments-sizes', intervalMilliseconds: 5 * 60_000, run: recordHourlySegmentSizes },
  { name: 'segments-recompute', intervalMilliseconds: 60_000, run: (runtime, workspace) => recomputeStaleSegments(runtime, workspace) },
];

/** The workspaces the jobs have work in: those with segment definitions. */
export async function listSegmentWorkspaces(runtime: Pick<RuntimeContext, 'store'>): Promise<string[]> {
  return runtime.store.listWorkspaces(segmentCollectionNames.segments);
}

/** Runs every segment job once for every workspace with segments (a scheduler tick, or a test). */
export async function runSegmentJobs(runtime: RuntimeContext, now: number): Promise<void> {
  for (const workspace of await listSegmentWorkspaces(runtime)) {
    for (const job of segmentJobs) await job.run(runtime, workspace, now);
  }
}
