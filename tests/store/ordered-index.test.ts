import { Query } from 'mingo';
import { resolve } from 'mingo/util';
import { describe, expect, it } from 'vitest';
import { sortDocuments } from '../../engine/store/embedded/collection-partition';
import type { Doc } from '../../engine/store/embedded/document-filter';
import { type CollectionSpec, EmbeddedStore, type Filter, type FindOptions, type SortSpec } from '../../engine/store/index';
import { SeededRandom } from '../support/seeded-random';

const W = 'ws_index';

const indexedCollection: CollectionSpec = {
  name: 'docs',
  indexes: [
    { name: 'a', key: { a: 1 } },
    { name: 'e', key: { e: 1 } },
    { name: 'c_b', key: { c: 1, b: -1 } },
    { name: 'tags', key: { tags: 1 } },
    { name: 'x_c', key: { 'nested.x': 1, c: 1 } },
    { name: 'd_desc', key: { d: -1 } },
    { name: 'b_partial', key: { b: 1 }, partialFilter: { b: { $exists: true } } },
  ],
};

const strings = ['alpha', 'beta', 'gamma', 'delta', 'Alpha', '', 'b'];

function randomValue(random: SeededRandom): unknown {
  switch (random.integer(0, 9)) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
    case 3:
      return random.integer(-3, 12);
    case 4:
      return random.integer(-30, 30) / 4;
    case 5:
    case 6:
      return random.pick(strings);
    case 7:
      return random.chance(0.5);
    case 8:
      return Array.from({ length: random.integer(0, 3) }, () => random.integer(0, 6));
    default:
      return { k: random.integer(0, 2) };
  }
}

function randomDocument(random: SeededRandom, id: number): Doc {
  const doc: Record<string, unknown> = { _id: `d${String(id).padStart(4, '0')}`, workspace: W };
  const a = randomValue(random);
  if (a !== undefined) doc.a = a;
  if (random.chance(0.8)) doc.b = random.integer(0, 8);
  const e = randomValue(random);
  if (e !== undefined && (e === null || typeof e !== 'object')) doc.e = e;
  if (random.chance(0.9)) doc.c = random.pick(strings.slice(0, 4));
  if (random.chance(0.7)) doc.tags = random.chance(0.8) ? random.sample(['red', 'green', 'blue', 'black'], random.integer(0, 3)) : random.pick(['red', 'blue']);
  if (random.chance(0.6)) doc.nested = random.chance(0.8) ? { x: random.integer(0, 5) } : { y: 1 };
  if (random.chance(0.85)) doc.d = new Date(Date.UTC(2024, 0, 1) + random.integer(0, 30) * 86_400_000).toISOString();
  return doc as Doc;
}

function randomCondition(random: SeededRandom): Filter {
  const field = random.pick(['a', 'b', 'c', 'e', 'tags', 'nested.x', 'd', 'missing']);
  const scalar = (): unknown => {
    if (field === 'd') return new Date(Date.UTC(2024, 0, 1) + random.integer(0, 30) * 86_400_000).toISOString();
    if (field === 'tags') return random.pick(['red', 'green', 'blue', 'black', 'white']);
    if (field === 'c') return random.pick(strings);
    const value = randomValue(random);
    return value === undefined || typeof value === 'object' ? random.integer(0, 6) : value;
  };
  switch (random.integer(0, 8)) {
    case 0:
    case 1:
      return { [field]: scalar() };
    case 2:
      return { [field]: { $in: [scalar(), scalar(), random.chance(0.3) ? null : scalar()] } };
    case 3:
      return { [field]: { [random.pick(['$gt', '$gte'])]: scalar() } };
    case 4:
      return { [field]: { [random.pick(['$lt', '$lte'])]: scalar() } };
    case 5:
      return { [field]: { [random.pick(['$gt', '$gte'])]: scalar(), [random.pick(['$lt', '$lte'])]: scalar() } };
    case 6:
      return { [field]: { $exists: random.chance(0.5) } };
    case 7:
      return { [field]: { $ne: scalar() } };
    default:
      return { $or: [{ [field]: scalar() }, { c: random.pick(strings) }] };
  }
}

