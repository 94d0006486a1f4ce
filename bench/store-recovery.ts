/**
 * Embedded store recovery: how long opening a data directory takes for ~1M small documents, from a crash
 * image (every commit replayed from the write-ahead log) and after a clean close (one snapshot), with
 * memory after opening — against a baseline measured in the same run: reading the same files and
 * JSON-parsing every record, the least any recovery must do. Each measurement runs in a fresh process,
 * so no phase pays for another's heap; wall and CPU time are both printed (CPU time is the steadier
 * figure on a shared machine).
 *
 *   npx tsx bench/store-recovery.ts [documents=1000000]
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFrames } from '../engine/store/embedded/record-frame';
import { type CollectionSpec, openStore } from '../engine/store/index';

const W = 'ws_bench';
const collections: CollectionSpec[] = [{ name: 'events', indexes: [{ name: 'timeline', key: { customerId: 1, at: 1 } }] }];

interface Measurement {
  wallMs: number;
  cpuMs: number;
  rssMiB: number;
  heapMiB: number;
  count: number;
}

function cpuMilliseconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function memoryFigures(): { rssMiB: number; heapMiB: number } {
  const memory = process.memoryUsage();
  return { rssMiB: Math.round(memory.rss / 2 ** 20), heapMiB: Math.round(memory.heapUsed / 2 ** 20) };
}

/** Child phase: writes `documents` documents, one commit each, then copies a crash image and closes (snapshot). */
async function load(dir: string, documents: number): Promise<void> {
  const live = join(dir, 'live');
  const store = openStore({ dataDir: live, fsync: false, snapshotThresholdBytes: 2 ** 40 });
  await store.open(collections);
  const base = Date.UTC(2024, 0, 1);
  let next = 0;
  const started = performance.now();
  const writer = async (): Promise<void> => {
    while (next < documents) {
      const i = next++;
      await store.commit(W, [{ collection: 'events', op: 'insert', doc: { _id: `e${i}`, customerId: `c${i % 20_000}`, n: i, at: new Date(base + i * 1000).toISOString() } }]);
    }
  };
  await Promise.all(Array.from({ length: 32 }, writer));
  await store.flush();
  const loadMs = performance.now() - started;
  cpSync(live, join(dir, 'crash-image'), { recursive: true, filter: (source) => !source.endsWith('LOCK') });
  const closeStarted = performance.now();
  await store.close();
  console.log(JSON.stringify({ loadMs, closeMs: performance.now() - closeStarted }));
}

/** Child phase: opens the store in `dataDir` and reports how long it took. */
async function openPhase(dataDir: string): Promise<void> {
  const wall = performance.now();
  const cpu = cpuMilliseconds();
  const store = openStore({ dataDir, snapshotThresholdBytes: 2 ** 40 });
  await store.open(collections);
  const measurement: Measurement = { wallMs: performance.now() - wall, cpuMs: cpuMilliseconds() - cpu, ...memoryFigures(), count: await store.collection('events').count(W, {}) };
  console.log(JSON.stringify(measurement));
  // Leave the directory as found: no snapshot on close, so the next phase reads the same files.
  process.exit(0);
}

/** Child phase, the baseline: reads every frame of every file and JSON.parses it. */
function parsePhase(dataDir: string): void {
  const wall = performance.now();
  const cpu = cpuMilliseconds();
  let count = 0;
  for (const name of readdirSync(dataDir).sort()) {
    const headerBytes = name.endsWith('.wal') ? 16 : name.endsWith('.snapshot') ? 8 : -1;
    if (headerBytes < 0) continue;
    readFrames(join(dataDir, name), headerBytes, (payload) => {
      JSON.parse(payload.toString('utf8'));
      count++;
    });
  }
  const measurement: Measurement = { wallMs: performance.now() - wall, cpuMs: cpuMilliseconds() - cpu, ...memoryFigures(), count };
  console.log(JSON.stringify(measurement));
}

function runPhase<T>(...args: string[]): T {
  const output = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(output.trim().split('\n').at(-1)!) as T;
}

function directoryMiB(dir: string): number {
  return Math.round(readdirSync(dir).reduce((total, name) => total + statSync(join(dir, name)).size, 0) / 2 ** 20);
}

function report(label: string, dir: string, documents: number, store: Measurement, baseline: Measurement): void {
  if (store.count !== documents) throw new Error(`${label}: recovered ${store.count} documents, expected ${documents}`);
  console.log(`\n${label} (${directoryMiB(dir)} MiB on disk)`);
  console.log(`  open:      ${store.wallMs.toFixed(0).padStart(6)} ms wall, ${store.cpuMs.toFixed(0).padStart(6)} ms CPU   ${Math.round(documents / (store.cpuMs / 1000))} documents per CPU-second; rss ${store.rssMiB} MiB, heap ${store.heapMiB} MiB`);
  console.log(`  baseline:  ${baseline.wallMs.toFixed(0).padStart(6)} ms wall, ${baseline.cpuMs.toFixed(0).padStart(6)} ms CPU   (read + JSON.parse of the same ${baseline.count} frames)`);
  console.log(`  ratio (CPU, store / baseline): ${(store.cpuMs / baseline.cpuMs).toFixed(2)}`);
}

async function main(): Promise<void> {
  const [phase, dir, count] = process.argv.slice(2);
  if (phase === 'load') return load(dir, Number(count));
  if (phase === 'open') return openPhase(dir);
  if (phase === 'parse') return parsePhase(dir);

  const documents = Number(phase ?? 1_000_000);
  const root = mkdtempSync(join(tmpdir(), 'wayfarer-bench-recovery-'));
  try {
    const loaded = runPhase<{ loadMs: number; closeMs: number }>('load', root, String(documents));
    console.log(`loaded ${documents} documents as ${documents} commits (fsync off) in ${(loaded.loadMs / 1000).toFixed(1)} s; clean close with its snapshot: ${loaded.closeMs.toFixed(0)} ms`);
    const crashImage = join(root, 'crash-image');
    report('from the log (crash image: every commit replayed)', crashImage, documents, runPhase<Measurement>('open', crashImage), runPhase<Measurement>('parse', crashImage));
    const live = join(root, 'live');
    report('from a snapshot (after a clean close)', live, documents, runPhase<Measurement>('open', live), runPhase<Measurement>('parse', live));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
