import { listSegmentWorkspaces, recomputeSegmentsForCustomers, segmentJobs } from '../segments/index';
import { createTraitJobs, type CustomersChangedHook } from '../traits/index';
import type { ScheduledJob } from './scheduler-job';

/**
 * Segment memberships follow the traits batch jobs change (RFM refresh, CLV refit, backfills, the
 * traits clock): after each committed chunk, the segments reading those facts are recomputed for
 * the customers of the chunk.
 */
export const recomputeSegmentsAfterTraitChanges: CustomersChangedHook = async (runtime, workspace, customerIds, facts) => {
  await recomputeSegmentsForCustomers(runtime, workspace, { customerIds, facts });
};

/**
 * The jobs every server (`wayfarer start`) and worker process runs through its `Scheduler`. Add an
 * area's jobs here with one line; a job is any `ScheduledJob` (engine/runtime/scheduler-job.ts).
 */
export function defaultScheduledJobs(): ScheduledJob[] {
  return [
    ...createTraitJobs({ onCustomersChanged: recomputeSegmentsAfterTraitChanges }),
    // The segments area's jobs (engine/segments/segment-jobs.ts), for the workspaces with segments.
    ...segmentJobs.map((job): ScheduledJob => ({ ...job, workspaces: listSegmentWorkspaces })),
  ];
}