function randomFilter(random: SeededRandom): Filter {
  const filter: Filter = {};
  const conditions = random.integer(0, 3);
  for (let i = 0; i < conditions; i++) {
    const condition = randomCondition(random);
    const key = Object.keys(condition)[0];
    if (key in filter) filter.$and = [...((filter.$and as Filter[]) ?? []), condition];
    else Object.assign(filter, condition);
  }
  return filter;
}

function randomOptions(random: SeededRandom): FindOptions {
  const options: FindOptions = {};
  if (random.chance(0.6)) {
    const sort: SortSpec = {};
    // Only fields that never hold arrays: mingo's order over arrays depends on input order, so two
    // correct plans could legitimately disagree there.
    for (const field of random.sample(['b', 'c', 'd', 'e', 'nested.x'], random.integer(1, 2))) sort[field] = random.chance(0.5) ? 1 : -1;
    options.sort = sort;
  }
  if (random.chance(0.5)) options.limit = random.integer(1, 25);
  if (random.chance(0.25)) options.skip = random.integer(0, 10);
  return options;
}

/** The sort key of each document, with missing read as null (MongoDB sorts the two as equal). */
function sortKeys(docs: Doc[], sort: SortSpec): string[] {
  return docs.map((doc) => JSON.stringify(Object.keys(sort).map((field) => resolve(doc, field) ?? null)));
}

