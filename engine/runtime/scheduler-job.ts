import type { CollectionSpec } from '../store/index';
import type { RuntimeContext } from './runtime-context';

/**
 * A named periodic job, run per workspace by the scheduler (scheduler.ts). Any area can define one;
 * `engine/runtime/scheduler-jobs.ts` lists the jobs a server or worker process runs.
 *
 * The shape matches the segments area's `SegmentJob` (name, intervalMilliseconds, run(runtime,
 * workspace, now)), so those register as they are, with `workspaces` added.
 *
 * @example
 * const hourlyReport: ScheduledJob = {
 *   name: 'reports.hourly',
 *   intervalMilliseconds: 3_600_000,
 *   workspaces: (runtime) => runtime.store.listWorkspaces('reports'),
 *   run: async (runtime, workspace, now, context) => writeReport(runtime, workspace, now),
 * };
 */
export interface ScheduledJob<R = unknown> {
  /** Unique among a scheduler's jobs; `area.verb` by convention (`traits.refresh`). */
  name: string;
  /** Time between the starts of two runs for one workspace; a function may read the workspace's settings. */
  intervalMilliseconds: number | ((runtime: RuntimeContext, workspace: string) => number | Promise<number>);
  /** The workspaces to run for. Default: every workspace with customers. */
  workspaces?: (runtime: RuntimeContext) => Promise<string[]>;
  /** How long a run holds its lease without `extendLease` (default 5 minutes). A crashed run is taken over after it. */
  leaseMilliseconds?: number;
  /** Does the work. `now` comes from the runtime's clock (or `runDueJobs(now)`). Throwing records a failed run. */
  run(runtime: RuntimeContext, workspace: string, now: number, context: JobRunContext): Promise<R>;
}

export interface JobRunContext {
  /** Who holds the lease: this scheduler's owner id. */
  owner: string;
  /** Parameters of an on-demand run (`runJobNow`); undefined for a scheduled one. */
  params?: unknown;
  /**
   * Extends the lease by `leaseMilliseconds` from the clock's now. Long jobs call it between chunks;
   * false means another process took the job over (this run's lease expired): stop then.
   */
  extendLease(): Promise<boolean>;
}

/** One run's outcome, as `runDueJobs` and `runJobNow` report it. */
export interface JobRun<R = unknown> {
  job: string;
  workspace: string;
  status: 'done' | 'failed';
  result?: R;
  /** The error's message when the run threw. */
  error?: string;
  startedAt: string;
  finishedAt: string;
}

/**
 * `scheduled_jobs`: one document per (workspace, job): when it is next due, who holds its lease, and
 * how the last run went. `_id` = `<workspace>/<job>`.
 */
export interface ScheduledJobRecord {
  _id: string;
  workspace: string;
  name: string;
  nextRunAt: string;
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastStartedAt?: string;
  lastFinishedAt?: string;
  lastStatus?: 'done' | 'failed';
  lastError?: string | null;
}

export const scheduledJobsCollection = 'scheduled_jobs';

export const schedulerCollections: CollectionSpec[] = [{ name: scheduledJobsCollection, indexes: [] }];

export function scheduledJobIdOf(workspace: string, name: string): string {
  return `${workspace}/${name}`;
}
