import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findCustomerOfUserId, type IdentityDocument } from '../../engine/ingest/index';
import type { Customer, StoredEvent } from '../../schemas/types';
import { createIngestApp, type IngestApp } from '../support/ingest-app';
import { identifyMessage, orderMessage, trackMessage } from '../support/segment-message-factory';

describe('identity resolution and merge', () => {
  let ingest: IngestApp;
  beforeEach(async () => {
    ingest = await createIngestApp();
  });
  afterEach(() => ingest.close());

  const customers = () => ingest.store.collection<Customer>('customers').find(ingest.workspace, {});
  const events = () => ingest.store.collection<StoredEvent>('events').find(ingest.workspace, {});
  const identities = () => ingest.store.collection<IdentityDocument>('identities').find(ingest.workspace, {});
  async function send(...batch: Record<string, unknown>[]): Promise<void> {
    const response = await ingest.post('/v1/batch', { batch });
    expect(response.statusCode, response.body).toBe(200);
  }

  /** Every event, customer and identity agree: one customer per id, every event on an existing customer. */
  async function expectConsistent(): Promise<void> {
    const all = await customers();
    const byId = new Map(all.map((customer) => [customer._id, customer]));
    const stored = await events();
    for (const event of stored) expect(byId.has(event.customerId), `event ${event.messageId} points at a missing customer`).toBe(true);
    for (const customer of all) {
      expect(customer.traits.events_count).toBe(stored.filter((event) => event.customerId === customer._id).length);
    }
    for (const identity of await identities()) expect(byId.has(identity.customerId), `identity ${identity._id} dangles`).toBe(true);
  }

  it('identify carrying both ids merges the anonymous profile into the known one, in one commit', async () => {
    await send(identifyMessage({ userId: 'u1', traits: { plan: 'pro' }, timestamp: '2024-04-01T00:00:00Z' }), orderMessage({ userId: 'u1' }, 50));
    await send(
      trackMessage({ userId: null, anonymousId: 'anon-1', event: 'Product Viewed' }),
      orderMessage({ userId: null, anonymousId: 'anon-1' }, 20),
      identifyMessage({ userId: null, anonymousId: 'anon-1', traits: { email: 'ada@example.com' }, timestamp: '2024-04-02T00:00:00Z' }),
    );
    expect(await customers()).toHaveLength(2);

    await send(identifyMessage({ userId: 'u1', anonymousId: 'anon-1', traits: {} }));
    const [customer] = await customers();
    expect(await customers()).toHaveLength(1);
    expect(customer.userId).toBe('u1');
    expect(customer.anonymousIds).toEqual(['anon-1']);
    expect(customer.attributes).toMatchObject({ plan: 'pro', email: 'ada@example.com' });
    expect(customer.traits).toMatchObject({ events_count: 6, orders_count: 2, revenue_total: 70 });
    expect(new Set((await events()).map((event) => event.customerId))).toEqual(new Set([customer._id]));
    expect((await identities()).map((identity) => [identity.kind, identity.value, identity.customerId]).sort()).toEqual([
      ['anonymousId', 'anon-1', customer._id],
      ['userId', 'u1', customer._id],
    ]);
    await expectConsistent();
  });

  it('a new userId takes over the anonymous profile instead of starting another', async () => {
    await send(trackMessage({ userId: null, anonymousId: 'anon-2' }));
    await send(identifyMessage({ userId: 'u2', anonymousId: 'anon-2' }), trackMessage({ userId: 'u2' }), trackMessage({ userId: null, anonymousId: 'anon-2' }));
    const all = await customers();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ userId: 'u2', anonymousIds: ['anon-2'] });
    expect(all[0].traits.events_count).toBe(4);
    await expectConsistent();
  });

  it('alias merges the customer of previousId into the customer of userId', async () => {
    await send(orderMessage({ userId: 'u3' }, 5));
    await send(orderMessage({ userId: null, anonymousId: 'anon-3' }, 7), trackMessage({ userId: null, anonymousId: 'anon-3' }));
    const alias = await ingest.post('/v1/alias', { userId: 'u3', previousId: 'anon-3', messageId: 'alias-1' });
    expect(alias.statusCode).toBe(200);
    const all = await customers();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ userId: 'u3', anonymousIds: ['anon-3'], traits: { orders_count: 2, revenue_total: 12, events_count: 4 } });
    await expectConsistent();
  });

  it('alias with an unseen previousId links it, so later anonymous events land on the known customer', async () => {
    await ingest.post('/v1/alias', { userId: 'u4', previousId: 'anon-4' });
    expect((await customers())[0]).toMatchObject({ userId: 'u4', anonymousIds: [] });
    await send(trackMessage({ userId: null, anonymousId: 'anon-4' }));
    const all = await customers();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ userId: 'u4', anonymousIds: ['anon-4'] });
    await expectConsistent();
  });

  it('alias with an unseen previousId links it as a userId too: a later event by that userId joins the alias (issue #2 probe)', async () => {
    const post = async (url: string, body: Record<string, unknown>) => expect((await ingest.post(url, body)).statusCode).toBe(200);
    await post('/v1/track', { userId: 'NU1', event: 'A', messageId: 'nu1' });
    await post('/v1/alias', { userId: 'NU1', previousId: 'NP1', messageId: 'nu-al' });
    await post('/v1/track', { userId: 'NP1', event: 'B', messageId: 'np1' });
    const all = await customers();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ userId: 'NU1', anonymousIds: [], traits: { events_count: 3, event_counts: { A: 1, B: 1 } } });
    expect(await findCustomerOfUserId(ingest.store, ingest.workspace, 'NP1')).toMatchObject({ customer: { _id: all[0]._id }, isFormerUserId: true });
    await expectConsistent();
  });

  it('a previousId first used after the alias as a userId with its own anonymousId, and merged by identify, stays on the alias', async () => {
    await ingest.post('/v1/alias', { userId: 'u6', previousId: 'p6' });
    await send(trackMessage({ userId: null, anonymousId: 'device-6' }), orderMessage({ userId: null, anonymousId: 'device-6' }, 8));
    await send(identifyMessage({ userId: 'p6', anonymousId: 'device-6' }), trackMessage({ userId: 'p6', anonymousId: 'device-7' }));
    const all = await customers();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ userId: 'u6', anonymousIds: ['device-6', 'device-7'], traits: { events_count: 5, orders_count: 1 } });
    await expectConsistent();
  });

  it('alias chains resolve every id of the chain to one customer', async () => {
    await ingest.post('/v1/alias', { userId: 'u8', previousId: 'p8' });
    await ingest.post('/v1/alias', { userId: 'p8', previousId: 'q8' });
    await ingest.post('/v1/alias', { userId: 'v8', previousId: 'u8' });
    await send(trackMessage({ userId: 'q8' }), trackMessage({ userId: null, anonymousId: 'q8' }), trackMessage({ userId: 'p8' }), trackMessage({ userId: 'u8' }));
    const all = await customers();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ userId: 'v8', anonymousIds: ['q8'], traits: { events_count: 7 } });
    for (const userId of ['q8', 'p8', 'u8']) {
      expect(await findCustomerOfUserId(ingest.store, ingest.workspace, userId), userId).toMatchObject({ customer: { _id: all[0]._id }, isFormerUserId: true });
    }
    await expectConsistent();
  });

  it('alias merges an anonymous customer that used the previousId as an anonymousId, after the userId it also named was merged', async () => {
    await send(trackMessage({ userId: 'p9' }), trackMessage({ userId: null, anonymousId: 'p9' }), trackMessage({ userId: 'u9' }));
    expect(await customers()).toHaveLength(3);
    await ingest.post('/v1/alias', { userId: 'u9', previousId: 'p9' });
    const all = await customers();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ userId: 'u9', anonymousIds: ['p9'], traits: { events_count: 4 } });
    await expectConsistent();
  });

  it('alias renames a known previousId when the new userId is unseen, and the old id keeps resolving', async () => {
    await send(trackMessage({ userId: 'old-id' }));
    await ingest.post('/v1/alias', { userId: 'new-id', previousId: 'old-id' });
    await send(trackMessage({ userId: 'old-id' }), trackMessage({ userId: 'new-id' }));
    const all = await customers();
    expect(all).toHaveLength(1);
    expect(all[0].userId).toBe('new-id');
    expect(all[0].traits.events_count).toBe(4);
    await expectConsistent();
  });

  it('never merges two known customers through a shared device: the anonymousId moves to the newest', async () => {
    await send(identifyMessage({ userId: 'alice', anonymousId: 'device-1' }));
    await send(identifyMessage({ userId: 'bob', anonymousId: 'device-1' }));
    await send(trackMessage({ userId: null, anonymousId: 'device-1', messageId: 'after-bob' }));
    const all = await customers();
    expect(all.map((customer) => customer.userId).sort()).toEqual(['alice', 'bob']);
    const bob = all.find((customer) => customer.userId === 'bob')!;
    const event = (await events()).find((stored) => stored.messageId === 'after-bob')!;
    expect(event.customerId).toBe(bob._id);
    await expectConsistent();
  });

  it('resolves merges made earlier in the same batch for the events after them', async () => {
    await send(trackMessage({ userId: 'u5' }));
    await send(
      trackMessage({ userId: null, anonymousId: 'anon-5' }),
      identifyMessage({ userId: 'u5', anonymousId: 'anon-5' }),
      orderMessage({ userId: null, anonymousId: 'anon-5' }, 9),
    );
    const all = await customers();
    expect(all).toHaveLength(1);
    expect(all[0].traits).toMatchObject({ events_count: 4, orders_count: 1 });
    await expectConsistent();
  });
});
