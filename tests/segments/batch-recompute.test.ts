/**
 * Batch recompute on real data: a slice of the UCI Online Retail event stream replayed through
 * /v1/batch, then segments created, changed and recomputed after a job rewrote traits. After every
 * step, the stored membership of every customer must equal the compiled predicate evaluated on that
 * customer — and the recompute must have found the changes with the compiled MongoDB filter through
 * the store, not by scanning customers in Node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSegmentVersion, findSegment, recomputeSegment, recomputeSegmentsForCustomers, recomputeStaleSegments, segmentCollectionNames, updateSegment } from '../../engine/segments/index';
import { EmbeddedStore, type Collection, type Filter, type StoragePort, type StoredDocument } from '../../engine/store/index';
import type { Customer, StoredEvent } from '../../schemas/types';
import { createDelegatingStore } from '../support/delegating-store';
import { basicAuth } from '../support/ingest-app';
import { createSegmentApp, type SegmentApp } from '../support/segment-app';
import { readUciEventLines, replayLines } from '../support/uci-event-slice';

const sliceLines = 5000;
const now = Date.parse('2011-03-01T00:00:00.000Z');

interface Query {
  collection: string;
  method: string;
  filter: Filter;
  options?: unknown;
}

/** A store that records the reads made through it (a second "process" over the same data). */
function createRecordingStore(store: StoragePort, log: Query[]): StoragePort {
  const delegate = createDelegatingStore(store);
  return {
    ...delegate,
    collection<T extends StoredDocument>(name: string): Collection<T> {
      const collection = store.collection<T>(name);
      return new Proxy(collection, {
        get(target, property) {
          const value = Reflect.get(target, property) as unknown;
          if (typeof value !== 'function') return value;
          if (property === 'find' || property === 'iterate' || property === 'count') {
            return (workspace: string, filter: Filter, options?: unknown) => {
              log.push({ collection: name, method: property, filter, options });
              return (value as (...args: unknown[]) => unknown).call(target, workspace, filter, options);
            };
          }
          return (value as (...args: unknown[]) => unknown).bind(target);
        },
      });
    },
  };
}

const definitions = [
  { id: 'uk-repeat', name: 'UK repeat buyers', conditions: { all: [{ fact: 'attributes.country', operator: 'equal', value: 'United Kingdom' }, { fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 3 }] } },
  { id: 'big-revenue', name: 'Over £1,000', conditions: { all: [{ fact: 'traits.revenue_total', operator: 'greaterThan', value: 1000 }] } },
  { id: 'recent', name: 'Ordered in the last 30 days', conditions: { all: [{ fact: 'traits.last_order_at', operator: 'withinLastDays', value: 30 }] } },
  { id: 'lapsing', name: 'No order for 45 days', conditions: { all: [{ fact: 'traits.last_order_at', operator: 'notWithinLastDays', value: 45 }, { fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 1 }] } },
  { id: 'refunders', name: 'Refunded something', conditions: { any: [{ fact: 'traits.event_counts.Order Refunded', operator: 'greaterThanInclusive', value: 1 }, { not: { fact: 'traits.average_order_value', operator: 'between', value: [10, 2000] } }] } },
  { id: 'abroad-mid', name: 'Mid-value customers abroad', conditions: { all: [{ not: { fact: 'attributes.country', operator: 'in', value: ['United Kingdom', 'EIRE'] } }, { fact: 'traits.average_order_value', operator: 'between', value: [100, 400] }] } },
  { id: 'big-recent', name: 'Big and recent', conditions: { all: [{ fact: 'segments', operator: 'contains', value: 'big-revenue' }, { fact: 'traits.last_order_at', operator: 'withinLastDays', value: 60 }] } },
];

let t: SegmentApp;
let shared: EmbeddedStore;
const log: Query[] = [];

/** Every customer's stored membership of a segment must be what the compiled predicate says now. */
async function expectMembershipEqualsPredicate(segmentId: string): Promise<number> {
  const segment = (await findSegment(t.store, t.workspace, segmentId))!;
  const compiled = compileSegmentVersion(t.store, t.workspace, segment);
  const customers = await shared.collection<Customer>('customers').find(t.workspace, {});
  const wrong = customers.filter((customer) => customer.segments.includes(segmentId) !== compiled.test(customer, { now: t.clock.now() })).map((customer) => customer.userId);
  expect(wrong, `${segmentId}: customers whose membership differs from the predicate`).toEqual([]);
  const members = customers.filter((customer) => customer.segments.includes(segmentId)).length;
  expect(await shared.collection('customers').count(t.workspace, compiled.toMongoFilter(t.clock.now()))).toBe(members);
  return members;
}

beforeAll(async () => {
  shared = new EmbeddedStore();
  t = await createSegmentApp({ store: createRecordingStore(shared, log), start: now });
  const lines = await readUciEventLines(sliceLines);
  await replayLines((payload) => t.inject({ method: 'POST', url: '/v1/batch', payload, headers: { 'content-type': 'application/json', authorization: basicAuth() } }), lines);
}, 300_000);

afterAll(async () => {
  await t.close();
  await shared.close();
});

