import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityDocument } from '../../engine/ingest/index';
import type { Customer, StoredEvent } from '../../schemas/types';
import { createIngestApp, type IngestApp } from '../support/ingest-app';
import { SeededRandom } from '../support/seeded-random';

/**
 * Issue #2: who an event belongs to must not depend on the order messages arrive in, even when an
 * alias arrives before the events of its previousId (docs/ingestion.md, "Who an event belongs to").
 * Each order runs under its own id prefix in one store, so orders do not see each other's ids.
 */
describe('alias and identify in any arrival order', () => {
  let ingest: IngestApp;
  beforeAll(async () => {
    ingest = await createIngestApp();
  });
  afterAll(() => ingest.close());

  type Message = { url: string; body: Record<string, unknown> };
  /** Ids to prefix per run; messageIds are prefixed too, so runs never de-duplicate each other. */
  const idFields = ['userId', 'anonymousId', 'previousId', 'messageId'];

  /** Two userIds, two anonymousIds, an alias whose previousId is later used as a userId, and identifies that merge. */
  const messages: Message[] = [
    { url: '/v1/track', body: { userId: 'NU1', event: 'A', messageId: 'nu1' } },
    { url: '/v1/alias', body: { userId: 'NU1', previousId: 'NP1', messageId: 'nu-al' } },
    { url: '/v1/track', body: { userId: 'NP1', event: 'B', messageId: 'np1' } },
    { url: '/v1/identify', body: { userId: 'NP1', anonymousId: 'A2', traits: { plan: 'pro' }, messageId: 'np-id' } },
    { url: '/v1/page', body: { anonymousId: 'A2', name: 'Home', messageId: 'a2-page' } },
    { url: '/v1/identify', body: { userId: 'NU1', anonymousId: 'A1', traits: {}, messageId: 'nu-id' } },
  ];

  let run = 0;
  /** Sends the messages one request each, in the order given, and summarises the customers they made. */
  async function customersAfter(order: readonly Message[]): Promise<unknown[]> {
    run += 1;
    const prefix = `r${run}-`;
    for (const { url, body } of order) {
      const prefixed = Object.fromEntries(Object.entries(body).map(([key, value]) => [key, idFields.includes(key) ? prefix + String(value) : value]));
      const response = await ingest.post(url, prefixed);
      expect(response.statusCode, response.body).toBe(200);
    }
    const strip = (id: string) => id.slice(prefix.length);
    const ours = (id: string | null) => id !== null && id.startsWith(prefix);
    const customers = (await ingest.store.collection<Customer>('customers').find(ingest.workspace, {})).filter(
      (customer) => ours(customer.userId) || customer.anonymousIds.some(ours),
    );
    const events = await ingest.store.collection<StoredEvent>('events').find(ingest.workspace, {});
    const identities = await ingest.store.collection<IdentityDocument>('identities').find(ingest.workspace, {});
    const ids = new Set(customers.map((customer) => customer._id));
    for (const event of events.filter((stored) => ours(stored.messageId))) expect(ids.has(event.customerId), `event ${event.messageId}`).toBe(true);
    for (const identity of identities.filter((stored) => ours(stored.value))) expect(ids.has(identity.customerId), `identity ${identity._id}`).toBe(true);
    return customers
      .map((customer) => ({
        userId: customer.userId === null ? null : strip(customer.userId),
        anonymousIds: customer.anonymousIds.map(strip),
        events_count: customer.traits.events_count,
      }))
      .sort((a, b) => String(a.userId).localeCompare(String(b.userId)) || a.anonymousIds.join().localeCompare(b.anonymousIds.join()));
  }

  function permutationsOf<T>(items: readonly T[]): T[][] {
    if (items.length <= 1) return [[...items]];
    return items.flatMap((item, index) => permutationsOf([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]));
  }

  it('gives the same customers for every one of the 720 orders of six messages', async () => {
    const expected = [{ userId: 'NU1', anonymousIds: ['A1', 'A2'], events_count: 6 }];
    const splits: string[] = [];
    for (const order of permutationsOf(messages)) {
      const customers = await customersAfter(order);
      try {
        expect(customers).toEqual(expected);
      } catch {
        splits.push(`${order.map((message) => message.body.messageId).join(' → ')}: ${JSON.stringify(customers)}`);
      }
    }
    expect(splits.slice(0, 5), `${splits.length} of 720 orders differ`).toEqual([]);
  }, 120_000);

  it('gives the same customers for seeded shuffles of an alias chain with a previousId used as an anonymousId', async () => {
    const chain: Message[] = [
      ...messages,
      { url: '/v1/alias', body: { userId: 'NV1', previousId: 'NU1', messageId: 'nv-al' } },
      { url: '/v1/track', body: { anonymousId: 'NP1', event: 'C', messageId: 'np-anon' } },
    ];
    const expected = [{ userId: 'NV1', anonymousIds: ['A1', 'A2', 'NP1'], events_count: 8 }];
    const random = new SeededRandom(2);
    const splits: string[] = [];
    for (let shuffle = 0; shuffle < 200; shuffle += 1) {
      const order = [...chain];
      for (let i = order.length - 1; i > 0; i -= 1) {
        const j = random.integer(0, i);
        [order[i], order[j]] = [order[j], order[i]];
      }
      const customers = await customersAfter(order);
      try {
        expect(customers).toEqual(expected);
      } catch {
        splits.push(`${order.map((message) => message.body.messageId).join(' → ')}: ${JSON.stringify(customers)}`);
      }
    }
    expect(splits.slice(0, 5), `${splits.length} of 200 orders differ`).toEqual([]);
  }, 120_000);

  it('replays of the messages and of the alias change nothing', async () => {
    const once = await customersAfter(messages);
    const prefix = `r${run}-`;
    const identitiesOf = async () =>
      (await ingest.store.collection<IdentityDocument>('identities').find(ingest.workspace, {}))
        .filter((identity) => identity.value.startsWith(prefix))
        .map((identity) => `${identity._id} → ${identity.customerId}`)
        .sort();
    const identities = await identitiesOf();
    const prefixed = (body: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(body).map(([key, value]) => [key, idFields.includes(key) ? prefix + String(value) : value]));
    // The same messages again (de-duplicated by messageId), and the alias once more under a new messageId.
    for (const { url, body } of [...messages].reverse()) expect((await ingest.post(url, prefixed(body))).statusCode).toBe(200);
    expect((await ingest.post('/v1/alias', prefixed({ userId: 'NU1', previousId: 'NP1', messageId: 'nu-al-again' }))).statusCode).toBe(200);
    const customers = (await ingest.store.collection<Customer>('customers').find(ingest.workspace, {})).filter((customer) => customer.userId?.startsWith(prefix));
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ userId: `${prefix}NU1`, anonymousIds: [`${prefix}A1`, `${prefix}A2`], traits: { events_count: 7 } });
    expect(once).toEqual([{ userId: 'NU1', anonymousIds: ['A1', 'A2'], events_count: 6 }]);
    expect(await identitiesOf()).toEqual(identities);
  });
});
