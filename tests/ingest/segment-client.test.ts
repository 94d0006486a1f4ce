import { deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { Analytics } from '@segment/analytics-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, StoredEvent } from '../../schemas/types';
import { basicAuth, createIngestApp, testWriteKey, type IngestApp } from '../support/ingest-app';

/**
 * The unchanged official Node client, pointed at the server on a real socket: if Wayfarer speaks
 * Segment's tracking API, this is all a developer changes.
 */
describe('@segment/analytics-node against a listening server', () => {
  let ingest: IngestApp;
  let host: string;
  beforeAll(async () => {
    ingest = await createIngestApp();
    await ingest.app.listen({ port: 0, host: '127.0.0.1' });
    const address = ingest.app.server.address();
    host = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => ingest.close());

  function client(flushAt: number): { analytics: Analytics; responses: number[]; failures: unknown[] } {
    const analytics = new Analytics({ writeKey: testWriteKey, host, flushAt, flushInterval: 60_000, maxRetries: 2, httpRequestTimeout: 5_000 });
    const responses: number[] = [];
    const failures: unknown[] = [];
    analytics.on('http_response', (response) => responses.push(response.status));
    analytics.on('error', (error) => failures.push(error));
    return { analytics, responses, failures };
  }

  it('delivers identify, track, page, group and alias calls, stored with the right ids, events and properties', async () => {
    const { analytics, responses, failures } = client(1);
    analytics.identify({ userId: 'client-user', anonymousId: 'client-anon', traits: { email: 'ada@example.com', plan: 'pro' } });
    analytics.track({ userId: 'client-user', event: 'Order Completed', properties: { order_id: 'o-1', total: 42.5, revenue: 42.5, currency: 'GBP' } });
    analytics.page({ userId: 'client-user', name: 'Pricing', properties: { path: '/pricing' } });
    analytics.group({ userId: 'client-user', groupId: 'acme', traits: { name: 'Acme' } });
    analytics.alias({ userId: 'client-user', previousId: 'old-client-id' });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(failures).toEqual([]);
    expect(responses).toEqual([200, 200, 200, 200, 200]);

    const events = await ingest.store.collection<StoredEvent>('events').find(ingest.workspace, { userId: 'client-user' }, { sort: { timestamp: 1, messageId: 1 } });
    expect(events.map((event) => event.type).sort()).toEqual(['alias', 'group', 'identify', 'page', 'track']);
    const track = events.find((event) => event.type === 'track')!;
    expect(track).toMatchObject({ event: 'Order Completed', properties: { order_id: 'o-1', total: 42.5, revenue: 42.5, currency: 'GBP' } });
    expect(track.messageId).toEqual(expect.any(String));
    expect(track.context).toMatchObject({ library: { name: '@segment/analytics-node' } });
    // The library sends its own clock as `timestamp` and the batch's `sentAt`: both are kept.
    expect(track.sentAt).toEqual(expect.any(String));
    expect(track.originalTimestamp).toEqual(expect.any(String));
    expect(events.find((event) => event.type === 'page')).toMatchObject({ name: 'Pricing', properties: { path: '/pricing' } });
    expect(events.find((event) => event.type === 'group')).toMatchObject({ groupId: 'acme', traits: { name: 'Acme' } });
    expect(events.find((event) => event.type === 'alias')).toMatchObject({ previousId: 'old-client-id' });

    const customer = await ingest.store.collection<Customer>('customers').findOne(ingest.workspace, { userId: 'client-user' });
    expect(customer).toMatchObject({ attributes: { email: 'ada@example.com', plan: 'pro' }, anonymousIds: ['client-anon'], traits: { orders_count: 1, revenue_total: 42.5 } });
  });

  it('delivers batched calls: 25 tracks in batches of 10', async () => {
    const { analytics, responses, failures } = client(10);
    for (let i = 0; i < 25; i++) analytics.track({ userId: 'batch-user', event: 'Product Viewed', properties: { index: i } });
    await analytics.closeAndFlush({ timeout: 10_000 });
    expect(failures).toEqual([]);
    expect(responses).toEqual([200, 200, 200]);
    const events = await ingest.store.collection<StoredEvent>('events').find(ingest.workspace, { userId: 'batch-user' });
    expect(events.map((event) => (event.properties as { index: number }).index).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    const customer = await ingest.store.collection<Customer>('customers').findOne(ingest.workspace, { userId: 'batch-user' });
    expect(customer?.traits.event_counts).toEqual({ 'Product Viewed': 25 });
  });

  it('takes bodies compressed as analytics-python sends them with gzip=True (and deflate, zlib or raw)', async () => {
    const send = (path: string, body: Buffer, coding: string) =>
      fetch(`${host}${path}`, { method: 'POST', headers: { authorization: basicAuth(), 'content-type': 'application/json', 'content-encoding': coding }, body: new Uint8Array(body) });
    const batch = { batch: Array.from({ length: 50 }, (_, i) => ({ type: 'track', userId: 'gzip-user', messageId: `gzip-${i}`, event: 'Product Viewed', properties: { index: i, name: 'Thé vert 🍵' } })) };
    const responses = [
      await send('/v1/batch', gzipSync(JSON.stringify(batch)), 'gzip'),
      await send('/v1/identify', gzipSync(JSON.stringify({ userId: 'gzip-user', messageId: 'gzip-identify', traits: { plan: 'pro' } })), 'x-gzip'),
      await send('/v1/track', deflateSync(JSON.stringify({ userId: 'gzip-user', messageId: 'deflate-1', event: 'Deflated' })), 'deflate'),
      await send('/v1/track', deflateRawSync(JSON.stringify({ userId: 'gzip-user', messageId: 'deflate-2', event: 'Deflated' })), 'Deflate'),
    ];
    expect(await Promise.all(responses.map(async (response) => [response.status, await response.json()]))).toEqual(Array.from({ length: 4 }, () => [200, { success: true }]));
    const events = await ingest.store.collection<StoredEvent>('events').find(ingest.workspace, { userId: 'gzip-user' });
    expect(events).toHaveLength(53);
    expect(events.find((event) => event.messageId === 'gzip-7')?.properties).toEqual({ index: 7, name: 'Thé vert 🍵' });
    const customer = await ingest.store.collection<Customer>('customers').findOne(ingest.workspace, { userId: 'gzip-user' });
    expect(customer?.attributes).toMatchObject({ plan: 'pro' });
  });

  it('reports a wrong write key as a failed delivery (401, not retried)', async () => {
    const analytics = new Analytics({ writeKey: 'wk_not_a_key', host, flushAt: 1, maxRetries: 2 });
    const statuses: number[] = [];
    analytics.on('http_response', (response) => statuses.push(response.status));
    const failed = new Promise<unknown>((resolve) => analytics.on('error', resolve));
    analytics.track({ userId: 'nobody', event: 'Nope' });
    await failed;
    await analytics.closeAndFlush({ timeout: 5_000 });
    expect(statuses).toEqual([401]);
    expect(await ingest.store.collection('events').count(ingest.workspace, { userId: 'nobody' })).toBe(0);
  });
});
