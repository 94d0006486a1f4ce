import { afterEach, describe, expect, it } from 'vitest';
import { profileStage, rememberForRequest, RequestCache, type IngestionStage } from '../../engine/ingest/index';
import type { Customer } from '../../schemas/types';
import { createIngestApp, type IngestApp } from '../support/ingest-app';
import { trackMessage } from '../support/segment-message-factory';

/**
 * A stage that reads a "catalogue" through the request cache, as the traits and segments stages do,
 * and stamps the catalogue's revision on the customer so the test can see which one each event saw.
 */
function catalogueStage(loads: { count: number; revision: number }): IngestionStage {
  const key = Symbol('test catalogue');
  return {
    name: 'catalogue',
    apply(input) {
      const load = async (): Promise<number> => {
        loads.count++;
        return loads.revision;
      };
      const revision = rememberForRequest(input.cache, key, load);
      const apply = (seen: number) => ({ customer: { ...input.customer, attributes: { ...input.customer.attributes, revision: seen } }, writes: [], emitted: [] });
      return revision instanceof Promise ? revision.then(apply) : apply(revision);
    },
  };
}

describe('request cache', () => {
  let ingest: IngestApp | null = null;
  afterEach(async () => {
    await ingest?.close();
    ingest = null;
  });

  it('remembers a load until it resolves, then its value; forgets a failed one', async () => {
    const cache = new RequestCache();
    const key = Symbol('k');
    let calls = 0;
    const first = cache.remember(key, async () => ++calls);
    expect(cache.remember(key, async () => ++calls)).toBe(first);
    expect(await first).toBe(1);
    expect(cache.remember(key, async () => ++calls)).toBe(1);

    const failing = Symbol('failing');
    await expect(cache.remember(failing, () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(await cache.remember(failing, async () => 'read again')).toBe('read again');
    expect(rememberForRequest(undefined, key, () => 'no cache: always loaded')).toBe('no cache: always loaded');
  });

  it('lets the stages read their catalogue once per request, and afresh on the next request', async () => {
    const loads = { count: 0, revision: 1 };
    const app = (ingest = await createIngestApp({ stages: [profileStage, catalogueStage(loads)] }));
    const batch = { batch: ['u1', 'u2', 'u3'].map((userId, i) => trackMessage({ userId, messageId: `m${i}` })) };
    expect((await app.post('/v1/batch', batch)).statusCode).toBe(200);
    expect(loads.count).toBe(1);

    // Another process changes the catalogue: the next request sees it.
    loads.revision = 2;
    expect((await app.post('/v1/track', trackMessage({ userId: 'u1', messageId: 'm9' }))).statusCode).toBe(200);
    expect(loads.count).toBe(2);
    const customers = app.store.collection<Customer>('customers');
    expect((await customers.findOne(app.workspace, { userId: 'u1' }))?.attributes.revision).toBe(2);
    expect((await customers.findOne(app.workspace, { userId: 'u2' }))?.attributes.revision).toBe(1);
  });
});
