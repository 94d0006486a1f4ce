import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import messageFields from '../../schemas/message-fields.schema.json' with { type: 'json' };
import { validateAgainstSchema } from '../../engine/validation/index';
import { issueApiKey, newWorkspaceId } from '../../engine/workspaces/index';
import { basicAuth, createIngestApp, testAdminKey, testWriteKey, type IngestApp } from '../support/ingest-app';

let t: IngestApp;

beforeEach(async () => {
  t = await createIngestApp();
});

afterEach(async () => {
  await t.close();
});

async function send(messages: unknown[], writeKey = testWriteKey): Promise<void> {
  const response = await t.post('/v1/batch', { batch: messages }, { authorization: basicAuth(writeKey) });
  expect(response.statusCode, response.body).toBe(200);
}

async function get(url: string, adminKey = testAdminKey) {
  const response = await t.inject({ method: 'GET', url, headers: { authorization: `Bearer ${adminKey}` } });
  return { status: response.statusCode, body: response.json() };
}

describe('GET /api/customers/{userId}', () => {
  it('returns the profile — attributes by event time, traits, memberships — without meta', async () => {
    await send([
      { type: 'identify', userId: 'u-1', messageId: 'm1', timestamp: '2024-03-02T10:00:00.000Z', traits: { plan: 'pro', address: { city: 'York' } } },
      { type: 'identify', userId: 'u-1', messageId: 'm2', timestamp: '2024-03-01T10:00:00.000Z', traits: { plan: 'free', email: 'a@example.com' } },
      { type: 'track', userId: 'u-1', messageId: 'm3', event: 'Order Completed', timestamp: '2024-03-03T09:00:00.000Z', properties: { revenue: 40 } },
      { type: 'track', userId: 'u-1', messageId: 'm4', event: 'Order Refunded', timestamp: '2024-03-04T09:00:00.000Z', properties: { total: 10 } },
    ]);
    const { status, body } = await get('/api/customers/u-1');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      userId: 'u-1',
      anonymousIds: [],
      attributes: { plan: 'pro', email: 'a@example.com', address: { city: 'York' } },
      traits: {
        events_count: 4,
        orders_count: 1,
        revenue_total: 30,
        average_order_value: 30,
        first_order_at: '2024-03-03T09:00:00.000Z',
        last_order_at: '2024-03-03T09:00:00.000Z',
        first_seen_at: '2024-03-01T10:00:00.000Z',
        last_seen_at: '2024-03-04T09:00:00.000Z',
        event_counts: { 'Order Completed': 1, 'Order Refunded': 1 },
      },
      segments: [],
      journeys: {},
    });
    expect(body).not.toHaveProperty('meta');
    expect(validateAgainstSchema('customer', body).ok).toBe(true);
  });

  it('finds userIds that need URL encoding', async () => {
    const userId = 'team/ann@example.com ü';
    await send([{ type: 'identify', userId, messageId: 'm1', traits: { name: 'Ann' } }]);
    const { status, body } = await get(`/api/customers/${encodeURIComponent(userId)}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ userId, attributes: { name: 'Ann' } });
  });

  it('finds the longest userId ingestion accepts, in characters of up to 4 UTF-8 bytes, and its events', async () => {
    const maxLength = messageFields.definitions.RequiredIdentifier.maxLength;
    // Code points, as the schema counts them: 4-byte emoji, 3-byte CJK, 2-byte Latin, ASCII.
    const characters = [...'🦊日é/a'];
    const userId = Array.from({ length: maxLength }, (_, i) => characters[i % characters.length]).join('');
    expect([...userId]).toHaveLength(maxLength);
    await send([{ type: 'track', userId, messageId: 'long-1', event: 'Long Id' }]);
    const customer = await get(`/api/customers/${encodeURIComponent(userId)}`);
    expect(customer.status, JSON.stringify(customer.body).slice(0, 300)).toBe(200);
    expect(customer.body.userId).toBe(userId);
    const events = await get(`/api/customers/${encodeURIComponent(userId)}/events`);
    expect(events.status).toBe(200);
    expect(events.body.events.map((event: { messageId: string }) => event.messageId)).toEqual(['long-1']);
    // The worst case the router must take: 4-byte characters only, 12 URL characters each.
    const widest = '🦊'.repeat(maxLength);
    await send([{ type: 'identify', userId: widest, messageId: 'long-2', traits: { name: 'Fox' } }]);
    expect(encodeURIComponent(widest)).toHaveLength(maxLength * 12);
    expect(await get(`/api/customers/${encodeURIComponent(widest)}`)).toMatchObject({ status: 200, body: { userId: widest, attributes: { name: 'Fox' } } });
  });

  it('answers 404 NOT_FOUND for an unknown userId, also for its events', async () => {
    for (const url of ['/api/customers/nobody', '/api/customers/nobody/events']) {
      const { status, body } = await get(url);
      expect(status).toBe(404);
      expect(body).toMatchObject({ code: 'NOT_FOUND', details: [{ pointer: '/userId' }] });
    }
  });

  it('needs the admin key: none is 401, the write key is 403', async () => {
    await send([{ type: 'identify', userId: 'u-1', messageId: 'm1', traits: {} }]);
    const none = await t.inject({ method: 'GET', url: '/api/customers/u-1' });
    expect(none.statusCode).toBe(401);
    expect(none.json().code).toBe('UNAUTHORIZED');
    const writeKey = await get('/api/customers/u-1', testWriteKey);
    expect(writeKey.status).toBe(403);
    expect(writeKey.body.code).toBe('FORBIDDEN');
  });

  it('never shows another workspace\'s customer', async () => {
    const other = newWorkspaceId();
    const otherWriteKey = await issueApiKey(t.store, t.runtime.clock, other, 'write');
    const otherAdminKey = await issueApiKey(t.store, t.runtime.clock, other, 'admin');
    await send([{ type: 'identify', userId: 'shared-id', messageId: 'm1', traits: { workspace: 'main' } }]);
    await send([{ type: 'identify', userId: 'shared-id', messageId: 'm1', traits: { workspace: 'other' } }, { type: 'identify', userId: 'only-other', messageId: 'm2', traits: {} }], otherWriteKey);
    expect((await get('/api/customers/shared-id')).body.attributes).toEqual({ workspace: 'main' });
    expect((await get('/api/customers/shared-id', otherAdminKey)).body.attributes).toEqual({ workspace: 'other' });
    expect((await get('/api/customers/only-other')).status).toBe(404);
    expect((await get('/api/customers?limit=500')).body.customers.map((c: { userId: string }) => c.userId)).toEqual(['shared-id']);
  });
});

describe('GET /api/customers', () => {
  it('finds a customer by anonymousId, and answers an empty page for an unknown one', async () => {
    await send([{ type: 'page', anonymousId: 'anon-7', messageId: 'm1', name: 'Home' }]);
    const found = await get('/api/customers?anonymousId=anon-7');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ customers: [{ userId: null, anonymousIds: ['anon-7'], traits: { event_counts: { 'Page Viewed': 1 } } }], next: null });
    expect((await get('/api/customers?anonymousId=anon-unknown')).body).toEqual({ customers: [], next: null });
  });

  it('lists every customer that used an anonymousId (a shared device), and merged anonymous history with the known customer', async () => {
    await send([{ type: 'page', anonymousId: 'device-1', messageId: 'm1', name: 'Home', timestamp: '2024-01-01T00:00:00.000Z' }]);
    await send([{ type: 'identify', anonymousId: 'device-1', userId: 'ann', messageId: 'm2', traits: { name: 'Ann' }, timestamp: '2024-01-02T00:00:00.000Z' }]);
    const afterMerge = await get('/api/customers?anonymousId=device-1');
    expect(afterMerge.body.customers).toHaveLength(1);
    expect(afterMerge.body.customers[0]).toMatchObject({ userId: 'ann', attributes: { name: 'Ann' }, traits: { events_count: 2, event_counts: { 'Page Viewed': 1 } } });
    await send([{ type: 'identify', anonymousId: 'device-1', userId: 'bob', messageId: 'm3', traits: { name: 'Bob' }, timestamp: '2024-01-03T00:00:00.000Z' }]);
    const shared = await get('/api/customers?anonymousId=device-1');
    expect(shared.body.customers.map((customer: { userId: string }) => customer.userId).sort()).toEqual(['ann', 'bob']);
  });

  it('pages through every customer exactly once', async () => {
    await send(Array.from({ length: 11 }, (_, i) => ({ type: 'identify', userId: `user-${i}`, messageId: `m${i}`, traits: { i } })));
    const seen: string[] = [];
    let url = '/api/customers?limit=4';
    for (let pages = 0; pages < 10; pages++) {
      const { status, body } = await get(url);
      expect(status).toBe(200);
      expect(validateAgainstSchema('customer-page', body).ok).toBe(true);
      expect(body.customers.length).toBeLessThanOrEqual(4);
      seen.push(...body.customers.map((customer: { userId: string }) => customer.userId));
      if (body.next === null) break;
      url = `/api/customers?limit=4&after=${body.next}`;
    }
    expect(seen.sort()).toEqual(Array.from({ length: 11 }, (_, i) => `user-${i}`).sort());
  });

  it('rejects bad paging parameters with INVALID_QUERY naming the parameter', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=ten', 'after=not-a-cursor', 'after=5b5d', 'colour=red']) {
      const { status, body } = await get(`/api/customers?${query}`);
      expect(status, query).toBe(400);
      expect(body.code, query).toBe('INVALID_QUERY');
      expect(body.details.length, query).toBeGreaterThan(0);
    }
    expect((await get('/api/customers?after=zz')).body.details[0].pointer).toBe('/after');
  });
});

describe('GET /api/customers/{userId}/events', () => {
  it('pages the timeline newest first, stable when many events share a timestamp, whatever the arrival order', async () => {
    const times = ['2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z', '2024-01-03T00:00:00.000Z'];
    const messages = Array.from({ length: 23 }, (_, i) => ({ type: 'track', userId: 'u-1', messageId: `m-${String(i).padStart(2, '0')}`, event: `E${i}`, timestamp: times[(i * 7) % 3] }));
    await send(messages.slice(12));
    await send(messages.slice(0, 12));
    await send([{ type: 'track', userId: 'someone-else', messageId: 'other', event: 'X', timestamp: times[1] }]);

    const pages: Array<Array<{ event: string; timestamp: string; _id: string }>> = [];
    let url = '/api/customers/u-1/events?limit=5';
    for (let i = 0; i < 10; i++) {
      const { status, body } = await get(url);
      expect(status).toBe(200);
      expect(validateAgainstSchema('customer-event-page', body).ok).toBe(true);
      pages.push(body.events);
      if (body.next === null) break;
      url = `/api/customers/u-1/events?limit=5&before=${body.next}`;
    }
    const timeline = pages.flat();
    expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 3]);
    expect(timeline.map((event) => event.event).sort()).toEqual(messages.map((message) => message.event).sort());
    const expectedOrder = [...timeline].sort((a, b) => (a.timestamp === b.timestamp ? (a._id < b._id ? 1 : -1) : a.timestamp < b.timestamp ? 1 : -1));
    expect(timeline).toEqual(expectedOrder);
  });

  it('answers an empty last page with next null, and rejects a cursor from the other list', async () => {
    await send([{ type: 'identify', userId: 'u-1', messageId: 'm1', traits: {} }]);
    expect((await get('/api/customers/u-1/events')).body).toMatchObject({ events: [{ messageId: 'm1', type: 'identify' }], next: null });
    await send([{ type: 'identify', userId: 'u-2', messageId: 'm2', traits: {} }]);
    const customersPage = await get('/api/customers?limit=1');
    const { status, body } = await get(`/api/customers/u-1/events?before=${customersPage.body.next}`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'INVALID_QUERY', details: [{ pointer: '/before' }] });
  });
});

describe('a former userId (docs/profiles.md, "The customer API")', () => {
  async function getWithHeaders(url: string) {
    const response = await t.inject({ method: 'GET', url, headers: { authorization: `Bearer ${testAdminKey}` } });
    return { status: response.statusCode, body: response.json(), contentLocation: response.headers['content-location'] };
  }

  async function alias(previousId: string, userId: string, messageId: string): Promise<void> {
    const response = await t.post('/v1/alias', { previousId, userId, messageId, timestamp: '2024-03-05T00:00:00.000Z' });
    expect(response.statusCode, response.body).toBe(200);
  }

  it('finds a renamed customer (alias old → new) by its old userId, profile and events, saying where it lives now', async () => {
    await send([
      { type: 'identify', userId: 'old-user', messageId: 'm1', timestamp: '2024-03-01T00:00:00.000Z', traits: { name: 'Ann' } },
      { type: 'track', userId: 'old-user', messageId: 'm2', event: 'Order Completed', timestamp: '2024-03-02T00:00:00.000Z', properties: { revenue: 25 } },
    ]);
    await alias('old-user', 'new-user', 'm3');
    await send([{ type: 'track', userId: 'old-user', messageId: 'm4', event: 'Viewed', timestamp: '2024-03-06T00:00:00.000Z' }]);

    const current = await getWithHeaders('/api/customers/new-user');
    expect(current.status).toBe(200);
    expect(current.contentLocation).toBeUndefined();
    const former = await getWithHeaders('/api/customers/old-user');
    expect(former.status).toBe(200);
    expect(former.body).toEqual(current.body);
    expect(former.body).toMatchObject({ userId: 'new-user', attributes: { name: 'Ann' }, traits: { orders_count: 1, events_count: 4 } });
    expect(validateAgainstSchema('customer', former.body).ok).toBe(true);
    expect(former.contentLocation).toBe('/api/customers/new-user');

    const events = await getWithHeaders('/api/customers/old-user/events?limit=10');
    expect(events.status).toBe(200);
    expect(events.body.events.map((event: { messageId: string }) => event.messageId)).toEqual(['m4', 'm3', 'm2', 'm1']);
    expect(events.body).toEqual((await getWithHeaders('/api/customers/new-user/events?limit=10')).body);
    expect(events.contentLocation).toBe('/api/customers/new-user/events?limit=10');
  });

  it('finds the customer an alias merged another known customer into, by the absorbed userId', async () => {
    await send([
      { type: 'track', userId: 'guest-42', messageId: 'm1', event: 'Order Completed', timestamp: '2024-03-01T00:00:00.000Z', properties: { revenue: 10 } },
      { type: 'identify', userId: 'ann@example.com', messageId: 'm2', timestamp: '2024-03-02T00:00:00.000Z', traits: { name: 'Ann' } },
    ]);
    await alias('guest-42', 'ann@example.com', 'm3');

    const former = await getWithHeaders('/api/customers/guest-42');
    expect(former.status).toBe(200);
    expect(former.body).toMatchObject({ userId: 'ann@example.com', attributes: { name: 'Ann' }, traits: { orders_count: 1 } });
    expect(former.contentLocation).toBe('/api/customers/ann%40example.com');
    const events = await getWithHeaders('/api/customers/guest-42/events');
    expect(events.status).toBe(200);
    expect(events.body.events.map((event: { messageId: string }) => event.messageId).sort()).toEqual(['m1', 'm2', 'm3']);
    expect(events.contentLocation).toBe('/api/customers/ann%40example.com/events');
  });

  it('follows an identify merge made through the old userId after a rename', async () => {
    await send([{ type: 'identify', userId: 'old-user', messageId: 'm1', timestamp: '2024-03-01T00:00:00.000Z', traits: {} }]);
    await alias('old-user', 'new-user', 'm2');
    await send([
      { type: 'page', anonymousId: 'device-9', messageId: 'm3', name: 'Home', timestamp: '2024-03-06T00:00:00.000Z' },
      { type: 'identify', userId: 'old-user', anonymousId: 'device-9', messageId: 'm4', timestamp: '2024-03-07T00:00:00.000Z', traits: { plan: 'pro' } },
    ]);

    const former = await getWithHeaders('/api/customers/old-user');
    expect(former.status).toBe(200);
    expect(former.body).toMatchObject({ userId: 'new-user', anonymousIds: ['device-9'], attributes: { plan: 'pro' }, traits: { event_counts: { 'Page Viewed': 1 } } });
    expect((await getWithHeaders('/api/customers/new-user')).body).toEqual(former.body);
    const events = await getWithHeaders('/api/customers/old-user/events');
    expect(events.body.events.map((event: { messageId: string }) => event.messageId)).toEqual(['m4', 'm3', 'm2', 'm1']);
    expect((await get('/api/customers?anonymousId=device-9')).body.customers).toHaveLength(1);
  });

  it('finds the customer of an alias by a previousId never seen before, as a former userId', async () => {
    // A previousId never seen before may be a userId or an anonymousId (docs/ingestion.md): it is linked
    // as both, so a later event with userId "old-user" lands on new-user's customer, and the API finds it.
    await alias('old-user', 'new-user', 'm1');
    const former = await getWithHeaders('/api/customers/old-user');
    expect(former.status).toBe(200);
    expect(former.body).toMatchObject({ userId: 'new-user', anonymousIds: [] });
    expect(former.contentLocation).toBe('/api/customers/new-user');
  });

  it('still answers 404 NOT_FOUND for a userId nobody ever had, and for an anonymousId in the userId place', async () => {
    await send([{ type: 'page', anonymousId: 'device-1', messageId: 'm1', name: 'Home' }]);
    for (const url of ['/api/customers/never-seen', '/api/customers/never-seen/events', '/api/customers/device-1']) {
      const { status, body, contentLocation } = await getWithHeaders(url);
      expect(status, url).toBe(404);
      expect(body, url).toEqual({ code: 'NOT_FOUND', message: expect.any(String), details: [{ pointer: '/userId', message: expect.any(String) }] });
      expect(contentLocation, url).toBeUndefined();
    }
  });
});
