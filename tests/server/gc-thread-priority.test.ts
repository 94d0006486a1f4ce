import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { helperThreadIds, v8PoolSize } from '../../server/cli/gc-thread-priority';

const gcThreadPriority = fileURLToPath(new URL('../../server/cli/gc-thread-priority.ts', import.meta.url));

/**
 * A process that lowers its helper threads' priority, then makes V8 collect garbage for a while (old
 * objects replaced over and over: scavenges and major collections, whose marking and scavenging run
 * on V8's worker threads), and prints each thread's nice value and CPU ticks spent meanwhile.
 */
const collector = `
import { readdirSync, readFileSync } from 'node:fs';
const { lowerHelperThreadPriority } = await import(${JSON.stringify(gcThreadPriority)});
const stat = (thread) => readFileSync('/proc/self/task/' + thread + '/stat', 'utf8').split(') ')[1].split(' ');
const ticks = () => Object.fromEntries(readdirSync('/proc/self/task').map((thread) => [thread, Number(stat(thread)[11]) + Number(stat(thread)[12])]));
const lowered = lowerHelperThreadPriority();
const before = ticks();
const held = new Array(300_000);
for (let i = 0; i < 300_000 * 30; i++) held[i % held.length] = { i, name: 'customer ' + i, tags: [i, i + 1] };
const after = ticks();
const threads = Object.keys(after).map((thread) => ({ thread: Number(thread), nice: Number(stat(thread)[16]), ticks: after[thread] - (before[thread] ?? 0) }));
console.log(JSON.stringify({ pid: process.pid, lowered, threads }));
`;

describe('V8 helper threads at the lowest priority', () => {
  it('reads the worker pool size from the command line or NODE_OPTIONS', () => {
    expect(v8PoolSize([], undefined)).toBe(4);
    expect(v8PoolSize(['--v8-pool-size=2'], undefined)).toBe(2);
    expect(v8PoolSize([], '--max-old-space-size=900 --v8-pool-size 1')).toBe(1);
  });

  it('picks the pool as the threads after the main thread and the delayed-task scheduler, and none when ids wrapped', () => {
    expect(helperThreadIds([107, 100, 101, 102, 103, 104, 105, 106], 100, 4)).toEqual([102, 103, 104, 105]);
    expect(helperThreadIds([100, 230, 231, 232, 233, 234], 100, 4)).toEqual([231, 232, 233, 234]);
    expect(helperThreadIds([5, 100, 101, 102, 103, 104, 105], 100, 4)).toEqual([]);
    expect(helperThreadIds([100, 101, 102], 100, 4)).toEqual([]);
  });

  it.runIf(process.platform === 'linux')('lowers the threads that do the collecting, and only those', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', collector], { env: { ...process.env, NODE_OPTIONS: '' } });
    const { pid, lowered, threads } = JSON.parse(stdout) as { pid: number; lowered: number[]; threads: Array<{ thread: number; nice: number; ticks: number }> };
    expect(lowered).toHaveLength(4);
    const main = threads.find((thread) => thread.thread === pid)!;
    expect(main.nice).toBe(0);
    for (const thread of threads) expect(thread.nice).toBe(lowered.includes(thread.thread) ? 19 : 0);
    // The lowered threads did the collecting: the others besides the main thread stayed (nearly) idle.
    const ticksOf = (picked: typeof threads) => picked.reduce((sum, thread) => sum + thread.ticks, 0);
    const helpers = ticksOf(threads.filter((thread) => lowered.includes(thread.thread)));
    const others = ticksOf(threads.filter((thread) => thread.thread !== pid && !lowered.includes(thread.thread)));
    expect(helpers, stdout).toBeGreaterThan(10);
    expect(others, stdout).toBeLessThan(helpers / 10);
  });

  it.runIf(process.platform === 'linux')('leaves them as they are when WAYFARER_GC_THREADS_NICE=0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', collector], { env: { ...process.env, NODE_OPTIONS: '', WAYFARER_GC_THREADS_NICE: '0' } });
    const { lowered, threads } = JSON.parse(stdout) as { lowered: number[]; threads: Array<{ nice: number }> };
    expect(lowered).toEqual([]);
    expect(threads.every((thread) => thread.nice === 0)).toBe(true);
  });
});
