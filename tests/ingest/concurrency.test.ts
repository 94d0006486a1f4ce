import { describe, expect, it } from 'vitest';
import { ingestBatch, ingestMessage } from '../../engine/ingest/index';
import { createRuntime, KeyedLock } from '../../engine/runtime/index';
import { EmbeddedStore, type StoragePort } from '../../engine/store/index';
import type { Customer, StoredEvent } from '../../schemas/types';
import { orderMessage, trackMessage } from '../support/segment-message-factory';

/** The store, counting commits that conflicted (and so changed nothing). */
function countConflicts(store: StoragePort): { store: StoragePort; conflicts: () => number } {
  let conflicts = 0;
  const counting = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'commit') {
        return async (...args: Parameters<StoragePort['commit']>) => {
          const result = await target.commit(...args);
          if (!result.ok) conflicts++;
          return result;
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { store: counting, conflicts: () => conflicts };
}

describe('concurrent ingestion', () => {
  it('serialises requests for one customer inside a process: no update is lost and none conflicts', async () => {
    const counted = countConflicts(new EmbeddedStore());
    const runtime = await createRuntime({ store: counted.store });
    await Promise.all(Array.from({ length: 40 }, () => ingestMessage(runtime, 'ws_a', orderMessage({ userId: 'busy' }, 1), 'track')));
    const customer = await runtime.store.collection<Customer>('customers').findOne('ws_a', { userId: 'busy' });
    expect(customer?.traits).toMatchObject({ orders_count: 40, events_count: 40, revenue_total: 40 });
    expect(customer?.version).toBe(39);
    expect(counted.conflicts()).toBe(0);
  });

  it('two processes on one store (two runtimes, separate locks) never lose an update: conflicts are retried', async () => {
    const counted = countConflicts(new EmbeddedStore());
    const first = await createRuntime({ store: counted.store });
    const second = await createRuntime({ store: counted.store });
    expect(first.locks).not.toBe(second.locks);
    const requests = Array.from({ length: 30 }, (_, i) =>
      ingestBatch(i % 2 === 0 ? first : second, 'ws_a', { batch: [orderMessage({ userId: 'shared' }, 2), trackMessage({ userId: `other-${i}` })] }),
    );
    const reports = await Promise.all(requests);
    expect(reports.every((report) => report.stored === 2)).toBe(true);
    const customer = await first.store.collection<Customer>('customers').findOne('ws_a', { userId: 'shared' });
    expect(customer?.traits).toMatchObject({ orders_count: 30, events_count: 30, revenue_total: 60 });
    expect(await first.store.collection<StoredEvent>('events').count('ws_a', {})).toBe(60);
    // The race was real: some commits conflicted and were run again on fresh reads.
    expect(counted.conflicts()).toBeGreaterThan(0);
  });

  it('two processes creating the same new customer at once make one customer', async () => {
    const store = new EmbeddedStore();
    const first = await createRuntime({ store });
    const second = await createRuntime({ store });
    await Promise.all([ingestMessage(first, 'ws_a', trackMessage({ userId: 'newcomer' }), 'track'), ingestMessage(second, 'ws_a', trackMessage({ userId: 'newcomer' }), 'track')]);
    const customers = await store.collection<Customer>('customers').find('ws_a', { userId: 'newcomer' });
    expect(customers).toHaveLength(1);
    expect(customers[0].traits.events_count).toBe(2);
  });
});

describe('KeyedLock', () => {
  it('lets holders of disjoint keys run together and orders holders of a shared key', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const releaseA = await lock.acquire(['x', 'y']);
    const b = lock.acquire(['y', 'z']).then((release) => {
      order.push('b');
      release();
    });
    const releaseC = await lock.acquire(['w']);
    order.push('c');
    releaseC();
    await Promise.resolve();
    expect(order).toEqual(['c']);
    releaseA();
    await b;
    expect(order).toEqual(['c', 'b']);
    expect(lock.size).toBe(0);
  });
});
