import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { createProblem, fail, ok, type Result } from '../errors/index';
import { DuplicateKeyError } from '../store/index';
import type { RuntimeContext } from './runtime-context';
import { scheduledJobIdOf, scheduledJobsCollection, type JobRun, type ScheduledJob, type ScheduledJobRecord } from './scheduler-job';

export interface SchedulerOptions {
  /** Lease owner id; default `<host>:<pid>:<random>`. Two schedulers must never share one. */
  owner?: string;
  /** How often `start()` looks for due jobs (default 5 s): the delay a due job can wait beyond its interval. */
  pollMilliseconds?: number;
  /** Told about every run `start()` makes (the server logs failures). */
  onJobRun?: (run: JobRun) => void;
}

const defaultLeaseMilliseconds = 5 * 60_000;

/**
 * Runs named jobs per workspace on intervals, with a lease per (workspace, job) in the store, so any
 * number of processes can run the same scheduler and each due run happens in exactly one of them:
 * claiming a run is one atomic `findOneAndUpdate` that succeeds only while the job is due and its
 * lease is free or expired. A process that dies mid-run loses its lease when it expires; the next due
 * check anywhere takes the job over.
 *
 * Time is the runtime's clock throughout (`runDueJobs(now)` lets tests drive it with a virtual
 * clock); only `start()`'s polling uses a real timer.
 *
 * @example
 * const scheduler = new Scheduler(runtime, defaultScheduledJobs());
 * scheduler.start();                       // the server: poll every 5 s
 * await scheduler.runDueJobs(clock.now()); // a test: run what is due at this virtual instant
 */
export class Scheduler {
  readonly owner: string;
  private readonly jobs = new Map<string, ScheduledJob>();
  private readonly ensured = new Set<string>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;

