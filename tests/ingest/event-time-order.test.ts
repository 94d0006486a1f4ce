import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Customer } from '../../schemas/types';
import { createIngestApp, type IngestApp } from '../support/ingest-app';
import { identifyMessage, orderMessage } from '../support/segment-message-factory';

describe('events arriving out of order', () => {
  let ingest: IngestApp;
  beforeEach(async () => {
    ingest = await createIngestApp();
  });
  afterEach(() => ingest.close());

  const customer = async () => (await ingest.store.collection<Customer>('customers').findOne(ingest.workspace, { userId: 'late-user' }))!;

  it('profiles reflect event time, not arrival: a late older identify does not overwrite a newer trait', async () => {
    await ingest.post('/v1/identify', identifyMessage({ type: undefined, userId: 'late-user', traits: { plan: 'gold' }, timestamp: '2024-04-20T10:00:00.000Z' }));
    await ingest.post('/v1/track', orderMessage({ type: undefined, userId: 'late-user', timestamp: '2024-04-25T10:00:00.000Z' }, 30));
    // Delivered late (a phone back online): both happened before the events above.
    await ingest.post('/v1/batch', {
      batch: [
        identifyMessage({ userId: 'late-user', traits: { plan: 'silver', city: 'Leeds' }, timestamp: '2024-04-01T10:00:00.000Z' }),
        orderMessage({ userId: 'late-user', timestamp: '2024-04-02T10:00:00.000Z' }, 10),
      ],
    });
    const profile = await customer();
    expect(profile.attributes).toMatchObject({ plan: 'gold', city: 'Leeds' });
    expect(profile.traits).toMatchObject({
      first_seen_at: '2024-04-01T10:00:00.000Z',
      last_seen_at: '2024-04-25T10:00:00.000Z',
      first_order_at: '2024-04-02T10:00:00.000Z',
      last_order_at: '2024-04-25T10:00:00.000Z',
      orders_count: 2,
      revenue_total: 40,
    });
  });
});