describe('batch recompute on UCI Online Retail data', () => {
  it('computes each new segment exactly as the predicate does, customer by customer, with one Segment Entered per member', async () => {
    const customerCount = await shared.collection('customers').count(t.workspace, {});
    expect(customerCount).toBeGreaterThan(800);
    for (const definition of definitions) {
      log.length = 0;
      const created = await t.createSegment(definition);
      const members = await expectMembershipEqualsPredicate(definition.id);
      expect(created.recompute).toMatchObject({ entered: members, exited: 0, size: members });
      expect(created.size).toBe(members);
      const entered = await shared.collection<StoredEvent>('events').count(t.workspace, { event: 'Segment Entered', 'properties.segment_id': definition.id });
      expect(entered).toBe(members);
      // The members were found by the compiled filter, through the store.
      const filter = compileSegmentVersion(t.store, t.workspace, (await findSegment(t.store, t.workspace, definition.id))!).toMongoFilter(t.clock.now());
      const customerQueries = log.filter((query) => query.collection === 'customers');
      expect(customerQueries.some((query) => JSON.stringify(query.filter).includes(JSON.stringify(filter)))).toBe(true);
      // No read of every customer: the only unfiltered one is the bounded sample of the fact catalogue.
      const unfiltered = customerQueries.filter((query) => Object.keys(query.filter).length === 0);
      expect(unfiltered.every((query) => (query.options as { limit?: number } | undefined)?.limit === 1000)).toBe(true);
    }
    const sizes = Object.fromEntries(await Promise.all(definitions.map(async (definition) => [definition.id, await shared.collection('customers').count(t.workspace, { segments: definition.id })])));
    // Real data gives every segment members and non-members.
    for (const size of Object.values(sizes)) {
      expect(size).toBeGreaterThan(0);
      expect(size).toBeLessThan(customerCount);
    }
  });

  it('recomputes a changed definition: only the difference enters or leaves, and it equals the predicate again', async () => {
    const before = await shared.collection('customers').count(t.workspace, { segments: 'big-revenue' });
    const response = await t.admin('PUT', '/api/segments/big-revenue', { name: 'Over £2,500', conditions: { all: [{ fact: 'traits.revenue_total', operator: 'greaterThan', value: 2500 }] } });
    expect(response.statusCode).toBe(200);
    const after = await expectMembershipEqualsPredicate('big-revenue');
    expect(response.json().recompute).toMatchObject({ version: 2, entered: 0, exited: before - after, size: after });
    // The segment defined by it followed in the same recompute.
    await expectMembershipEqualsPredicate('big-recent');
    const exited = await shared.collection<StoredEvent>('events').count(t.workspace, { event: 'Segment Exited', 'properties.segment_id': 'big-revenue' });
    expect(exited).toBe(before - after);
  });

  it('follows a job that rewrote traits, for the customers it names', async () => {
    const members = await shared.collection<Customer>('customers').find(t.workspace, { segments: 'big-revenue' }, { limit: 5 });
    const ids = members.map((member) => member._id);
    await shared.collection('customers').updateMany(t.workspace, { _id: { $in: ids } }, { $set: { 'traits.revenue_total': 0 }, $inc: { version: 1 } });
    const results = await recomputeSegmentsForCustomers(t.runtime, t.workspace, { customerIds: ids, facts: ['traits.revenue_total'] });
    expect(results.map((result) => result.segmentId).sort()).toEqual(['big-revenue']);
    expect(results[0].exited).toBe(ids.length);
    for (const definition of definitions) await expectMembershipEqualsPredicate(definition.id);
  });

  it('records nothing when run again with nothing changed, and finishes a recompute a crash interrupted', async () => {
    const events = await shared.collection('events').count(t.workspace, {});
    const again = await recomputeSegment(t.runtime, t.workspace, 'uk-repeat');
    expect(again).toMatchObject({ entered: 0, exited: 0 });
    expect(await shared.collection('events').count(t.workspace, {})).toBe(events);

    // A saved version whose recompute never ran (the process died right after the definition commit).
    const saved = await updateSegment(t.runtime, t.workspace, 'recent', { name: 'Ordered in the last 10 days', conditions: { all: [{ fact: 'traits.last_order_at', operator: 'withinLastDays', value: 10 }] } });
    expect(saved.ok).toBe(true);
    const finished = await recomputeStaleSegments(t.runtime, t.workspace);
    expect(finished.map((result) => result.segmentId)).toEqual(['recent']);
    await expectMembershipEqualsPredicate('recent');
    expect((await findSegment(t.store, t.workspace, 'recent'))!.computedVersion).toBe(2);
    expect(await recomputeStaleSegments(t.runtime, t.workspace)).toEqual([]);
  });

  it('serves the size history of every recompute', async () => {
    const response = await t.admin('GET', '/api/segments/big-revenue/sizes');
    expect(response.statusCode).toBe(200);
    const points = response.json().points as Array<{ reason: string; size: number; version: number }>;
    expect(points.map((point) => point.version)).toEqual([1, 2]);
    expect(points.at(-1)!.size).toBe(await shared.collection(segmentCollectionNames.customers).count(t.workspace, { segments: 'big-revenue' }));
  });
});
