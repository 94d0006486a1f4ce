import { describe, expect, it } from 'vitest';
import type { StoredDocument } from '../../engine/store/index';
import { A, B, collect, idsOf, type Person, seedPeople } from '../support/contract-people';
import type { ContractContext } from './storage-contract';

/** The storage contract's reads: workspace isolation, find, filters, aggregation and scans. */
export function defineContractReads(context: ContractContext): void {
  const people = () => context.store.collection<Person>('people');

  describe('workspace isolation', () => {
    it('reads see only the named workspace, whatever the filter says', async () => {
      await seedPeople(context.store);
      expect(idsOf(await people().find(A, {}))).toEqual(['p1', 'p2', 'p3', 'p4']);
      expect(idsOf(await people().find(B, { name: 'Ada' }))).toEqual(['q1']);
      expect(await people().find(A, { workspace: B })).toHaveLength(4);
      expect((await people().findOne(A, { _id: 'q1' }))).toBeNull();
      expect(await people().count(A, {})).toBe(4);
      expect(await people().count(B, { 'address.city': 'London' })).toBe(1);
      expect((await people().distinct(A, 'name', {})).sort()).toEqual(['Ada', 'Alan', 'Edsger', 'Grace']);
      expect(idsOf(await collect(people().iterate(B, {})))).toEqual(['q1', 'q2']);
      const totals = await people().aggregate<{ _id: null; total: number }>(A, [{ $group: { _id: null, total: { $sum: '$age' } } }]);
      expect(totals).toEqual([{ _id: null, total: 36 + 45 + 41 + 72 }]);
    });

    it('writes change only the named workspace', async () => {
      await seedPeople(context.store);
      expect(await people().updateOne(A, { name: 'Ada' }, { $set: { score: 1 } })).toMatchObject({ matched: 1 });
      expect((await people().findOne(B, { _id: 'q1' }))?.score).toBeUndefined();
      expect((await people().updateMany(A, {}, { $set: { flagged: true } })).matched).toBe(4);
      expect(await people().count(B, { flagged: true })).toBe(0);
      await people().replaceOne(B, { name: 'Ada' }, { _id: 'q1', name: 'Ada B' });
      expect((await people().findOne(A, { _id: 'p1' }))?.name).toBe('Ada');
      await people().findOneAndUpdate(A, { name: 'Ada' }, { $inc: { score: 5 } });
      expect((await people().findOne(B, { _id: 'q1' }))?.score).toBeUndefined();
      expect(await people().deleteOne(B, { _id: 'p2' })).toBe(0);
      expect(await people().deleteMany(B, { 'address.city': 'Boston' })).toBe(1);
      expect(await people().count(A, { 'address.city': 'London' })).toBe(2);
      const result = await context.store.commit(B, [{ collection: 'people', op: 'delete', filter: { _id: 'p3' }, mustMatch: true }]);
      expect(result).toEqual({ ok: false, conflict: { reason: 'no-match', opIndex: 0 } });
      expect(await people().count(A, {})).toBe(4);
    });

    it('stamps the named workspace on written documents and never moves one', async () => {
      await people().insertOne(A, { _id: 'x1', name: 'X', workspace: B } as Person);
      expect((await people().findOne(A, { _id: 'x1' }))?.workspace).toBe(A);
      await people().updateOne(A, { _id: 'x1' }, { $set: { workspace: B, name: 'Y' } });
      const moved = await people().findOne(A, { _id: 'x1' });
      expect(moved).toMatchObject({ workspace: A, name: 'Y' });
      expect(await people().count(B, {})).toBe(0);
      await context.store.commit(A, [{ collection: 'people', op: 'insert', doc: { _id: 'x2', name: 'Z', workspace: B } }]);
      expect((await people().findOne(A, { _id: 'x2' }))?.workspace).toBe(A);
    });

    it('keeps unique keys per workspace but _id unique across the collection', async () => {
      const accounts = context.store.collection<StoredDocument & { handle: string }>('accounts');
      expect(await accounts.insertOne(A, { _id: 'a1', handle: 'ada' })).toEqual({ ok: true });
      expect(await accounts.insertOne(B, { _id: 'b1', handle: 'ada' })).toEqual({ ok: true });
      expect(await accounts.insertOne(B, { _id: 'a1', handle: 'other' })).toEqual({ ok: false, conflict: { reason: 'duplicate-key', opIndex: 0, index: '_id' } });
    });

    it('lists the workspaces that hold documents', async () => {
      await seedPeople(context.store);
      expect((await context.store.listWorkspaces('people')).sort()).toEqual([A, B]);
      expect(await context.store.listWorkspaces('accounts')).toEqual([]);
    });
  });

  describe('find', () => {
    it('sorts, skips, limits and projects', async () => {
      await seedPeople(context.store);
      const byAge = await people().find(A, {}, { sort: { age: -1 } });
      expect(byAge.map((p) => p.name)).toEqual(['Edsger', 'Grace', 'Alan', 'Ada']);
      const page = await people().find(A, {}, { sort: { age: 1 }, skip: 1, limit: 2 });
      expect(page.map((p) => p.name)).toEqual(['Alan', 'Grace']);
      const compound = await people().find(A, {}, { sort: { 'address.city': 1, age: -1 } });
      expect(compound.map((p) => p._id)).toEqual(['p4', 'p3', 'p1', 'p2']);
      const projected = await people().find(A, { _id: 'p1' }, { projection: { name: 1, 'address.city': 1 } });
      expect(projected).toEqual([{ _id: 'p1', name: 'Ada', address: { city: 'London' } }]);
      const excluded = await people().findOne(A, { _id: 'p2' }, { projection: { tags: 0, address: 0, _id: 0 } });
      expect(excluded).toEqual({ name: 'Grace', age: 45, score: 30, workspace: A });
      expect((await people().findOne(A, {}, { sort: { score: -1 } }))?._id).toBe('p2');
      expect((await people().findOne(A, { age: { $gt: 40 } }, { sort: { age: 1 }, skip: 1 }))?._id).toBe('p2');
    });

    it('filters ranges with an index and without, sorted either way', async () => {
      await seedPeople(context.store);
      const london = await people().find(A, { 'address.city': 'London', age: { $gte: 30, $lt: 40 } });
      expect(idsOf(london)).toEqual(['p1']);
      const olderFirst = await people().find(A, { 'address.city': 'London' }, { sort: { age: -1 } });
      expect(olderFirst.map((p) => p._id)).toEqual(['p3', 'p1']);
      const youngerFirst = await people().find(A, { 'address.city': { $in: ['London', 'Austin'] } }, { sort: { age: 1 }, limit: 2 });
      expect(youngerFirst.map((p) => p._id)).toEqual(['p1', 'p3']);
      const scored = await people().find(A, { score: { $gte: 15 } }, { sort: { score: -1 } });
      expect(scored.map((p) => p._id)).toEqual(['p2', 'p3']);
    });

    it('walks a timeline newest first and a due list oldest first', async () => {
      const events = context.store.collection<StoredDocument & { customerId: string; timestamp: string; messageId: string }>('events');
      const docs = Array.from({ length: 60 }, (_, i) => ({
        _id: `e${i}`,
        messageId: `m${i}`,
        customerId: i % 3 === 0 ? 'c0' : 'c1',
        timestamp: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
      }));
      await events.insertMany(A, docs);
      const newest = await events.find(A, { customerId: 'c0' }, { sort: { timestamp: -1 }, limit: 3 });
      expect(newest.map((e) => e._id)).toEqual(['e57', 'e54', 'e51']);
      const window = await events.find(A, { customerId: 'c1', timestamp: { $gte: docs[10].timestamp, $lt: docs[14].timestamp } }, { sort: { timestamp: 1 } });
      expect(window.map((e) => e._id)).toEqual(['e10', 'e11', 'e13']);

      const timers = context.store.collection<StoredDocument & { dueAt: string; leaseUntil: string }>('timers');
      const base = Date.UTC(2024, 0, 1);
      await timers.insertMany(A, Array.from({ length: 30 }, (_, i) => ({ _id: `t${i}`, dueAt: new Date(base + ((i * 7) % 30) * 1000).toISOString(), leaseUntil: new Date(i === 26 ? base + 1e9 : 0).toISOString() })));
      const now = new Date(base + 10_000).toISOString();
      const due = await timers.find(A, { dueAt: { $lte: now }, leaseUntil: { $lt: now } }, { sort: { dueAt: 1 }, limit: 5 });
      // t26 (due at +2 s) is leased, so the worker skips it.
      expect(due.map((t) => t.dueAt)).toEqual([0, 1, 3, 4, 5].map((s) => new Date(base + s * 1000).toISOString()));
      expect(due.every((t) => t.leaseUntil < now)).toBe(true);
    });
  });

  describe('filters', () => {
    it('follows dotted paths for filters, updates and sorts', async () => {
      await seedPeople(context.store);
      expect(idsOf(await people().find(A, { 'address.city': 'London' }))).toEqual(['p1', 'p3']);
      expect(idsOf(await people().find(A, { 'address.zip': { $exists: true } }))).toEqual(['p1']);
      await people().updateOne(A, { _id: 'p2' }, { $set: { 'address.zip': '10001', 'stats.visits': 1 } });
      expect(await people().findOne(A, { _id: 'p2' })).toMatchObject({ address: { city: 'New York', zip: '10001' }, stats: { visits: 1 } });
      await people().updateOne(A, { _id: 'p2' }, { $unset: { 'address.city': '' } });
      expect((await people().findOne(A, { _id: 'p2' }))?.address).toEqual({ zip: '10001' });
    });

    it('matches array elements, whole arrays and array shapes', async () => {
      await seedPeople(context.store);
      expect(idsOf(await people().find(A, { tags: 'early' }))).toEqual(['p1', 'p2']);
      expect(idsOf(await people().find(A, { tags: { $in: ['vip', 'none'] } }))).toEqual(['p1']);
      expect(idsOf(await people().find(A, { tags: { $all: ['vip', 'early'] } }))).toEqual(['p1']);
      expect(idsOf(await people().find(A, { tags: { $size: 0 } }))).toEqual(['p3']);
      expect(idsOf(await people().find(A, { tags: ['early'] }))).toEqual(['p2']);
      const things = context.store.collection<StoredDocument & { tags: string[]; items?: Array<{ sku: string; qty: number }> }>('things');
      await things.insertMany(A, [
        { _id: 't1', tags: ['a', 'b'], items: [{ sku: 'x', qty: 1 }, { sku: 'y', qty: 5 }] },
        { _id: 't2', tags: ['b', 'c'], items: [{ sku: 'x', qty: 9 }] },
        { _id: 't3', tags: ['c'] },
      ]);
      expect(idsOf(await things.find(A, { tags: 'b' }))).toEqual(['t1', 't2']);
      expect(idsOf(await things.find(A, { tags: { $in: ['a', 'c'] } }))).toEqual(['t1', 't2', 't3']);
      expect(idsOf(await things.find(A, { items: { $elemMatch: { sku: 'x', qty: { $gt: 3 } } } }))).toEqual(['t2']);
      expect(idsOf(await things.find(A, { 'items.sku': 'y' }))).toEqual(['t1']);
      expect(await things.count(A, { tags: 'b' })).toBe(2);
    });

    it('tells null from missing the way MongoDB does', async () => {
      await seedPeople(context.store);
      expect(idsOf(await people().find(A, { email: null }))).toEqual(['p2', 'p3', 'p4']);
      expect(idsOf(await people().find(A, { email: { $exists: false } }))).toEqual(['p2', 'p4']);
      expect(idsOf(await people().find(A, { email: { $exists: true } }))).toEqual(['p1', 'p3']);
      expect(idsOf(await people().find(A, { email: { $ne: null } }))).toEqual(['p1']);
      expect(idsOf(await people().find(A, { email: { $type: 'null' } }))).toEqual(['p3']);
      expect(idsOf(await people().find(A, { email: { $in: [null, 'ada@example.com'] } }))).toEqual(['p1', 'p2', 'p3', 'p4']);
    });

    it('combines $or, $and, $not and $nin', async () => {
      await seedPeople(context.store);
      expect(idsOf(await people().find(A, { $or: [{ age: { $lt: 40 } }, { 'address.city': 'Austin' }] }))).toEqual(['p1', 'p4']);
      expect(idsOf(await people().find(A, { $and: [{ age: { $gt: 40 } }, { age: { $lt: 50 } }] }))).toEqual(['p2', 'p3']);
      expect(idsOf(await people().find(A, { age: { $not: { $gt: 40 } } }))).toEqual(['p1']);
      expect(idsOf(await people().find(A, { 'address.city': { $nin: ['London', 'Austin'] } }))).toEqual(['p2']);
    });
  });

  describe('aggregation and scans', () => {
    it('groups with $group after $match and sorts the groups', async () => {
      await seedPeople(context.store);
      const byCity = await people().aggregate<{ _id: string; people: number; age: number }>(A, [
        { $match: { age: { $gte: 40 } } },
        { $group: { _id: '$address.city', people: { $sum: 1 }, age: { $max: '$age' } } },
        { $sort: { _id: 1 } },
      ]);
      expect(byCity).toEqual([
        { _id: 'Austin', people: 1, age: 72 },
        { _id: 'London', people: 1, age: 41 },
        { _id: 'New York', people: 1, age: 45 },
      ]);
      const tagCounts = await people().aggregate<{ _id: string; n: number }>(A, [{ $unwind: '$tags' }, { $group: { _id: '$tags', n: { $sum: 1 } } }, { $sort: { n: -1, _id: 1 } }]);
      expect(tagCounts).toEqual([{ _id: 'early', n: 2 }, { _id: 'vip', n: 1 }]);
    });

    it('iterates every match, or sorted and limited', async () => {
      await seedPeople(context.store);
      expect(idsOf(await collect(people().iterate(A, { age: { $gt: 40 } })))).toEqual(['p2', 'p3', 'p4']);
      const top = await collect(people().iterate(A, {}, { sort: { age: -1 }, limit: 2 }));
      expect(top.map((p) => p._id)).toEqual(['p4', 'p2']);
      const many = Array.from({ length: 250 }, (_, i) => ({ _id: `m${String(i).padStart(3, '0')}`, name: `n${i}`, score: i }));
      await people().insertMany(A, many);
      let seen = 0;
      for await (const doc of people().iterate(A, { score: { $gte: 0 } })) {
        seen++;
        // Writes while iterating must neither break nor repeat the scan.
        if (doc._id.startsWith('m')) await people().updateOne(A, { _id: doc._id }, { $inc: { score: 1000 } });
      }
      expect(seen).toBe(250 + 3);
      expect(await people().count(A, { score: { $gte: 1000 } })).toBe(250);
    });

    it('returns distinct values, flattening arrays', async () => {
      await seedPeople(context.store);
      expect((await people().distinct(A, 'address.city', {})).sort()).toEqual(['Austin', 'London', 'New York']);
      expect((await people().distinct(A, 'tags', {})).sort()).toEqual(['early', 'vip']);
      expect((await people().distinct(A, 'address.city', { age: { $lt: 50 } })).sort()).toEqual(['London', 'New York']);
      expect(await people().distinct(A, 'nothing', {})).toEqual([]);
    });
  });

}
