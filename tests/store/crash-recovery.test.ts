import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type StoragePort, type StoredDocument } from '../../engine/store/index';
import { commitWriterScript, followLines, spawnTypeScript } from '../support/child-process-lines';
import { crashCollections, crashWorkspace, readCrashTotals } from '../support/commit-writer';
import { SeededRandom } from '../support/seeded-random';

const directories: string[] = [];

function temporaryDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wayfarer-crash-'));
  directories.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Round {
  ready: { commits: number; counter: number; visits: number };
  acknowledged: string[];
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the commit writer on `dataDir` and kills it with SIGKILL `killAfterMs` after it is ready. */
async function runWriterUntilKilled(dataDir: string, killAfterMs: number, snapshotThreshold: number, fsync = true): Promise<Round> {
  const child = spawnTypeScript(commitWriterScript, [dataDir, fsync ? '1' : '0', String(snapshotThreshold), '8']);
  let ready: Round['ready'] | null = null;
  const acknowledged: string[] = [];
  const exit = followLines(child, (line) => {
    if (line.startsWith('ready ')) {
      const [commits, counter, visits] = line.slice(6).split(' ').map(Number);
      ready = { commits, counter, visits };
      setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    } else {
      acknowledged.push(line);
    }
  });
  const { signal, stderr } = await exit;
  if (!ready) throw new Error(`The commit writer never became ready (signal ${signal}): ${stderr}`);
  return { ready, acknowledged, signal, stderr };
}

async function openCrashStore(dataDir: string): Promise<StoragePort> {
  const store = openStore({ dataDir, snapshotThresholdBytes: 256 << 10 });
  await store.open(crashCollections);
  return store;
}

describe('crash recovery', () => {
  it('keeps every acknowledged commit exactly once across repeated kill -9, snapshots included', async () => {
    const dataDir = temporaryDirectory();
    const random = new SeededRandom(20240601);
    const acknowledged = new Set<string>();
    for (let round = 0; round < 6; round++) {
      // A small snapshot threshold makes generation switches and snapshots frequent, so kills land
      // before, during and after them.
      const result = await runWriterUntilKilled(dataDir, random.integer(150, 900), 96 << 10);
      expect(result.signal, result.stderr).toBe('SIGKILL');
      // Every restart recovers a consistent store: each commit's three writes are there together, once.
      expect(result.ready.counter).toBe(result.ready.commits);
      expect(result.ready.visits).toBe(result.ready.commits);
      expect(result.ready.commits).toBeGreaterThanOrEqual(acknowledged.size);
      for (const id of result.acknowledged) acknowledged.add(id);
      expect(result.acknowledged.length, `round ${round} acknowledged nothing`).toBeGreaterThan(0);
    }

    const store = await openCrashStore(dataDir);
    try {
      const stored = new Set<string>();
      for await (const doc of store.collection('commits').iterate(crashWorkspace, {})) stored.add(doc._id);
      const missing = [...acknowledged].filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      const totals = await readCrashTotals(store);
      expect(totals.counter).toBe(stored.size);
      expect(totals.visits).toBe(stored.size);
      const detail = (await store.info()).detail as { recovery: { snapshotGeneration: number | null } };
      expect(detail.recovery.snapshotGeneration).not.toBeNull();
    } finally {
      await store.close();
    }
  }, 240_000); // six child processes, each starting TypeScript: slow on a busy machine

  it('with fsync off, still keeps every acknowledged commit when only the process dies', async () => {
    // The page cache outlives a killed process; only a power loss could lose these commits.
    const dataDir = temporaryDirectory();
    const random = new SeededRandom(7);
    const acknowledged = new Set<string>();
    for (let round = 0; round < 3; round++) {
      const result = await runWriterUntilKilled(dataDir, random.integer(150, 600), 256 << 10, false);
      expect(result.ready.counter).toBe(result.ready.commits);
      for (const id of result.acknowledged) acknowledged.add(id);
    }
    const store = await openCrashStore(dataDir);
    try {
      const stored = new Set<string>();
      for await (const doc of store.collection('commits').iterate(crashWorkspace, {})) stored.add(doc._id);
      expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([]);
      expect((await readCrashTotals(store)).visits).toBe(stored.size);
    } finally {
      await store.close();
    }
  }, 180_000);

  describe('a damaged log tail', () => {
    const commits = 40;

    /** A crash image: the files of a live store after `commits` acknowledged commits, no snapshot yet. */
    async function makeCrashImage(): Promise<{ wal: Buffer; walName: string; boundaries: number[] }> {
      const dataDir = temporaryDirectory();
      const store = openStore({ dataDir, fsync: false });
      await store.open(crashCollections);
      for (let i = 0; i < commits; i++) {
        await store.commit(crashWorkspace, [
          { collection: 'commits', op: 'insert', doc: { _id: `c${i}`, writer: 'w', seq: i, payload: 'x'.repeat(i * 3) } },
          { collection: 'counters', op: 'update', filter: { _id: 'commits' }, update: { $inc: { n: 1 } }, upsert: true },
        ]);
      }
      await store.flush();
      const walName = readdirSync(dataDir).find((name) => name.endsWith('.wal'))!;
      const wal = readFileSync(join(dataDir, walName));
      await store.close();
      // Record boundaries: a 16-byte header, then frames of [length][crc][payload].
      const boundaries = [16];
      while (boundaries.at(-1)! < wal.length) boundaries.push(boundaries.at(-1)! + 8 + wal.readUInt32LE(boundaries.at(-1)!));
      expect(boundaries).toHaveLength(commits + 1);
      return { wal, walName, boundaries };
    }

    async function recoverFrom(walName: string, wal: Buffer): Promise<{ stored: number; counter: number; dataDir: string }> {
      const dataDir = temporaryDirectory();
      writeFileSync(join(dataDir, walName), wal);
      const store = await openCrashStore(dataDir);
      const stored = await store.collection('commits').count(crashWorkspace, {});
      const counter = (await store.collection<StoredDocument & { n: number }>('counters').findOne(crashWorkspace, { _id: 'commits' }))?.n ?? 0;
      await store.close();
      return { stored, counter, dataDir };
    }

    it('recovers every complete record when the log is cut anywhere', async () => {
      const { wal, walName, boundaries } = await makeCrashImage();
      const random = new SeededRandom(99);
      const cuts = [16, 17, 20, 23, 24, wal.length - 1, wal.length, ...Array.from({ length: 12 }, () => random.integer(16, wal.length))];
      for (const cut of cuts) {
        const complete = boundaries.filter((boundary) => boundary <= cut).length - 1;
        const { stored, counter } = await recoverFrom(walName, wal.subarray(0, cut));
        expect({ cut, stored, counter }).toEqual({ cut, stored: complete, counter: complete });
      }
    });

    it('drops a corrupted or garbage tail, and appends cleanly after it', async () => {
      const { wal, walName, boundaries } = await makeCrashImage();
      const flipped = Buffer.from(wal);
      flipped[boundaries[commits - 1] + 8 + 5] ^= 0x40; // a bit in the last record's payload
      expect((await recoverFrom(walName, flipped)).stored).toBe(commits - 1);

      const badLength = Buffer.from(wal);
      badLength.writeUInt32LE(0xfffffff, boundaries[commits - 2]); // the second-to-last record's length
      expect((await recoverFrom(walName, badLength)).stored).toBe(commits - 2);

      const zeros = Buffer.concat([wal, Buffer.alloc(4096)]); // a file extended by the crash
      const recovered = await recoverFrom(walName, zeros);
      expect(recovered.stored).toBe(commits);

      // After cutting the garbage, new commits land after the last valid record and survive reopening.
      const store = await openCrashStore(recovered.dataDir);
      await store.commit(crashWorkspace, [{ collection: 'commits', op: 'insert', doc: { _id: 'after', writer: 'w', seq: 1000 } }]);
      await store.close();
      const again = await openCrashStore(recovered.dataDir);
      expect(await again.collection('commits').count(crashWorkspace, {})).toBe(commits + 1);
      await again.close();
    });
  });

  it('recovers from a crash in the middle of a snapshot', async () => {
    // The state a crash leaves between a generation switch and the snapshot's rename: a complete older
    // generation, the new generation's log just created, and a half-written snapshot.
    const source = temporaryDirectory();
    const store = await openCrashStore(source);
    for (let i = 0; i < 25; i++) {
      await store.commit(crashWorkspace, [{ collection: 'commits', op: 'insert', doc: { _id: `s${i}`, writer: 'w', seq: i } }]);
    }
    await store.close(); // writes snapshot 2 and an empty log 2
    const dataDir = temporaryDirectory();
    mkdirSync(dataDir, { recursive: true });
    for (const name of readdirSync(source)) copyFileSync(join(source, name), join(dataDir, name));
    const reopened = await openCrashStore(dataDir);
    for (let i = 25; i < 30; i++) {
      await reopened.commit(crashWorkspace, [{ collection: 'commits', op: 'insert', doc: { _id: `s${i}`, writer: 'w', seq: i } }]);
    }
    await reopened.flush();
    // Freeze the files as a crash would leave them, then add the switch to generation 3 and a torn snapshot.
    const image = temporaryDirectory();
    for (const name of readdirSync(dataDir)) if (name !== 'LOCK') copyFileSync(join(dataDir, name), join(image, name));
    await reopened.close();
    const header = Buffer.alloc(16);
    header.write('WFWAL001', 0, 'latin1');
    header.writeUInt32LE(3, 8);
    writeFileSync(join(image, '000000000003.wal'), header);
    const torn = openSync(join(image, '000000000003.snapshot.tmp'), 'w');
    writeSync(torn, Buffer.from('WFSNAP01\u0010\u0000\u0000\u0000garbage'));
    closeSync(torn);

    const recovered = await openCrashStore(image);
    try {
      expect(await recovered.collection('commits').count(crashWorkspace, {})).toBe(30);
      expect(readdirSync(image).some((name) => name.endsWith('.tmp'))).toBe(false);
      await recovered.commit(crashWorkspace, [{ collection: 'commits', op: 'insert', doc: { _id: 's30', writer: 'w', seq: 30 } }]);
    } finally {
      await recovered.close();
    }
    const final = await openCrashStore(image);
    expect(await final.collection('commits').count(crashWorkspace, {})).toBe(31);
    await final.close();
  });
});
