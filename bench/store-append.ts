/**
 * Embedded store append throughput: commits/s, commit latency and CPU per commit with fsync on (one
 * committer, and 64 sharing group commits) and fsync off — against baselines measured in the same run:
 * raw appends of the same bytes with write + fdatasync in the same groups (fsync on), and the same
 * commits with no log at all (fsync off: what the log costs).
 *
 *   npx tsx bench/store-append.ts [seconds-per-case=2]
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CollectionSpec, EmbeddedStore, openStore, type StoragePort, type WriteOp } from '../engine/store/index';

const seconds = Number(process.argv[2] ?? 2);
const W = 'ws_bench';
const collections: CollectionSpec[] = [
  { name: 'events', indexes: [{ name: 'messageId', key: { messageId: 1 }, unique: true }, { name: 'timeline', key: { customerId: 1, timestamp: 1 } }] },
  { name: 'customers', indexes: [{ name: 'userId', key: { userId: 1 }, unique: true }] },
];

let sequence = 0;
/** One ingestion-like commit: a stored event and its customer's update (about 450 bytes of log). */
function ingestionCommit(): WriteOp[] {
  const n = sequence++;
  const customer = `u${n % 5000}`;
  const timestamp = new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString();
  return [
    {
      collection: 'events',
      op: 'insert',
      doc: { messageId: `m${n}`, type: 'track', event: 'Order Completed', userId: customer, customerId: customer, timestamp, receivedAt: timestamp, properties: { order_id: `o${n}`, total: 42.5, currency: 'GBP', products: [{ sku: 'SKU-1', quantity: 2, price: 21.25 }] } },
    },
    { collection: 'customers', op: 'update', filter: { userId: customer }, update: { $set: { last_seen_at: timestamp }, $inc: { events_count: 1, revenue_total: 42.5 } }, upsert: true },
  ];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

interface Figures {
  commitsPerSecond: number;
  p50: number;
  p99: number;
  /** Main-thread CPU per commit, µs (steadier than throughput on a shared machine). */
  cpuMicros: number;
}

/** Runs `committers` loops committing for the configured time; returns throughput and latency in ms. */
async function measureCommits(store: StoragePort, committers: number, duration = seconds): Promise<Figures> {
  const latencies: number[] = [];
  const end = performance.now() + duration * 1000;
  const loop = async (): Promise<void> => {
    while (performance.now() < end) {
      const started = performance.now();
      const result = await store.commit(W, ingestionCommit());
      if (!result.ok) throw new Error(JSON.stringify(result.conflict));
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: committers }, loop));
  const used = process.cpuUsage(cpu);
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { commitsPerSecond: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), cpuMicros: (used.user + used.system) / latencies.length };
}

/** The floor: the same record bytes appended with write(2) (+ fdatasync per group of `group` records). */
function measureRawAppends(dir: string, recordBytes: number, group: number, sync: boolean): number {
  const fd = openSync(join(dir, `raw-${group}-${sync}.log`), 'w');
  const batch = Buffer.alloc(recordBytes * group, 7);
  let records = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  while (performance.now() < end) {
    writeSync(fd, batch);
    if (sync) fdatasyncSync(fd);
    records += group;
  }
  const elapsed = (performance.now() - started) / 1000;
  closeSync(fd);
  return records / elapsed;
}

function show(label: string, figures: Figures): void {
  console.log(`${label.padEnd(44)} ${Math.round(figures.commitsPerSecond).toString().padStart(8)} commits/s   p50 ${figures.p50.toFixed(3)} ms   p99 ${figures.p99.toFixed(3)} ms   ${figures.cpuMicros.toFixed(1)} µs CPU/commit`);
}

interface StoreCase {
  label: string;
  create: (root: string) => StoragePort;
  committers: number;
  /**
   * What the case is compared with, measured in the same run: for fsync on, raw appends of the same
   * bytes with write + fdatasync, right after the case (the disk's speed drifts on a shared machine);
   * for fsync off, the same commits with no log at all, which shows what the log costs.
   */
  baseline: 'raw-fdatasync' | 'no-log' | null;
}

const storeCases: StoreCase[] = [
  { label: 'no log (volatile), 1 committer', create: () => new EmbeddedStore(), committers: 1, baseline: null },
  { label: 'no log (volatile), 64 concurrent committers', create: () => new EmbeddedStore(), committers: 64, baseline: null },
  { label: 'fsync on, 1 committer', create: (root) => openStore({ dataDir: join(root, 'a'), fsync: true }), committers: 1, baseline: 'raw-fdatasync' },
  { label: 'fsync on, 64 concurrent committers', create: (root) => openStore({ dataDir: join(root, 'b'), fsync: true }), committers: 64, baseline: 'raw-fdatasync' },
  { label: 'fsync off, 1 committer', create: (root) => openStore({ dataDir: join(root, 'c'), fsync: false }), committers: 1, baseline: 'no-log' },
  { label: 'fsync off, 64 concurrent committers', create: (root) => openStore({ dataDir: join(root, 'd'), fsync: false }), committers: 64, baseline: 'no-log' },
];

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'wayfarer-bench-append-'));
  const noLog = new Map<number, Figures>();
  try {
    // Warm up the JIT on a throwaway store, so the first case is not measured cold.
    const warmUp = new EmbeddedStore();
    await warmUp.open(collections);
    await measureCommits(warmUp, 8, 0.5);
    await warmUp.close();
    for (const storeCase of storeCases) {
      const store = storeCase.create(root);
      await store.open(collections);
      const figures = await measureCommits(store, storeCase.committers);
      show(storeCase.label, figures);
      const detail = (await store.info()).detail as { groupCommit?: { records: number; writes: number }; logBytes?: number; sequence?: number };
      await store.close();
      if (!detail.groupCommit) {
        noLog.set(storeCase.committers, figures);
        continue;
      }
      const group = Math.max(1, Math.round(detail.groupCommit.records / Math.max(1, detail.groupCommit.writes)));
      console.log(`${''.padEnd(4)}group commit: ${detail.groupCommit.records} records in ${detail.groupCommit.writes} writes (~${group} per write)`);
      if (storeCase.baseline === 'raw-fdatasync') {
        const recordBytes = detail.sequence && detail.logBytes ? Math.round(detail.logBytes / detail.sequence) : 600;
        const raw = measureRawAppends(root, recordBytes, group, true);
        console.log(`${''.padEnd(4)}baseline right after: raw write + fdatasync of ${recordBytes}-byte records in groups of ${group}: ${Math.round(raw)} records/s   ratio ${(figures.commitsPerSecond / raw).toFixed(2)}`);
      } else if (storeCase.baseline === 'no-log') {
        const ceiling = noLog.get(storeCase.committers)!;
        console.log(`${''.padEnd(4)}baseline: the same commits without a log: ${Math.round(ceiling.commitsPerSecond)} commits/s, ${ceiling.cpuMicros.toFixed(1)} µs CPU/commit   ratio ${(figures.commitsPerSecond / ceiling.commitsPerSecond).toFixed(2)} (throughput), ${(figures.cpuMicros / ceiling.cpuMicros).toFixed(2)} (CPU)`);
      }
    }
    const memory = process.memoryUsage();
    console.log(`\nmemory: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
