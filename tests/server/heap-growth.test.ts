import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { growthChosenByOperator } from '../../server/cli/heap-growth';

const heapGrowth = fileURLToPath(new URL('../../server/cli/heap-growth.ts', import.meta.url));

/**
 * A process that holds about 80 MB of live objects and replaces them over and over, as a store does
 * with documents that live long enough to reach the old generation. At each major collection it notes
 * how far the heap had grown since the last one left it (peak / live); prints those ratios. With
 * `grow`, it first lets the heap grow as `wayfarer start` does. Its heap limit (1,000 MB) makes V8 on
 * its own leave little room, as it did in bench/journeys' server.
 */
const churn = `
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
const { growHeapBeforeCollecting } = await import(${JSON.stringify(heapGrowth)});
if (process.argv.includes('grow')) growHeapBeforeCollecting();
let peak = 0;
let lastLive = null;
const ratios = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
    const live = getHeapStatistics().used_heap_size;
    if (lastLive) ratios.push(peak / lastLive);
    lastLive = live;
    peak = 0;
  }
}).observe({ entryTypes: ['gc'] });
const size = 500_000;
const held = new Array(size);
for (let i = 0; i < size * 16; i++) {
  held[i % size] = { i, name: 'customer ' + i, tags: [i, i + 1] };
  if (i % 5_000 === 0) peak = Math.max(peak, getHeapStatistics().used_heap_size);
  if (i % 50_000 === 0) await new Promise((resolve) => setImmediate(resolve));
}
console.log(JSON.stringify(ratios));
`;

async function growthBeforeEachCollection(...args: string[]): Promise<number[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--max-old-space-size=1000', '--import', 'tsx', '--input-type=module', '-e', churn, '--', ...args], { env: { ...process.env, NODE_OPTIONS: '' } });
  return JSON.parse(stdout) as number[];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

describe('the server lets the heap grow between major collections', () => {
  it('leaves the growth to the operator who chose one, on the command line or in NODE_OPTIONS', () => {
    expect(growthChosenByOperator(['--heap-growing-percent=50'], undefined)).toBe(true);
    expect(growthChosenByOperator(['--heap_growing_percent=50'], undefined)).toBe(true);
    expect(growthChosenByOperator([], '--max-old-space-size=2048 --heap-growing-percent=100')).toBe(true);
    expect(growthChosenByOperator(['--max-old-space-size=2048'], '--enable-source-maps')).toBe(false);
    expect(growthChosenByOperator([], undefined)).toBe(false);
    expect(growthChosenByOperator([], '--no-heap-growing-percent-x')).toBe(false);
  });

  it('lets the heap reach four times the live data before the next major collection, where V8 alone left less than twice', async () => {
    const [grown, alone] = await Promise.all([growthBeforeEachCollection('grow'), growthBeforeEachCollection()]);
    // The middle one: a collection V8 starts early now and then (on a busy machine) moves one ratio.
    expect(grown.length).toBeGreaterThanOrEqual(3);
    expect(median(grown)).toBeGreaterThan(3.3);
    expect(Math.max(...grown)).toBeLessThan(4.5);
    expect(alone.length).toBeGreaterThan(grown.length);
    expect(median(alone)).toBeLessThan(2.5);
  }, 60_000);
});
