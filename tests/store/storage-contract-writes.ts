import { describe, expect, it } from 'vitest';
import { DuplicateKeyError, type StoredDocument } from '../../engine/store/index';
import { A, B, idsOf, type Person, seedPeople } from '../support/contract-people';
import type { ContractContext, ContractOptions } from './storage-contract';

/** The storage contract's writes: update operators, upserts, unique indexes, commits, leases, persistence. */
export function defineContractWrites(context: ContractContext, options: ContractOptions): void {
  const people = () => context.store.collection<Person>('people');

  describe('updates', () => {
    it('applies $set $unset $inc $min $max', async () => {
      await seedPeople(context.store);
      await people().updateOne(A, { _id: 'p1' }, { $set: { name: 'Ada L.' }, $unset: { email: '' }, $inc: { score: 2, visits: 1 } });
      await people().updateOne(A, { _id: 'p1' }, { $min: { age: 30, low: 5 }, $max: { score: 11, high: 3 } });
      await people().updateOne(A, { _id: 'p1' }, { $min: { age: 50 }, $max: { score: 1 } });
      const ada = await people().findOne(A, { _id: 'p1' });
      expect(ada).toMatchObject({ name: 'Ada L.', score: 12, visits: 1, age: 30, low: 5, high: 3 });
      expect(ada).not.toHaveProperty('email');
    });

    it('applies $push $pull $addToSet', async () => {
      await seedPeople(context.store);
      await people().updateOne(A, { _id: 'p1' }, { $push: { tags: 'new' } });
      await people().updateOne(A, { _id: 'p1' }, { $push: { tags: { $each: ['x', 'y'] } }, $addToSet: { roles: 'admin' } });
      await people().updateOne(A, { _id: 'p1' }, { $addToSet: { tags: { $each: ['vip', 'z'] }, roles: 'admin' } });
      await people().updateOne(A, { _id: 'p1' }, { $pull: { tags: 'early' } });
      await people().updateOne(A, { _id: 'p2' }, { $push: { history: { $each: [{ n: 1 }, { n: 5 }, { n: 9 }] } } });
      await people().updateOne(A, { _id: 'p2' }, { $pull: { history: { n: { $gte: 5 } } } });
      expect((await people().findOne(A, { _id: 'p1' }))).toMatchObject({ tags: ['vip', 'new', 'x', 'y', 'z'], roles: ['admin'] });
      expect((await people().findOne(A, { _id: 'p2' }))).toMatchObject({ history: [{ n: 1 }] });
    });

    it('applies $push with $slice and $position, on a field that is missing, and when an upsert creates the document', async () => {
      await seedPeople(context.store);
      await people().updateOne(A, { _id: 'p1' }, { $push: { recent: { $each: [1, 2, 3], $slice: -2 } } });
      await people().updateOne(A, { _id: 'p1' }, { $push: { recent: { $each: [4], $slice: -2 } } });
      await people().updateOne(A, { _id: 'p1' }, { $push: { first: { $each: [1, 2, 3], $slice: 2 } } });
      await people().updateOne(A, { _id: 'p1' }, { $push: { first: { $each: [0], $position: 0 } } });
      expect(await people().findOne(A, { _id: 'p1' })).toMatchObject({ recent: [3, 4], first: [0, 1, 2] });
      await people().updateOne(A, { _id: 'fresh' }, { $push: { recent: { $each: [1, 2, 3], $slice: -2 } }, $setOnInsert: { name: 'Fresh' } }, { upsert: true });
      expect(await people().findOne(A, { _id: 'fresh' })).toMatchObject({ name: 'Fresh', recent: [2, 3] });
    });

    it('upserts with the filter fields, the update and $setOnInsert, and a string _id', async () => {
      const first = await people().updateOne(A, { name: 'Niklaus', 'address.city': 'Zurich' }, { $set: { age: 50 }, $setOnInsert: { createdBy: 'upsert' }, $inc: { visits: 1 } }, { upsert: true });
      expect(first.upsertedId).toEqual(expect.any(String));
      const created = await people().findOne(A, { _id: first.upsertedId! });
      expect(created).toMatchObject({ name: 'Niklaus', address: { city: 'Zurich' }, age: 50, createdBy: 'upsert', visits: 1, workspace: A });
      const second = await people().updateOne(A, { name: 'Niklaus' }, { $set: { age: 51 }, $setOnInsert: { createdBy: 'again' }, $inc: { visits: 1 } }, { upsert: true });
      expect(second).toMatchObject({ matched: 1 });
      expect(second.upsertedId).toBeUndefined();
      expect(await people().findOne(A, { name: 'Niklaus' })).toMatchObject({ age: 51, createdBy: 'upsert', visits: 2 });
      const chosen = await people().updateOne(A, { _id: 'chosen' }, { $set: { name: 'C' } }, { upsert: true });
      expect(chosen.upsertedId).toBe('chosen');
      const replaced = await people().replaceOne(A, { name: 'Ken' }, { _id: 'k1', name: 'Ken', age: 80 }, { upsert: true });
      expect(replaced.upsertedId).toBe('k1');
      const again = await people().replaceOne(A, { name: 'Ken' }, { _id: 'k1', name: 'Ken', age: 81 }, { upsert: true });
      expect(again).toMatchObject({ matched: 1 });
      expect(await people().findOne(A, { _id: 'k1' })).toMatchObject({ age: 81 });
      const made = await people().findOneAndUpdate(A, { name: 'Dennis' }, { $set: { age: 70 } }, { upsert: true });
      expect(made).toMatchObject({ name: 'Dennis', age: 70, workspace: A });
      expect(typeof made?._id).toBe('string');
      const committed = await context.store.commit(A, [{ collection: 'people', op: 'update', filter: { name: 'Bjarne' }, update: { $set: { age: 74 } }, upsert: true }]);
      expect(committed).toEqual({ ok: true });
      expect(typeof (await people().findOne(A, { name: 'Bjarne' }))?._id).toBe('string');
    });

    it('returns the document before or after findOneAndUpdate, or null without a match', async () => {
      await seedPeople(context.store);
      const before = await people().findOneAndUpdate(A, { _id: 'p1' }, { $inc: { score: 1 } }, { returnDocument: 'before' });
      expect(before?.score).toBe(10);
      const after = await people().findOneAndUpdate(A, { _id: 'p1' }, { $inc: { score: 1 } });
      expect(after?.score).toBe(12);
      expect(await people().findOneAndUpdate(A, { _id: 'nobody' }, { $inc: { score: 1 } })).toBeNull();
      const oldest = await people().findOneAndUpdate(A, { 'address.city': 'London' }, { $set: { picked: true } }, { sort: { age: -1 } });
      expect(oldest?._id).toBe('p3');
    });
  });

  describe('unique indexes', () => {
    it('refuses a duplicate key on insert, update and replace', async () => {
      const accounts = context.store.collection<StoredDocument & { handle?: string; n?: number }>('accounts');
      await accounts.insertOne(A, { _id: 'a1', handle: 'ada' });
      await accounts.insertOne(A, { _id: 'a2', handle: 'alan' });
      expect(await accounts.insertOne(A, { _id: 'a3', handle: 'ada' })).toEqual({ ok: false, conflict: { reason: 'duplicate-key', opIndex: 0, index: 'handle' } });
      expect(await accounts.insertOne(A, { _id: 'a1', handle: 'new' })).toEqual({ ok: false, conflict: { reason: 'duplicate-key', opIndex: 0, index: '_id' } });
      await expect(accounts.updateOne(A, { _id: 'a2' }, { $set: { handle: 'ada' } })).rejects.toThrow(DuplicateKeyError);
      await expect(accounts.replaceOne(A, { _id: 'a2' }, { _id: 'a2', handle: 'ada' })).rejects.toMatchObject({ index: 'handle', code: 11000 });
      await expect(accounts.findOneAndUpdate(A, { _id: 'a2' }, { $set: { handle: 'ada' } })).rejects.toThrow(DuplicateKeyError);
      await expect(accounts.updateOne(A, { handle: 'ghost' }, { $set: { handle: 'ada' } }, { upsert: true })).rejects.toThrow(DuplicateKeyError);
      expect((await accounts.findOne(A, { _id: 'a2' }))?.handle).toBe('alan');
      expect(await accounts.count(A, {})).toBe(2);
      // A missing key counts as null: only one document may lack it.
      expect(await accounts.insertOne(A, { _id: 'a4', n: 1 })).toEqual({ ok: true });
      expect(await accounts.insertOne(A, { _id: 'a5', n: 2 })).toMatchObject({ ok: false, conflict: { index: 'handle' } });
      // Freeing a key lets another document take it.
      await accounts.updateOne(A, { _id: 'a1' }, { $set: { handle: 'ada-old' } });
      expect(await accounts.insertOne(A, { _id: 'a6', handle: 'ada' })).toEqual({ ok: true });
    });

    it('checks a partial unique index only on the documents it covers', async () => {
      await people().insertMany(A, [{ _id: 'n1', name: 'no email' }, { _id: 'n2', name: 'no email either' }]);
      expect(await people().insertOne(A, { _id: 'e1', name: 'E', email: 'e@example.com' })).toEqual({ ok: true });
      expect(await people().insertOne(A, { _id: 'e2', name: 'F', email: 'e@example.com' })).toMatchObject({ ok: false, conflict: { index: 'email' } });
      expect(await people().insertOne(A, { _id: 'e3', name: 'G', email: 'g@example.com' })).toEqual({ ok: true });
      await people().updateOne(A, { _id: 'e1' }, { $unset: { email: '' } });
      expect(await people().insertOne(A, { _id: 'e4', name: 'H', email: 'e@example.com' })).toEqual({ ok: true });
      expect(idsOf(await people().find(A, { email: 'e@example.com' }))).toEqual(['e4']);
    });

    it('inserts many unordered and reports the duplicates by index', async () => {
      const accounts = context.store.collection<StoredDocument & { handle: string }>('accounts');
      await accounts.insertOne(A, { _id: 'a0', handle: 'taken' });
      const result = await accounts.insertMany(A, [
        { _id: 'a1', handle: 'one' },
        { _id: 'a2', handle: 'taken' },
        { _id: 'a3', handle: 'three' },
        { _id: 'a4', handle: 'one' },
        { _id: 'a0', handle: 'zero' },
        { _id: 'a5', handle: 'five' },
      ]);
      expect(result).toEqual({ inserted: 3, duplicates: [1, 3, 4] });
      expect(idsOf(await accounts.find(A, {}))).toEqual(['a0', 'a1', 'a3', 'a5']);
      expect(await accounts.insertMany(A, [])).toEqual({ inserted: 0, duplicates: [] });
    });
  });

  describe('commit', () => {
    it('applies every op of a commit', async () => {
      await seedPeople(context.store);
      const result = await context.store.commit(A, [
        { collection: 'people', op: 'insert', doc: { _id: 'c1', name: 'New' } },
        { collection: 'people', op: 'update', filter: { _id: 'p1' }, update: { $inc: { score: 1 } }, mustMatch: true },
        { collection: 'people', op: 'replace', filter: { _id: 'p2' }, doc: { _id: 'p2', name: 'Grace H.' }, mustMatch: true },
        { collection: 'people', op: 'delete', filter: { _id: 'p4' }, mustMatch: true },
        { collection: 'accounts', op: 'insert', doc: { _id: 'acc', handle: 'new' } },
      ]);
      expect(result).toEqual({ ok: true });
      expect(idsOf(await people().find(A, {}))).toEqual(['c1', 'p1', 'p2', 'p3']);
      expect((await people().findOne(A, { _id: 'p1' }))?.score).toBe(11);
      expect(await people().findOne(A, { _id: 'p2' })).toEqual({ _id: 'p2', name: 'Grace H.', workspace: A });
      expect(await context.store.collection('accounts').count(A, {})).toBe(1);
    });

    it('changes nothing when an op conflicts (where the adapter commits atomically)', async () => {
      await seedPeople(context.store);
      const atomic = (await context.store.info()).detail.atomicCommits !== false;
      const noMatch = await context.store.commit(A, [
        { collection: 'people', op: 'insert', doc: { _id: 'c1', name: 'New' } },
        { collection: 'people', op: 'update', filter: { _id: 'p1', version: 7 }, update: { $set: { version: 8 } }, mustMatch: true },
      ]);
      expect(noMatch).toEqual({ ok: false, conflict: { reason: 'no-match', opIndex: 1 } });
      const duplicate = await context.store.commit(A, [
        { collection: 'people', op: 'update', filter: { _id: 'p2' }, update: { $set: { score: 99 } } },
        { collection: 'people', op: 'insert', doc: { _id: 'c2', name: 'Dup', email: 'ada@example.com' } },
      ]);
      expect(duplicate).toEqual({ ok: false, conflict: { reason: 'duplicate-key', opIndex: 1, index: 'email' } });
      if (atomic) {
        expect(await people().findOne(A, { _id: 'c1' })).toBeNull();
        expect((await people().findOne(A, { _id: 'p2' }))?.score).toBe(30);
      } else {
        // Documented for MongoDB standalone: ops before the conflicting one stay applied.
        expect(await people().findOne(A, { _id: 'c1' })).not.toBeNull();
        expect((await people().findOne(A, { _id: 'p2' }))?.score).toBe(99);
      }
      expect(await people().findOne(A, { _id: 'c2' })).toBeNull();
    });

    it('lets exactly one of two writers with the same expected version win', async () => {
      await people().insertOne(A, { _id: 'v', name: 'Versioned', version: 1 });
      const attempt = (name: string) =>
        context.store.commit(A, [
          { collection: 'people', op: 'update', filter: { _id: 'v', version: 1 }, update: { $set: { name, version: 2 } }, mustMatch: true },
          { collection: 'people', op: 'insert', doc: { _id: `log-${name}`, name } },
        ]);
      const results = await Promise.all([attempt('first'), attempt('second')]);
      expect(results.filter((result) => result.ok)).toHaveLength(1);
      const winner = (await people().findOne(A, { _id: 'v' }))!;
      expect(winner.version).toBe(2);
      expect(idsOf(await people().find(A, { _id: { $regex: '^log-' } }))).toEqual([`log-${winner.name}`]);
    });
  });

  it('hands each due timer to exactly one of many concurrent claimers', async () => {
    const timers = context.store.collection<StoredDocument & { dueAt: string; leaseUntil: string; owner?: string }>('timers');
    const base = Date.UTC(2024, 5, 1);
    await timers.insertMany(A, Array.from({ length: 40 }, (_, i) => ({ _id: `t${i}`, dueAt: new Date(base - i * 1000).toISOString(), leaseUntil: new Date(0).toISOString() })));
    await timers.insertMany(B, [{ _id: 'other-ws', dueAt: new Date(base - 5000).toISOString(), leaseUntil: new Date(0).toISOString() }]);
    const now = new Date(base).toISOString();
    const leaseUntil = new Date(base + 60_000).toISOString();
    const claims: string[] = [];
    const worker = async (name: string): Promise<void> => {
      for (;;) {
        const claimed = await timers.findOneAndUpdate(A, { dueAt: { $lte: now }, leaseUntil: { $lt: now } }, { $set: { leaseUntil, owner: name } }, { sort: { dueAt: 1 } });
        if (!claimed) return;
        expect(claimed.owner).toBe(name);
        claims.push(claimed._id);
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => worker(`w${i}`)));
    expect(claims).toHaveLength(40);
    expect(new Set(claims).size).toBe(40);
    expect(await timers.count(A, { owner: { $exists: true } })).toBe(40);
    expect((await timers.findOne(B, { _id: 'other-ws' }))?.leaseUntil).toBe(new Date(0).toISOString());
  });


  if (options.persistent) {
    it('keeps every document and index across close and reopen', async () => {
      await seedPeople(context.store);
      await context.store.commit(A, [
        { collection: 'people', op: 'update', filter: { _id: 'p1' }, update: { $set: { score: 77 } } },
        { collection: 'people', op: 'delete', filter: { _id: 'p4' } },
        { collection: 'accounts', op: 'insert', doc: { _id: 'acc', handle: 'kept' } },
      ]);
      context.store = await context.harness.reopen!();
      expect(idsOf(await people().find(A, {}))).toEqual(['p1', 'p2', 'p3']);
      expect((await people().findOne(A, { _id: 'p1' }))?.score).toBe(77);
      expect(idsOf(await people().find(B, {}))).toEqual(['q1', 'q2']);
      expect(await context.store.collection('accounts').insertOne(A, { _id: 'acc2', handle: 'kept' })).toMatchObject({ ok: false, conflict: { index: 'handle' } });
      expect((await people().find(A, { 'address.city': 'London' }, { sort: { age: -1 } })).map((p) => p._id)).toEqual(['p3', 'p1']);
      await people().insertOne(A, { _id: 'after', name: 'After reopen' });
      context.store = await context.harness.reopen!();
      expect(await people().count(A, {})).toBe(4);
    });
  }
}
