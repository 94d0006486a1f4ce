import { afterEach, describe, expect, it } from 'vitest';
import { profileStage, type IngestionStage, type StageInput } from '../../engine/ingest/index';
import type { Customer, StoredEvent } from '../../schemas/types';
import { createIngestApp, type IngestApp } from '../support/ingest-app';
import { snapshotStore } from '../support/store-snapshot';
import { orderMessage, trackMessage } from '../support/segment-message-factory';

const stageLog = { name: 'stage_log', indexes: [] };

/** A stage that records what it saw as a write of the same commit. */
function recordingStage(name: string, seen: Array<{ stage: string; event: string; before: Customer | null; count: number | undefined }>): IngestionStage {
  return {
    name,
    apply(input: StageInput) {
      const label = input.event.event ?? input.event.type;
      seen.push({ stage: name, event: label, before: input.before, count: input.customer.traits.events_count });
      return {
        customer: input.customer,
        writes: [{ collection: 'stage_log', op: 'insert', doc: { _id: `${name}:${input.event.messageId}`, event: label, at: input.now } }],
        emitted: [],
      };
    },
  };
}

/** A stage that emits "VIP Reached" when the second order arrives, as a segments stage would. */
const vipStage: IngestionStage = {
  name: 'vip',
  apply({ customer, event }) {
    const reached = event.event === 'Order Completed' && customer.traits.orders_count === 2;
    const emitted: StoredEvent[] = reached
      ? [{ ...event, messageId: `vip:${customer._id}`, event: 'VIP Reached', properties: { orders: 2 } }]
      : [];
    return { customer: reached ? { ...customer, segments: [...customer.segments, 'vip'] } : customer, writes: [], emitted };
  },
};

describe('ingestion stages', () => {
  let ingest: IngestApp;
  afterEach(() => ingest.close());

  it('runs every event through the stages in order, profile first, and commits their writes with the event', async () => {
    const seen: Parameters<typeof recordingStage>[1] = [];
    ingest = await createIngestApp({ stages: [profileStage, recordingStage('second', seen)], extraCollections: [stageLog] });
    await ingest.post('/v1/batch', { batch: [trackMessage({ messageId: 'a' }), orderMessage({ messageId: 'b' })] });
    expect(seen.map(({ event, count }) => [event, count])).toEqual([
      ['Product Viewed', 1],
      ['Order Completed', 2],
    ]);
    expect(seen[0].before).toBeNull();
    expect(seen[1].before?.traits.events_count).toBe(1);
    const log = await ingest.store.collection('stage_log').find(ingest.workspace, {}, { sort: { _id: 1 } });
    expect(log.map((entry) => entry._id)).toEqual(['second:a', 'second:b']);
    expect(log[0]).toMatchObject({ at: Date.parse('2024-05-01T12:00:00.000Z') });
  });

  it('hands events a stage emits to the later stages only, and stores them', async () => {
    const seen: Parameters<typeof recordingStage>[1] = [];
    ingest = await createIngestApp({ stages: [profileStage, vipStage, recordingStage('after', seen)], extraCollections: [stageLog] });
    await ingest.post('/v1/batch', { batch: [orderMessage(), orderMessage(), orderMessage()] });
    expect(seen.map(({ event }) => event)).toEqual(['Order Completed', 'Order Completed', 'VIP Reached', 'Order Completed']);
    const customer = await ingest.store.collection<Customer>('customers').findOne(ingest.workspace, {});
    expect(customer?.segments).toEqual(['vip']);
    // The profile stage ran before the emission: emitted events are not counted as the customer's own.
    expect(customer?.traits.events_count).toBe(3);
    const vip = await ingest.store.collection<StoredEvent>('events').findOne(ingest.workspace, { event: 'VIP Reached' });
    expect(vip).toMatchObject({ customerId: customer?._id, messageId: `vip:${customer?._id}` });
  });

  it('stores nothing when a stage fails, and answers 500 without internals', async () => {
    const failing: IngestionStage = {
      name: 'failing',
      apply() {
        throw new Error('secret internal detail');
      },
    };
    ingest = await createIngestApp({ stages: [profileStage, failing] });
    const before = await snapshotStore(ingest.store);
    const response = await ingest.post('/v1/track', trackMessage({ type: undefined }));
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: 'INTERNAL_ERROR', requestId: expect.any(String) });
    expect(response.body).not.toContain('secret internal detail');
    expect(await snapshotStore(ingest.store)).toBe(before);
  });

  it('gives up with 503 and stores nothing when the commit keeps conflicting', async () => {
    const conflicting: IngestionStage = {
      name: 'conflicting',
      apply: ({ customer }) => ({ customer, writes: [{ collection: 'stage_log', op: 'delete', filter: { _id: 'never-there' }, mustMatch: true }], emitted: [] }),
    };
    ingest = await createIngestApp({ stages: [profileStage, conflicting], extraCollections: [stageLog] });
    const before = await snapshotStore(ingest.store);
    const response = await ingest.post('/v1/track', trackMessage({ type: undefined }));
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json().code).toBe('SERVICE_UNAVAILABLE');
    expect(await snapshotStore(ingest.store)).toBe(before);
  });
});
