import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateAgainstSchema } from '../../engine/validation/index';
import { EmbeddedStore, MemoryBudget } from '../../engine/store/index';
import { createIngestApp, testAdminKey, type IngestApp } from '../support/ingest-app';
import { collectUntil } from '../support/major-collection';

describe('a full embedded store, over HTTP', () => {
  let ingest: IngestApp;
  let budget: MemoryBudget;
  beforeAll(async () => {
    budget = new MemoryBudget({ limitBytes: 1 });
    ingest = await createIngestApp({ store: new EmbeddedStore({ memory: budget }) });
    const accepted = await ingest.post('/v1/track', { userId: 'u1', event: 'Signed Up', messageId: 'before-full' });
    expect(accepted.statusCode).toBe(200);
    await collectUntil(() => budget.full, 'the budget sees the heap over a 1-byte limit');
  });
  afterAll(() => ingest.close());

  const count = (collection: string) => ingest.store.collection(collection).count(ingest.workspace, {});

  it('answers new events with 507 STORE_FULL and Retry-After, and stores none of them', async () => {
    const before = { events: await count('events'), customers: await count('customers') };
    const track = await ingest.post('/v1/track', { userId: 'u2', event: 'Signed Up', messageId: 'while-full' });
    expect(track.statusCode).toBe(507);
    expect(track.headers['retry-after']).toBe('60');
    const body = track.json();
    expect(body).toMatchObject({ code: 'STORE_FULL', details: [{ message: expect.stringMatching(/embedded store is full.*limit 0 MiB/) }] });
    expect(validateAgainstSchema('problem', body).ok).toBe(true);

    const batch = await ingest.post('/v1/batch', { batch: [{ type: 'track', userId: 'u1', event: 'Viewed', messageId: 'batch-1' }, { type: 'identify', userId: 'u3', traits: { plan: 'pro' } }] });
    expect(batch.statusCode).toBe(507);
    expect({ events: await count('events'), customers: await count('customers') }).toEqual(before);
  });

  it('still answers a replay of a stored message with 200 and changes nothing, and still serves reads and /health', async () => {
    const replay = await ingest.post('/v1/track', { userId: 'u1', event: 'Signed Up', messageId: 'before-full' });
    expect(replay.statusCode).toBe(200);
    expect(await count('events')).toBe(1);

    const customer = await ingest.inject({ method: 'GET', url: '/api/customers/u1', headers: { authorization: `Bearer ${testAdminKey}` } });
    expect(customer.statusCode).toBe(200);
    expect(customer.json().traits.events_count).toBe(1);

    const health = await ingest.inject({ method: 'GET', url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json().store.detail.memory).toMatchObject({ full: true, limitBytes: 1, liveBytes: expect.any(Number) });
    expect(validateAgainstSchema('health', health.json()).ok).toBe(true);
  });
});