  constructor(
    private readonly runtime: RuntimeContext,
    jobs: readonly ScheduledJob[] = [],
    private readonly options: SchedulerOptions = {},
  ) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    for (const job of jobs) this.register(job);
  }

  /** Adds a job. Names are unique: registering one twice is a wiring bug and throws. */
  register(job: ScheduledJob): void {
    if (this.jobs.has(job.name)) throw new Error(`A scheduled job named "${job.name}" is already registered.`);
    this.jobs.set(job.name, job);
  }

  /** The registered job names. */
  get jobNames(): string[] {
    return [...this.jobs.keys()];
  }

  /**
   * Runs every job that is due at `now` for every one of its workspaces, and resolves with the runs
   * this process made (claimed elsewhere, or not due: not listed). Different jobs run concurrently;
   * one job's workspaces one after another.
   */
  async runDueJobs(now: number = this.runtime.clock.now()): Promise<JobRun[]> {
    const perJob = await Promise.all([...this.jobs.values()].map((job) => this.runDueJob(job, now)));
    return perJob.flat();
  }

  /**
   * Runs one job for one workspace now, due or not (an API's "refresh now"), under the same lease as
   * scheduled runs; its next scheduled run is then an interval away. `CONFLICT` when another run
   * holds the lease. A run that throws is recorded as failed and the error is re-thrown.
   */
  async runJobNow<R>(workspace: string, name: string, params?: unknown): Promise<Result<JobRun<R>>> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`No scheduled job named "${name}" is registered.`);
    const now = this.runtime.clock.now();
    const claimed = await this.claim(job, workspace, now, true);
    if (!claimed) {
      const record = await this.records().findOne(workspace, { _id: scheduledJobIdOf(workspace, name) });
      return fail(
        createProblem('CONFLICT', [{ message: `${name} is running right now (lease held until ${record?.leaseUntil ?? 'soon'}); try again when it has finished.` }], 'This job is already running; try again when it has finished.'),
      );
    }
    const run = (await this.execute(job, workspace, now, params)) as JobRun<R>;
    if (run.status === 'failed') throw new Error(`${name} failed for ${workspace}: ${run.error}`);
    return ok(run);
  }

  /** Makes a job due now for a workspace (the next poll anywhere runs it); a run in progress runs again after. */
  async requestRun(workspace: string, name: string): Promise<void> {
    if (!this.jobs.has(name)) throw new Error(`No scheduled job named "${name}" is registered.`);
    const nowIso = new Date(this.runtime.clock.now()).toISOString();
    await this.ensureRecord(workspace, name, nowIso);
    await this.records().updateOne(workspace, { _id: scheduledJobIdOf(workspace, name) }, { $set: { nextRunAt: nowIso } });
  }

  /** The job records of a workspace (when each is due, who holds it, how the last run went). */
  listJobRecords(workspace: string): Promise<ScheduledJobRecord[]> {
    return this.records().find(workspace, {}, { sort: { name: 1 } });
  }

  /** Polls for due jobs every `pollMilliseconds` until `stop()`; one run of each job at a time in this process. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const poll = (): void => {
      if (this.stopped) return;
      const now = this.runtime.clock.now();
      for (const job of this.jobs.values()) {
        if (this.inFlight.has(job.name)) continue;
        const running = this.runDueJob(job, now)
          .then((runs) => runs.forEach((run) => this.options.onJobRun?.(run)))
          .catch((error: unknown) => this.options.onJobRun?.({ job: job.name, workspace: '', status: 'failed', error: String(error), startedAt: new Date(now).toISOString(), finishedAt: new Date(now).toISOString() }))
          .finally(() => this.inFlight.delete(job.name));
        this.inFlight.set(job.name, running);
      }
      this.timer = setTimeout(poll, this.options.pollMilliseconds ?? 5_000);
      this.timer.unref?.();
    };
    poll();
  }

  /** Stops polling and waits for the runs in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private records() {
    return this.runtime.store.collection<ScheduledJobRecord>(scheduledJobsCollection);
  }

  private async runDueJob(job: ScheduledJob, now: number): Promise<JobRun[]> {
    const workspaces = job.workspaces ? await job.workspaces(this.runtime) : await this.runtime.store.listWorkspaces('customers');
    const runs: JobRun[] = [];
    for (const workspace of workspaces) {
      if (!(await this.claim(job, workspace, now, false))) continue;
      runs.push(await this.execute(job, workspace, now, undefined));
    }
    return runs;
  }

  /** Takes the lease of (workspace, job) if it is due (or `force`) and free; sets the next run an interval away. */
  private async claim(job: ScheduledJob, workspace: string, now: number, force: boolean): Promise<boolean> {
    const nowIso = new Date(now).toISOString();
    await this.ensureRecord(workspace, job.name, nowIso);
    const interval = typeof job.intervalMilliseconds === 'number' ? job.intervalMilliseconds : await job.intervalMilliseconds(this.runtime, workspace);
    const claimed = await this.records().findOneAndUpdate(
      workspace,
      {
        _id: scheduledJobIdOf(workspace, job.name),
        ...(force ? {} : { nextRunAt: { $lte: nowIso } }),
        $or: [{ leaseUntil: null }, { leaseUntil: { $lte: nowIso } }],
      },
      {
        $set: {
          leaseOwner: this.owner,
          leaseUntil: new Date(now + (job.leaseMilliseconds ?? defaultLeaseMilliseconds)).toISOString(),
          nextRunAt: new Date(now + interval).toISOString(),
          lastStartedAt: nowIso,
        },
      },
    );
    return claimed !== null;
  }

  private async execute(job: ScheduledJob, workspace: string, now: number, params: unknown): Promise<JobRun> {
    const startedAt = new Date(now).toISOString();
    const leaseMilliseconds = job.leaseMilliseconds ?? defaultLeaseMilliseconds;
    const id = scheduledJobIdOf(workspace, job.name);
    const context = {
      owner: this.owner,
      params,
      extendLease: async (): Promise<boolean> => {
        const until = new Date(this.runtime.clock.now() + leaseMilliseconds).toISOString();
        const result = await this.records().updateOne(workspace, { _id: id, leaseOwner: this.owner }, { $set: { leaseUntil: until } });
        return result.matched > 0;
      },
    };
    let run: JobRun;
    try {
      const result = await job.run(this.runtime, workspace, now, context);
      run = { job: job.name, workspace, status: 'done', result, startedAt, finishedAt: new Date(this.runtime.clock.now()).toISOString() };
    } catch (error) {
      run = { job: job.name, workspace, status: 'failed', error: error instanceof Error ? error.message : String(error), startedAt, finishedAt: new Date(this.runtime.clock.now()).toISOString() };
    }
    await this.records().updateOne(
      workspace,
      { _id: id, leaseOwner: this.owner },
      { $set: { leaseOwner: null, leaseUntil: null, lastFinishedAt: run.finishedAt, lastStatus: run.status, lastError: run.error ?? null } },
    );
    return run;
  }

  /** Creates the job's record (due now) unless it exists; several processes may race here harmlessly. */
  private async ensureRecord(workspace: string, name: string, nowIso: string): Promise<void> {
    const id = scheduledJobIdOf(workspace, name);
    if (this.ensured.has(id)) return;
    try {
      await this.records().updateOne(workspace, { _id: id }, { $setOnInsert: { name, nextRunAt: nowIso, leaseOwner: null, leaseUntil: null } }, { upsert: true });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
    this.ensured.add(id);
  }
}
