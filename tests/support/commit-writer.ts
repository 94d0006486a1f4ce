/**
 * A child process for crash tests: opens a persisted embedded store and commits continuously, printing
 * the id of every commit once it is acknowledged (durable), one per line. The parent kills it with
 * SIGKILL at a random moment and checks that every printed id survived exactly once.
 *
 * Usage: node --import tsx tests/support/commit-writer.ts <dataDir> [fsync 1|0] [snapshotThresholdBytes] [concurrency]
 * Prints `ready <commits> <counter> <visits>` after recovery (the store's totals), then ids.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CollectionSpec, openStore, type StoredDocument } from '../../engine/store/index';

export const crashCollections: CollectionSpec[] = [
  { name: 'commits', indexes: [{ name: 'writer_seq', key: { writer: 1, seq: 1 }, unique: true }] },
  { name: 'counters', indexes: [] },
  { name: 'customers', indexes: [{ name: 'visits', key: { visits: -1 } }] },
];

export const crashWorkspace = 'ws_crash';

/** The store's totals: commits stored, the counter every commit increments, and the sum of customer visits. */
export async function readCrashTotals(store: ReturnType<typeof openStore>): Promise<{ commits: number; counter: number; visits: number }> {
  const commits = await store.collection('commits').count(crashWorkspace, {});
  const counter = (await store.collection<StoredDocument & { n: number }>('counters').findOne(crashWorkspace, { _id: 'commits' }))?.n ?? 0;
  let visits = 0;
  for await (const customer of store.collection<StoredDocument & { visits: number }>('customers').iterate(crashWorkspace, {})) visits += customer.visits;
  return { commits, counter, visits };
}

async function main(): Promise<void> {
  const [dataDir, fsync = '1', threshold = String(256 << 10), concurrency = '8'] = process.argv.slice(2);
  const store = openStore({ dataDir, fsync: fsync === '1', snapshotThresholdBytes: Number(threshold) });
  await store.open(crashCollections);
  const totals = await readCrashTotals(store);
  process.stdout.write(`ready ${totals.commits} ${totals.counter} ${totals.visits}\n`);
  const writer = `${process.pid}-${randomBytes(3).toString('hex')}`;
  let seq = 0;
  const commitForever = async (): Promise<never> => {
    for (;;) {
      const mine = seq++;
      const id = `${writer}-${mine}`;
      const result = await store.commit(crashWorkspace, [
        { collection: 'commits', op: 'insert', doc: { _id: id, writer, seq: mine, payload: randomBytes(20 + (mine % 200)).toString('base64') } },
        { collection: 'counters', op: 'update', filter: { _id: 'commits' }, update: { $inc: { n: 1 } }, upsert: true },
        { collection: 'customers', op: 'update', filter: { _id: `c${mine % 37}` }, update: { $inc: { visits: 1 }, $set: { last: id } }, upsert: true },
      ]);
      if (!result.ok) throw new Error(`commit ${id} conflicted: ${JSON.stringify(result.conflict)}`);
      process.stdout.write(`${id}\n`);
    }
  };
  await Promise.all(Array.from({ length: Number(concurrency) }, commitForever));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
