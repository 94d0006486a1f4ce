import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Customer, StoredEvent } from '../../schemas/types';
import { createIngestApp, type IngestApp } from '../support/ingest-app';
import { snapshotStore } from '../support/store-snapshot';
import { identifyMessage, orderMessage, trackMessage } from '../support/segment-message-factory';

describe('messageId de-duplication', () => {
  let ingest: IngestApp;
  beforeEach(async () => {
    ingest = await createIngestApp();
  });
  afterEach(() => ingest.close());

  it('a replayed single message changes nothing, and is acknowledged like the first', async () => {
    const order = orderMessage({ messageId: 'order-1' }, 30);
    expect((await ingest.post('/v1/track', order)).statusCode).toBe(200);
    const before = await snapshotStore(ingest.store);
    const replay = await ingest.post('/v1/track', order);
    expect(replay.statusCode).toBe(200);
    expect(replay.json()).toEqual({ success: true });
    expect(await snapshotStore(ingest.store)).toBe(before);
  });

  it('a replayed batch changes nothing, even with different content under the same messageIds', async () => {
    const batch = [identifyMessage({ messageId: 'm-1' }), orderMessage({ messageId: 'm-2' }, 10), trackMessage({ messageId: 'm-3' })];
    expect((await ingest.post('/v1/batch', { batch })).statusCode).toBe(200);
    const before = await snapshotStore(ingest.store);
    const altered = batch.map((message) => ({ ...message, userId: 'someone-else' }));
    expect((await ingest.post('/v1/batch', { batch: altered })).statusCode).toBe(200);
    expect(await snapshotStore(ingest.store)).toBe(before);
  });

  it('stores a messageId repeated inside one batch once, and counts it once on the profile', async () => {
    const order = orderMessage({ messageId: 'twice' }, 15);
    const response = await ingest.post('/v1/batch', { batch: [order, order, trackMessage()] });
    expect(response.statusCode).toBe(200);
    expect(await ingest.store.collection<StoredEvent>('events').count(ingest.workspace, { messageId: 'twice' })).toBe(1);
    const customer = await ingest.store.collection<Customer>('customers').findOne(ingest.workspace, { userId: 'user-1' });
    expect(customer?.traits.orders_count).toBe(1);
    expect(customer?.traits.events_count).toBe(2);
  });

  it('keeps messageIds apart per workspace', async () => {
    const message = trackMessage({ messageId: 'shared-id' });
    await ingest.post('/v1/track', message);
    const other = { _id: 'ws_other/shared-id', messageId: 'shared-id' };
    await ingest.store.commit('ws_other', [{ collection: 'events', op: 'insert', doc: other }]);
    expect(await ingest.store.collection('events').count(ingest.workspace, { messageId: 'shared-id' })).toBe(1);
    expect(await ingest.store.collection('events').count('ws_other', { messageId: 'shared-id' })).toBe(1);
  });

  it('fills a messageId when a message has none (such messages cannot be de-duplicated)', async () => {
    const { messageId: _omitted, ...message } = trackMessage();
    await ingest.post('/v1/track', message);
    await ingest.post('/v1/track', message);
    const events = await ingest.store.collection<StoredEvent>('events').find(ingest.workspace, {});
    expect(events).toHaveLength(2);
    expect(events[0].messageId).not.toBe(events[1].messageId);
    expect(events[0].messageId).toMatch(/^wf-/);
  });
});
