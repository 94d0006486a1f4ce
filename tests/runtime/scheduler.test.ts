import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allCollections, createRuntime, Scheduler, type Runtime, type ScheduledJob } from '../../engine/runtime';
import { EmbeddedStore } from '../../engine/store';
import { VirtualClock } from '../../engine/time';

const start = Date.parse('2024-05-01T00:00:00.000Z');
const minute = 60_000;

let runtime: Runtime;
let clock: VirtualClock;
beforeEach(async () => {
  clock = new VirtualClock(start);
  runtime = await createRuntime({ store: new EmbeddedStore(), clock, collections: allCollections });
});
afterEach(async () => {
  await runtime.close();
});

/** A job that records each run as `<workspace>@<minutes since start>`. */
function recordingJob(name: string, log: string[], options: Partial<ScheduledJob> = {}): ScheduledJob {
  return {
    name,
    intervalMilliseconds: 10 * minute,
    workspaces: async () => ['ws_a', 'ws_b'],
    run: async (_runtime, workspace, now) => {
      log.push(`${workspace}@${(now - start) / minute}`);
      return 'ok';
    },
    ...options,
  };
}

describe('Scheduler', () => {
  it('runs each job per workspace when due, then an interval later, never before', async () => {
    const log: string[] = [];
    const scheduler = new Scheduler(runtime, [recordingJob('report', log)], { owner: 'a' });
    for (const minutes of [0, 5, 9, 10, 11, 20]) {
      clock.advanceTo(start + minutes * minute);
      await scheduler.runDueJobs(clock.now());
    }
    expect(log).toEqual(['ws_a@0', 'ws_b@0', 'ws_a@10', 'ws_b@10', 'ws_a@20', 'ws_b@20']);
    const [record] = await scheduler.listJobRecords('ws_a');
    expect(record).toMatchObject({ name: 'report', nextRunAt: '2024-05-01T00:30:00.000Z', leaseOwner: null, lastStatus: 'done' });
  });

  it('runs each due job exactly once when several processes poll one store at once', async () => {
    const log: string[] = [];
    const slowJob = recordingJob('slow', log, {
      run: async (_runtime, workspace, now) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.push(`${workspace}@${(now - start) / minute}`);
      },
    });
    const schedulers = ['a', 'b', 'c', 'd'].map((owner) => new Scheduler(runtime, [slowJob], { owner }));
    for (const minutes of [0, 10, 20]) {
      clock.advanceTo(start + minutes * minute);
      const runs = (await Promise.all(schedulers.map((scheduler) => scheduler.runDueJobs(clock.now())))).flat();
      expect(runs).toHaveLength(2);
    }
    expect(log.sort()).toEqual(['ws_a@0', 'ws_a@10', 'ws_a@20', 'ws_b@0', 'ws_b@10', 'ws_b@20']);
  });

  it('refuses an on-demand run while another process holds the lease, and takes over a crashed run when it expires', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const leases: boolean[] = [];
    const job: ScheduledJob = {
      name: 'refresh',
      intervalMilliseconds: 60 * minute,
      leaseMilliseconds: 5 * minute,
      workspaces: async () => ['ws_a'],
      run: async (_runtime, _workspace, _now, context) => {
        if (context.owner === 'a') {
          await blocked;
          leases.push(await context.extendLease());
        }
        return context.owner;
      },
    };
    const a = new Scheduler(runtime, [job], { owner: 'a' });
    const b = new Scheduler(runtime, [job], { owner: 'b' });
    const running = a.runDueJobs(clock.now());
    await new Promise((resolve) => setTimeout(resolve, 10));
    const refused = await b.runJobNow('ws_a', 'refresh');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.problem.code).toBe('CONFLICT');

    // a's run hangs past its lease (a crashed process): b may take the job over.
    clock.advanceBy(5 * minute);
    const takeover = await b.runJobNow<string>('ws_a', 'refresh');
    expect(takeover.ok && takeover.value.result).toBe('b');
    release();
    await running;
    // a learns it lost the lease when it tries to extend it.
    expect(leases).toEqual([false]);
  });

  it('records a failed run and retries it an interval later', async () => {
    let attempts = 0;
    const job: ScheduledJob = {
      name: 'flaky',
      intervalMilliseconds: minute,
      workspaces: async () => ['ws_a'],
      run: async () => {
        attempts++;
        if (attempts === 1) throw new Error('the upstream was down');
        return attempts;
      },
    };
    const scheduler = new Scheduler(runtime, [job], { owner: 'a' });
    const [failed] = await scheduler.runDueJobs(clock.now());
    expect(failed).toMatchObject({ status: 'failed', error: 'the upstream was down' });
    expect((await scheduler.listJobRecords('ws_a'))[0]).toMatchObject({ lastStatus: 'failed', lastError: 'the upstream was down', leaseOwner: null });
    expect(await scheduler.runDueJobs(clock.now())).toEqual([]);
    clock.advanceBy(minute);
    const [retried] = await scheduler.runDueJobs(clock.now());
    expect(retried).toMatchObject({ status: 'done', result: 2 });
  });

  it('runs a job early on request, and reads each workspace its own interval', async () => {
    const log: string[] = [];
    const job = recordingJob('tiers', log, { intervalMilliseconds: async (_runtime, workspace) => (workspace === 'ws_a' ? 60 : 15) * minute });
    const scheduler = new Scheduler(runtime, [job], { owner: 'a' });
    await scheduler.runDueJobs(clock.now());
    clock.advanceTo(start + 15 * minute);
    await scheduler.runDueJobs(clock.now());
    clock.advanceTo(start + 16 * minute);
    await scheduler.requestRun('ws_a', 'tiers');
    await scheduler.runDueJobs(clock.now());
    expect(log).toEqual(['ws_a@0', 'ws_b@0', 'ws_b@15', 'ws_a@16']);
  });

  it('refuses a second job of the same name', () => {
    const scheduler = new Scheduler(runtime, [recordingJob('report', [])]);
    expect(() => scheduler.register(recordingJob('report', []))).toThrow(/already registered/);
    expect(scheduler.jobNames).toEqual(['report']);
  });
});