describe('ordered indexes', () => {
  it('give the same answers as a scan of every document, for random data, queries and updates', async () => {
    const random = new SeededRandom(4242);
    const store = new EmbeddedStore();
    await store.open([indexedCollection]);
    const collection = store.collection<Doc>('docs');
    const reference = new Map<string, Doc>();
    for (let i = 0; i < 600; i++) {
      const doc = randomDocument(random, i);
      reference.set(doc._id, doc);
      await collection.insertOne(W, doc);
    }
    const plans = new Set<string>();
    for (let round = 0; round < 3; round++) {
      for (let q = 0; q < 300; q++) {
        const filter = randomFilter(random);
        const options = randomOptions(random);
        const label = JSON.stringify({ filter, options });
        const query = new Query(filter);
        const expected = [...reference.values()].filter((doc) => query.test(doc));
        const actual = await collection.find(W, filter, options);
        plans.add(store.memory('docs').explain(W, filter, options).plan);
        expect(await collection.count(W, filter), label).toBe(expected.length);
        const start = options.skip ?? 0;
        const end = options.limit === undefined ? undefined : start + options.limit;
        if (options.sort) {
          const sorted = sortDocuments([...expected], options.sort).slice(start, end);
          expect(sortKeys(actual, options.sort), label).toEqual(sortKeys(sorted, options.sort));
          for (const doc of actual) expect(query.test(doc), label).toBe(true);
        } else if (options.limit !== undefined || options.skip !== undefined) {
          expect(actual.length, label).toBe(expected.slice(start, end).length);
          for (const doc of actual) expect(reference.get(doc._id), label).toEqual(doc);
          expect(new Set(actual.map((doc) => doc._id)).size, label).toBe(actual.length);
        } else {
          expect(actual.map((doc) => doc._id).sort(), label).toEqual(expected.map((doc) => doc._id).sort());
        }
      }
      // Change a third of the documents (new values for indexed fields, deletions, re-inserts), then query again.
      for (const id of random.sample([...reference.keys()], 200)) {
        if (random.chance(0.2)) {
          await collection.deleteOne(W, { _id: id });
          reference.delete(id);
        } else {
          const replacement = randomDocument(random, Number(id.slice(1)));
          await collection.replaceOne(W, { _id: id }, replacement);
          reference.set(id, (await collection.findOne(W, { _id: id }))!);
        }
      }
    }
    // The random queries exercised the index plans as well as full scans.
    expect([...plans].sort()).toEqual(expect.arrayContaining(['a', 'b_partial', 'c_b', 'collection-scan', 'd_desc', 'e', 'tags', 'x_c']));
  });

  it('answers worker and timeline queries in time proportional to the result, not the collection', async () => {
    const store = new EmbeddedStore();
    await store.open([
      { name: 'timers', indexes: [{ name: 'due', key: { dueAt: 1 } }] },
      { name: 'events', indexes: [{ name: 'messageId', key: { messageId: 1 }, unique: true }, { name: 'timeline', key: { customerId: 1, timestamp: 1 } }] },
    ]);
    const base = Date.UTC(2024, 0, 1);
    const iso = (offset: number) => new Date(base + offset * 1000).toISOString();
    await store.collection('timers').insertMany(W, Array.from({ length: 20_000 }, (_, i) => ({ _id: `t${i}`, dueAt: iso(i), leaseUntil: iso(i % 10 === 0 ? 1e9 : 0) })));
    await store.collection('events').insertMany(W, Array.from({ length: 20_000 }, (_, i) => ({ _id: `e${i}`, messageId: `m${i}`, customerId: `c${i % 200}`, timestamp: iso(i) })));
    const timers = store.memory('timers');
    const events = store.memory('events');
    const now = iso(15_000);

    const due = timers.explain(W, { dueAt: { $lte: now }, leaseUntil: { $lt: now } }, { sort: { dueAt: 1 }, limit: 100 });
    // One in ten timers is leased, so the scan reads about 100 / 0.9 entries, whatever the collection size.
    expect(due).toMatchObject({ plan: 'due', returned: 100, sorted: false });
    expect(due.examined).toBeLessThanOrEqual(112);

    const timeline = events.explain(W, { customerId: 'c7' }, { sort: { timestamp: -1 }, limit: 50 });
    expect(timeline).toEqual({ plan: 'timeline', ranges: 1, examined: 50, returned: 50, sorted: false });
    const newest = events.find(W, { customerId: 'c7' }, { sort: { timestamp: -1 }, limit: 2 });
    expect(newest.map((event) => event._id)).toEqual(['e19807', 'e19607']);

    expect(events.explain(W, { messageId: 'm12345' })).toMatchObject({ plan: 'messageId', examined: 1, returned: 1 });
    expect(timers.explain(W, { dueAt: { $gte: iso(100), $lt: iso(200) } })).toMatchObject({ plan: 'due', examined: 100, returned: 100 });
    expect(events.explain(W, { customerId: { $in: ['c1', 'c2'] }, timestamp: { $gte: iso(19_000) } })).toMatchObject({ plan: 'timeline', ranges: 2, examined: 10, returned: 10 });
    // With no usable index the scan reads everything: the baseline the indexes are measured against.
    expect(events.explain(W, { timestamp: { $exists: true }, customerId: { $ne: 'c1' } }, { limit: 1, sort: { messageId: 1 } }).plan).toBe('messageId');
    expect(events.explain(W, { 'missing.field': 1 })).toMatchObject({ plan: 'collection-scan', examined: 20_000 });
  });

  it('refuses to declare a unique index that existing documents violate', async () => {
    const store = new EmbeddedStore();
    await store.open([{ name: 'people', indexes: [] }]);
    await store.collection('people').insertMany(W, [{ _id: 'p1', email: 'same' }, { _id: 'p2', email: 'same' }]);
    await expect(store.open([{ name: 'people', indexes: [{ name: 'email', key: { email: 1 }, unique: true }] }])).rejects.toThrow(/Cannot declare unique index "email"/);
    await store.open([{ name: 'people', indexes: [{ name: 'email_lookup', key: { email: 1 } }] }]);
    expect(store.memory('people').explain(W, { email: 'same' })).toMatchObject({ plan: 'email_lookup', returned: 2 });
  });
});
