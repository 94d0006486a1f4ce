import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedStore, MemoryBudget, StoreFullError, WriteAheadLog, type CollectionSpec } from '../../engine/store/index';
import { collectNow, collectUntil } from '../support/major-collection';

const collections: CollectionSpec[] = [{ name: 'notes', indexes: [{ name: 'title', key: { title: 1 }, unique: true }] }];
const workspace = 'ws_budget';
/** Stores to close after each test (closing a store closes its budget). */
const opened: EmbeddedStore[] = [];

async function openBudgetedStore(limitBytes: number) {
  const budget = new MemoryBudget({ limitBytes });
  const store = new EmbeddedStore({ memory: budget });
  await store.open(collections);
  opened.push(store);
  return { store, budget, notes: store.collection('notes') };
}

afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

describe('the embedded store memory budget', () => {
  it('once the live heap is over the limit, refuses any write that would add a document, and that write changes nothing', async () => {
    const { store, budget, notes } = await openBudgetedStore(1);
    // Before the first major collection nothing is known, so nothing is refused.
    await notes.insertOne(workspace, { _id: 'a', title: 'first', version: 1 });
    await collectUntil(() => budget.full, 'the budget sees the heap over a 1-byte limit');

    const mixed = store.commit(workspace, [
      { collection: 'notes', op: 'replace', filter: { _id: 'a' }, doc: { _id: 'a', title: 'changed', version: 2 } },
      { collection: 'notes', op: 'insert', doc: { _id: 'b', title: 'second', version: 1 } },
    ]);
    await expect(mixed).rejects.toBeInstanceOf(StoreFullError);
    await expect(mixed).rejects.toThrow(/embedded store is full.*WAYFARER_MEMORY_LIMIT_MB/);
    // All or nothing: the replace applied before the refused insert was rolled back.
    expect(await notes.find(workspace, {})).toEqual([{ _id: 'a', title: 'first', version: 1, workspace }]);

    await expect(notes.insertMany(workspace, [{ _id: 'c', title: 'third' }])).rejects.toBeInstanceOf(StoreFullError);
    await expect(notes.updateOne(workspace, { _id: 'new' }, { $set: { title: 'upserted' } }, { upsert: true })).rejects.toBeInstanceOf(StoreFullError);
    expect(await notes.count(workspace, {})).toBe(1);

    // What is already stored keeps moving: updates, replaces and deletions go through.
    expect(await notes.updateOne(workspace, { _id: 'a' }, { $set: { title: 'updated' } })).toMatchObject({ matched: 1, modified: 1 });
    expect((await notes.findOne(workspace, { _id: 'a' }))?.title).toBe('updated');
    expect(await notes.deleteOne(workspace, { _id: 'a' })).toBe(1);

    const { detail } = await store.info();
    expect(detail.memory).toMatchObject({ limitBytes: 1, full: true, heapLimitBytes: getHeapStatistics().heap_size_limit });
    expect((detail.memory as { liveBytes: number }).liveBytes).toBeGreaterThan(1);
  });

  it('takes new documents again once a major collection finds the live heap back under the limit', async () => {
    collectNow();
    const margin = 64 * 2 ** 20;
    const { budget, notes } = await openBudgetedStore(getHeapStatistics().used_heap_size + margin);
    // 128 MiB of live data (a packed array of doubles, on the JavaScript heap) pushes it over.
    const held: { ballast: number[] | null } = { ballast: new Array<number>(16 * 2 ** 20).fill(0.5) };
    await collectUntil(() => budget.full, 'the budget sees 128 MiB of ballast over a 64 MiB margin');
    await expect(notes.insertOne(workspace, { _id: 'x', title: 'refused' })).rejects.toBeInstanceOf(StoreFullError);
    expect(held.ballast).toHaveLength(16 * 2 ** 20);

    held.ballast = null;
    await collectUntil(() => !budget.full, 'the budget sees the heap back under the limit once the ballast is garbage');
    expect((await notes.insertOne(workspace, { _id: 'x', title: 'accepted' })).ok).toBe(true);
    expect(await notes.count(workspace, {})).toBe(1);
  });

  it('recovery loads everything the log holds even into a full store: the limit refuses new writes only', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-budget-'));
    try {
      const first = new EmbeddedStore({ log: new WriteAheadLog({ dataDir, fsync: false }) });
      await first.open(collections);
      for (let i = 0; i < 50; i++) await first.collection('notes').insertOne(workspace, { _id: `n${i}`, title: `note ${i}` });
      await first.close();

      const budget = new MemoryBudget({ limitBytes: 1 });
      await collectUntil(() => budget.full, 'the budget sees the heap over a 1-byte limit');
      const reopened = new EmbeddedStore({ log: new WriteAheadLog({ dataDir, fsync: false }), memory: budget });
      await reopened.open(collections);
      opened.push(reopened);
      const notes = reopened.collection('notes');
      expect(await notes.count(workspace, {})).toBe(50);
      expect(await notes.findOne(workspace, { title: 'note 49' })).toMatchObject({ _id: 'n49' });
      await expect(notes.insertOne(workspace, { _id: 'n50', title: 'note 50' })).rejects.toBeInstanceOf(StoreFullError);
    } finally {
      for (const store of opened.splice(0)) await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is not part of a store opened without one (simulation, volatile stores)', async () => {
    const budget = new MemoryBudget({ limitBytes: 1 });
    await collectUntil(() => budget.full, 'the budget sees the heap over a 1-byte limit');
    budget.close();
    const unbudgeted = new EmbeddedStore();
    await unbudgeted.open(collections);
    opened.push(unbudgeted);
    expect((await unbudgeted.collection('notes').insertOne(workspace, { _id: 'n', title: 'free' })).ok).toBe(true);
    expect((await unbudgeted.info()).detail.memory).toBeUndefined();
  });
});
