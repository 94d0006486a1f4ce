/**
 * Ordered indexes in the embedded store: the cost of the queries workers and timelines run, on 100k
 * timers and 100k events, with the declared indexes — against a baseline measured in the same run: the
 * same queries on the same data without those indexes (every document scanned, then sorted).
 *
 *   npx tsx bench/store-query.ts [documents=100000]
 */
import { type CollectionSpec, EmbeddedStore, type Filter, type FindOptions } from '../engine/store/index';

const documents = Number(process.argv[2] ?? 100_000);
const W = 'ws_bench';

const indexed: CollectionSpec[] = [
  { name: 'timers', indexes: [{ name: 'due', key: { dueAt: 1 } }] },
  { name: 'events', indexes: [{ name: 'messageId', key: { messageId: 1 }, unique: true }, { name: 'timeline', key: { customerId: 1, timestamp: 1 } }] },
];
const unindexed: CollectionSpec[] = indexed.map((spec) => ({ name: spec.name, indexes: [] }));

async function load(specs: CollectionSpec[]): Promise<EmbeddedStore> {
  const store = new EmbeddedStore();
  await store.open(specs);
  const base = Date.UTC(2024, 0, 1);
  const iso = (seconds: number) => new Date(base + seconds * 1000).toISOString();
  const batch = 10_000;
  for (let start = 0; start < documents; start += batch) {
    const count = Math.min(batch, documents - start);
    await store.collection('timers').insertMany(W, Array.from({ length: count }, (_, k) => ({ _id: `t${start + k}`, dueAt: iso(start + k), leaseUntil: iso((start + k) % 10 === 0 ? 1e9 : 0), journeyId: 'j1' })));
    await store.collection('events').insertMany(W, Array.from({ length: count }, (_, k) => ({ _id: `e${start + k}`, messageId: `m${start + k}`, customerId: `c${(start + k) % 2000}`, timestamp: iso(start + k), type: 'track' })));
  }
  return store;
}

interface QueryCase {
  label: string;
  collection: string;
  filter: (i: number) => Filter;
  options: FindOptions;
}

const now = new Date(Date.UTC(2024, 0, 1) + documents * 600).toISOString();
const cases: QueryCase[] = [
  { label: 'due timers, sorted, limit 100', collection: 'timers', filter: () => ({ dueAt: { $lte: now }, leaseUntil: { $lt: now } }), options: { sort: { dueAt: 1 }, limit: 100 } },
  { label: 'customer timeline, newest 50', collection: 'events', filter: (i) => ({ customerId: `c${i % 2000}` }), options: { sort: { timestamp: -1 }, limit: 50 } },
  { label: 'event by messageId (unique)', collection: 'events', filter: (i) => ({ messageId: `m${(i * 7919) % documents}` }), options: { limit: 1 } },
];

/**
 * CPU microseconds per query (steadier than wall time on a shared machine), running it for about
 * `budgetMs` of wall time.
 */
function measure(store: EmbeddedStore, query: QueryCase, budgetMs: number): { micros: number; examined: number } {
  const memory = store.memory(query.collection);
  let runs = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  while (performance.now() - started < budgetMs) {
    memory.find(W, query.filter(runs), query.options);
    runs++;
  }
  const used = process.cpuUsage(cpu);
  return { micros: (used.user + used.system) / runs, examined: memory.explain(W, query.filter(0), query.options).examined };
}

async function main(): Promise<void> {
  const withIndexes = await load(indexed);
  const without = await load(unindexed);
  console.log(`${documents} timers and ${documents} events per store\n`);
  for (const query of cases) {
    const fast = measure(withIndexes, query, 1000);
    const slow = measure(without, query, 1000);
    console.log(query.label);
    console.log(`  indexed:   ${fast.micros.toFixed(1).padStart(10)} µs CPU/query  (${fast.examined} documents examined)`);
    console.log(`  baseline:  ${slow.micros.toFixed(1).padStart(10)} µs CPU/query  (${slow.examined} documents examined, no index)`);
    console.log(`  speed-up:  ${(slow.micros / fast.micros).toFixed(0)}x`);
  }
  const memory = process.memoryUsage();
  console.log(`\nmemory (both stores): rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`);
}

await main();
