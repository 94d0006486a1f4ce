/**
 * engine/runtime — wires the store, the clock and the areas together: the collection specs, the
 * ingestion stages, and the scheduler.
 *
 * Scheduling a periodic job: write a `ScheduledJob` (`{ name, intervalMilliseconds, workspaces?, run }`,
 * scheduler-job.ts) and add it to `defaultScheduledJobs()` in scheduler-jobs.ts. The `Scheduler` runs it
 * per workspace with a lease per (workspace, job) in `scheduled_jobs`, so when several processes run,
 * exactly one runs each due job; `runDueJobs(now)` runs what is due at a (virtual) instant, for tests;
 * `runJobNow(workspace, name, params)` runs one on demand (API "refresh now" buttons) under the same
 * lease; `requestRun(workspace, name)` makes one due at the next poll. docs/traits.md ("Scheduler").
 */
export { allCollections } from './collections';
export { KeyedLock } from './keyed-lock';
export { createRuntime, type MessageLinkSettings, type Runtime, type RuntimeContext, type RuntimeOptions } from './runtime-context';
export { Scheduler, type SchedulerOptions } from './scheduler';
export {
  scheduledJobIdOf,
  scheduledJobsCollection,
  schedulerCollections,
  type JobRun,
  type JobRunContext,
  type ScheduledJob,
  type ScheduledJobRecord,
} from './scheduler-job';
export { defaultScheduledJobs, recomputeSegmentsAfterTraitChanges } from './scheduler-jobs';
export { defaultStages } from './stages';
