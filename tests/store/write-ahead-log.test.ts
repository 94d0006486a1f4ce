import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CollectionSpec, EmbeddedStore, LogDamagedError, MongoStore, openStore, SnapshotDamagedError, type StoragePort, WriteAheadLog } from '../../engine/store/index';

const W = 'ws_wal';
const collections: CollectionSpec[] = [{ name: 'notes', indexes: [{ name: 'topic', key: { topic: 1, at: 1 } }] }];
const directories: string[] = [];

afterEach(() => {
  vi.useRealTimers();
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function temporaryDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wayfarer-wal-'));
  directories.push(dir);
  return dir;
}

async function openNotes(dataDir: string, options: { fsync?: boolean; snapshotThresholdBytes?: number } = {}): Promise<StoragePort> {
  const store = openStore({ dataDir, ...options });
  await store.open(collections);
  return store;
}

interface LogDetail {
  generation: number;
  lastSnapshot: { generation: number; documents: number } | null;
  groupCommit: { records: number; writes: number };
  recovery: { snapshotGeneration: number | null; snapshotDocuments: number; logRecords: number; droppedTailBytes: number };
}

async function detailOf(store: StoragePort): Promise<LogDetail> {
  return (await store.info()).detail as unknown as LogDetail;
}

describe('write-ahead log', () => {
  it('switches generations and snapshots past the threshold, keeping only what recovery needs', async () => {
    const dataDir = temporaryDirectory();
    const store = await openNotes(dataDir, { snapshotThresholdBytes: 32 << 10 });
    for (let i = 0; i < 400; i++) {
      await store.commit(W, [{ collection: 'notes', op: 'insert', doc: { _id: `n${i}`, topic: `t${i % 5}`, at: i, text: 'x'.repeat(100) } }]);
      if (i % 50 === 0) await store.commit(W, [{ collection: 'notes', op: 'delete', filter: { _id: `n${i - 1}` } }]);
    }
    await store.flush();
    const live = await detailOf(store);
    expect(live.generation).toBeGreaterThan(2);
    await store.close();
    // A clean close leaves one snapshot and its (empty) log.
    const files = readdirSync(dataDir).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^\d{12}\.snapshot$/);
    expect(files[1]).toBe(files[0].replace('.snapshot', '.wal'));

    const reopened = await openNotes(dataDir);
    const recovered = await detailOf(reopened);
    expect(recovered.recovery).toMatchObject({ snapshotDocuments: 393, logRecords: 0, droppedTailBytes: 0 });
    expect(await reopened.collection('notes').count(W, {})).toBe(393);
    expect((await reopened.collection('notes').find(W, { topic: 't3' }, { sort: { at: -1 }, limit: 2 })).map((n) => n._id)).toEqual(['n398', 'n393']);
    await reopened.close();
  });

  it('replays the log after the newest snapshot when the process did not close cleanly', async () => {
    const dataDir = temporaryDirectory();
    const store = await openNotes(dataDir, { snapshotThresholdBytes: 16 << 10 });
    for (let i = 0; i < 300; i++) {
      await store.commit(W, [{ collection: 'notes', op: 'update', filter: { _id: `n${i % 40}` }, update: { $set: { topic: 'x', at: i }, $inc: { edits: 1 } }, upsert: true }]);
    }
    await store.flush();
    // Copy the files as a crash would leave them (no close, no final snapshot).
    const image = temporaryDirectory();
    for (const name of readdirSync(dataDir)) if (name !== 'LOCK') writeFileSync(join(image, name), readFileSync(join(dataDir, name)));
    await store.close();
    const recovered = await openNotes(image);
    const detail = await detailOf(recovered);
    expect(detail.recovery.snapshotGeneration).not.toBeNull();
    expect(detail.recovery.logRecords).toBeGreaterThan(0);
    const edits = await recovered.collection('notes').aggregate<{ total: number }>(W, [{ $group: { _id: null, total: { $sum: '$edits' } } }]);
    expect(edits).toEqual([{ _id: null, total: 300 }]);
    expect((await recovered.collection('notes').findOne(W, { _id: 'n19' }))?.at).toBe(299);
    await recovered.close();
  });

  it('paces a snapshot while the store serves, and never makes closing wait for those pauses', async () => {
    const dataDir = temporaryDirectory();
    const store = await openNotes(dataDir, { fsync: false, snapshotThresholdBytes: 1 << 20 });
    const notes = Array.from({ length: 20_000 }, (_, i) => ({ _id: `p${i}`, topic: `t${i % 7}`, at: i, text: 'y'.repeat(40) }));
    await store.collection('notes').insertMany(W, notes.slice(0, 5_000)); // under the threshold
    await store.flush();
    const before = await detailOf(store);
    expect(before.lastSnapshot).toBeNull();
    // Only the timers are faked: a pause between slices waits for one, while file I/O and setImmediate go on.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await store.collection('notes').insertMany(W, notes.slice(5_000)); // the log passes the threshold
    await store.flush();
    // Time enough for an unpaced snapshot of these 2 MB to be written and renamed into place.
    for (const started = performance.now(); performance.now() - started < 300; ) await new Promise((resolve) => setImmediate(resolve));
    const during = await detailOf(store);
    expect(during.generation).toBe(before.generation + 1); // a snapshot started...
    expect(during.lastSnapshot).toBeNull(); // ...and waits in a pause
    // Closing ends the pause under way, finishes that snapshot and writes its own without pausing: with
    // the timers frozen, a close that waited for any pause would never resolve.
    await store.close();
    vi.useRealTimers();
    const reopened = await openNotes(dataDir);
    expect((await detailOf(reopened)).recovery).toMatchObject({ snapshotDocuments: 20_000, logRecords: 0 });
    await reopened.close();
  });

  it('shares one write and fdatasync among commits that wait together', async () => {
    const store = await openNotes(temporaryDirectory());
    await Promise.all(Array.from({ length: 300 }, (_, i) => store.commit(W, [{ collection: 'notes', op: 'insert', doc: { _id: `g${i}`, topic: 'g', at: i } }])));
    const { groupCommit } = await detailOf(store);
    expect(groupCommit.records).toBe(300);
    expect(groupCommit.writes).toBeLessThan(30);
    await store.close();
  });

  it('refuses to open a damaged snapshot or a log with a missing generation, saying why', async () => {
    const dataDir = temporaryDirectory();
    const store = await openNotes(dataDir);
    await store.collection('notes').insertMany(W, Array.from({ length: 50 }, (_, i) => ({ _id: `d${i}`, topic: 'd', at: i })));
    await store.close();
    const snapshot = readdirSync(dataDir).find((name) => name.endsWith('.snapshot'))!;
    const bytes = readFileSync(join(dataDir, snapshot));
    bytes[bytes.length - 40] ^= 0xff;
    writeFileSync(join(dataDir, snapshot), bytes);
    await expect(openNotes(dataDir)).rejects.toThrow(SnapshotDamagedError);
    expect(readdirSync(dataDir)).not.toContain('LOCK'); // a failed open releases the lock

    const gap = temporaryDirectory();
    const log = new WriteAheadLog({ dataDir: gap, snapshotThresholdBytes: 1 << 10 });
    const gapStore = new EmbeddedStore({ log });
    await gapStore.open(collections);
    for (let i = 0; i < 100; i++) await gapStore.commit(W, [{ collection: 'notes', op: 'insert', doc: { _id: `x${i}`, topic: 'x', at: i } }]);
    await gapStore.flush();
    const image = temporaryDirectory();
    for (const name of readdirSync(gap)) if (name !== 'LOCK') writeFileSync(join(image, name), readFileSync(join(gap, name)));
    await gapStore.close();
    const logs = readdirSync(image).filter((name) => name.endsWith('.wal')).sort();
    const snapshots = readdirSync(image).filter((name) => name.endsWith('.snapshot'));
    for (const name of snapshots) unlinkSync(join(image, name));
    await expect(openNotes(image)).rejects.toThrow(LogDamagedError);
    expect(logs.length).toBeGreaterThan(0);
  });

  it('opens MongoDB for a URI, a volatile store for dataDir null, else a persisted one', async () => {
    expect(openStore({ mongodbUri: 'mongodb://db.example:27017/app' })).toBeInstanceOf(MongoStore);
    const volatile = openStore({ dataDir: null });
    await volatile.open(collections);
    expect(await volatile.info()).toEqual({ kind: 'embedded', detail: { persistent: false, collections: 1, documents: 0 } });
    await volatile.close();
    const dataDir = temporaryDirectory();
    const persisted = openStore({ mongodbUri: '', dataDir, fsync: false });
    await persisted.open(collections);
    expect((await persisted.info()).detail).toMatchObject({ persistent: true, dataDir, fsync: false });
    await persisted.close();
  });
});
