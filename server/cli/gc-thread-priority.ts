import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The nice value V8's helper threads get: the lowest priority, so they run on what requests leave. */
const HELPER_THREAD_NICE = 19;

/** Node's default `--v8-pool-size`. */
const DEFAULT_POOL_SIZE = 4;

const poolSizeFlag = /(?:^|\s)--v8-pool-size[=\s](\d+)/;

/** V8's worker pool size: `--v8-pool-size` on the command line or in NODE_OPTIONS, else Node's default. */
export function v8PoolSize(execArgv: readonly string[], nodeOptions: string | undefined): number {
  const found = poolSizeFlag.exec(execArgv.join(' ')) ?? poolSizeFlag.exec(nodeOptions ?? '');
  return found ? Number(found[1]) : DEFAULT_POOL_SIZE;
}

/**
 * Which of this process's threads (ids as Linux lists them in /proc/self/task) are V8's worker pool,
 * or none when that cannot be told. Node creates, before any code runs, the main thread (its id is the
 * process id), then its delayed-task scheduler, then the `poolSize` workers that run V8's garbage
 * collection and compilation tasks (node_platform.cc, WorkerThreadsTaskRunner); libuv's thread pool
 * and worker threads come later. Thread ids are handed out in increasing order, so sorted they follow
 * creation, unless the ids wrapped around past the kernel's maximum meanwhile: a thread with an id below
 * the process's means that, and then none is picked.
 */
export function helperThreadIds(threadIds: readonly number[], processId: number, poolSize: number): number[] {
  const sorted = [...threadIds].sort((a, b) => a - b);
  if (sorted[0] !== processId || sorted.length < 2 + poolSize) return [];
  return sorted.slice(2, 2 + poolSize);
}

/**
 * Gives V8's helper threads the lowest CPU priority (nice 19), on Linux, for the server process: a
 * request waiting for a core then takes it from a garbage collector's marking thread, not the other
 * way round. Only when cores are contended does it change anything; marking then takes longer, on what
 * requests leave. `WAYFARER_GC_THREADS_NICE=0` leaves the threads as they are. Returns the threads it
 * lowered. Call it early, before the process starts worker threads.
 *
 * Performance notes: on this project's 2-core machine, shared by the server and bench/journeys' load,
 * V8 ran its concurrent marking on its four worker threads at the main thread's priority: for the
 * 200 ms a major collection marked, the main thread had about a third of the two cores, and every
 * request waited (up to 183 ms, fdatasync completions up to 48 ms late). In six alternating pairs of
 * 30 s runs on 2026-11-23 (an instrumented copy of the bench), the events over 10 ms near a major
 * collection were 366 / 157 / 0 / 94 / 42 / 24 with the threads at nice 19, against 365 / 375 / 205 /
 * 181 / 206 / 155 without (docs/delivery.md, "Measured").
 */
export function lowerHelperThreadPriority(env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): number[] {
  if (process.platform !== 'linux' || env.WAYFARER_GC_THREADS_NICE === '0') return [];
  let threadIds: number[];
  try {
    threadIds = readdirSync('/proc/self/task').map(Number);
  } catch {
    return [];
  }
  const helpers = helperThreadIds(threadIds, process.pid, v8PoolSize(execArgv, env.NODE_OPTIONS));
  const lowered: number[] = [];
  for (const threadId of helpers) {
    try {
      setPriority(threadId, HELPER_THREAD_NICE);
      lowered.push(threadId);
    } catch {
      // A thread that has ended, or a system that forbids it: it keeps its priority.
    }
  }
  return lowered;
}
