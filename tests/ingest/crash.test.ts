import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IdentityDocument } from '../../engine/ingest/index';
import { allCollections } from '../../engine/runtime/index';
import { openStore } from '../../engine/store/index';
import type { Customer, StoredEvent } from '../../schemas/types';
import { basicAuth, testAdminKey, testWriteKey } from '../support/ingest-app';
import { startServerProcess, type ServerProcess } from '../support/server-process';

const kills = 4;
const posters = 4;
const messagesPerBatch = 12;

/** A batch of realistic traffic: known users, orders, anonymous visitors who later identify. */
function makeBatch(round: number, poster: number, sequence: number): Array<Record<string, unknown>> {
  return Array.from({ length: messagesPerBatch }, (_, i) => {
    const messageId = `crash-${round}-${poster}-${sequence}-${i}`;
    const user = `user-${(sequence * 7 + i * 3 + poster) % 40}`;
    const anonymous = `anon-${(sequence + i + poster) % 25}`;
    switch (i % 4) {
      case 0:
        return { type: 'track', messageId, anonymousId: anonymous, event: 'Product Viewed', properties: { sku: `sku-${i}` } };
      case 1:
        return { type: 'identify', messageId, userId: user, anonymousId: anonymous, traits: { plan: `plan-${sequence % 3}` } };
      case 2:
        return { type: 'track', messageId, userId: user, event: 'Order Completed', properties: { order_id: messageId, total: 10, revenue: 10, currency: 'GBP' } };
      default:
        return { type: 'page', messageId, userId: user, name: 'Home' };
    }
  });
}

async function postBatch(url: string, batch: Array<Record<string, unknown>>): Promise<boolean> {
  try {
    const response = await fetch(`${url}/v1/batch`, {
      method: 'POST',
      headers: { authorization: basicAuth(), 'content-type': 'application/json' },
      body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
    });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false; // the server was killed under the request: not acknowledged
  }
}

describe('kill -9 during ingestion', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { WAYFARER_DATA_DIR: dataDir, WAYFARER_WRITE_KEY: testWriteKey, WAYFARER_ADMIN_KEY: testAdminKey };

  it('keeps every acknowledged message exactly once and every profile consistent with its events', async () => {
    const acknowledged = new Set<string>();
    let unacknowledged: Array<Array<Record<string, unknown>>> = [];
    let interrupted = 0;

    for (let round = 0; round < kills; round++) {
      const server: ServerProcess = await startServerProcess(env);
      let killed = false;
      // Clients retry what was in flight when the server died, as Segment's libraries do.
      const retries = unacknowledged;
      unacknowledged = [];
      const loops = Array.from({ length: posters }, async (_, poster) => {
        for (let sequence = 0; !killed; sequence++) {
          const batch = poster === 0 && retries.length > 0 ? retries.pop()! : makeBatch(round, poster, sequence);
          if (await postBatch(server.url, batch)) for (const message of batch) acknowledged.add(message.messageId as string);
          else if (killed) {
            unacknowledged.push(batch);
            interrupted++;
          }
          else throw new Error(`A batch failed while the server was up:\n${server.output()}`);
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 400 + Math.random() * 800));
      killed = true;
      server.child.kill('SIGKILL');
      expect((await server.exited).signal).toBe('SIGKILL');
      await Promise.all(loops);
    }

    // Restart after the last kill: the server recovers, and a client re-sending acknowledged messages
    // (a retry after a timeout) changes nothing.
    const restarted = await startServerProcess(env);
    expect((await fetch(`${restarted.url}/health`)).status).toBe(200);
    const resent = [...acknowledged].slice(0, messagesPerBatch).map((messageId) => ({ type: 'track', messageId, userId: 'someone-else', event: 'Resent' }));
    expect(await postBatch(restarted.url, resent)).toBe(true);
    restarted.child.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);

    const store = openStore({ dataDir });
    await store.open(allCollections);
    try {
      const [workspace] = (await store.listWorkspaces('events')).filter((name) => name.startsWith('ws_'));
      const events = await store.collection<StoredEvent>('events').find(workspace, {});
      const copies = new Map<string, number>();
      for (const event of events) copies.set(event.messageId, (copies.get(event.messageId) ?? 0) + 1);
      expect(acknowledged.size).toBeGreaterThan(messagesPerBatch * posters);
      // The kills landed mid-request: batches were cut off, and their retries went through the next round.
      expect(interrupted).toBeGreaterThan(0);
      console.log(`crash test: ${acknowledged.size} messages acknowledged, ${interrupted} batches interrupted by kill -9, ${events.length} events stored`);
      const missing = [...acknowledged].filter((messageId) => !copies.has(messageId));
      expect(missing).toEqual([]);
      expect(events.filter((event) => event.event === 'Resent')).toEqual([]);
      expect([...copies.values()].every((count) => count === 1)).toBe(true);

      const customers = await store.collection<Customer>('customers').find(workspace, {});
      const eventsPerCustomer = new Map<string, number>();
      for (const event of events) eventsPerCustomer.set(event.customerId, (eventsPerCustomer.get(event.customerId) ?? 0) + 1);
      const customerIds = new Set(customers.map((customer) => customer._id));
      expect(events.filter((event) => !customerIds.has(event.customerId))).toEqual([]);
      for (const customer of customers) expect(customer.traits.events_count, customer._id).toBe(eventsPerCustomer.get(customer._id) ?? 0);
      const identities = await store.collection<IdentityDocument>('identities').find(workspace, {});
      expect(identities.filter((identity) => !customerIds.has(identity.customerId))).toEqual([]);
      // One customer per userId.
      const userIds = customers.map((customer) => customer.userId).filter((userId) => userId !== null);
      expect(new Set(userIds).size).toBe(userIds.length);
    } finally {
      await store.close();
    }
  }, 180_000);
});
