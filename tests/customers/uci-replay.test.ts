import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitOrderMessage, type ImportedTrack } from '../../engine/importers/index';
import { ingestLimits } from '../../engine/ingest/index';
import type { StoredEvent } from '../../schemas/types';
import { createIngestApp, testAdminKey, type IngestApp } from '../support/ingest-app';
import { computeUciCustomerTotals, diffCustomerTotals, uciEventStreamPath, type ComparedCustomer, type UciCustomerTotals } from '../support/uci-order-totals';

/**
 * The proof: the WHOLE published UCI event stream (26,562 events, 4,372 customers) goes through
 * /v1/batch, and every customer's orders_count, revenue_total (to the penny) and last_order_at must
 * equal what the raw CSV says, computed independently in tests/support/uci-order-totals.ts.
 */
let t: IngestApp;
let expected: Map<string, UciCustomerTotals>;
const rejectedIds = new Set<string>();
const oversizeIds = new Set<string>();
const oversize: ImportedTrack[] = [];
let sent = 0;
const allLines: string[] = [];

async function postBatch(lines: string[], app: IngestApp = t): Promise<void> {
  const response = await app.app.inject({
    method: 'POST',
    url: '/v1/batch',
    payload: `{"batch":[${lines.join(',')}]}`,
    headers: { 'content-type': 'application/json', authorization: 'Basic ' + Buffer.from('wk_test_0123456789abcdefghijklmnop:').toString('base64') },
  });
  expect([200, 207], response.body).toContain(response.statusCode);
  if (response.statusCode === 207) {
    for (const detail of response.json().details as Array<{ index: number; code: string }>) {
      expect(detail.code).toBe('PAYLOAD_TOO_LARGE');
      rejectedIds.add((JSON.parse(lines[detail.index]) as { messageId: string }).messageId);
    }
  }
}

/** Every customer through the list API, 500 at a time. */
async function readAllCustomers(): Promise<ComparedCustomer[]> {
  const customers: ComparedCustomer[] = [];
  let url = '/api/customers?limit=500';
  for (;;) {
    const response = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${testAdminKey}` } });
    expect(response.statusCode).toBe(200);
    const page = response.json() as { customers: ComparedCustomer[]; next: string | null };
    customers.push(...page.customers);
    if (page.next === null) return customers;
    url = `/api/customers?limit=500&after=${page.next}`;
  }
}

beforeAll(async () => {
  t = await createIngestApp();
  const computing = computeUciCustomerTotals();
  const lines = createInterface({ input: createReadStream(uciEventStreamPath).pipe(createGunzip()), crlfDelay: Infinity });
  let batch: string[] = [];
  let bytes = 0;
  for await (const line of lines) {
    if (line === '') continue;
    sent += 1;
    allLines.push(line);
    if (Buffer.byteLength(line) > ingestLimits.maxMessageBytes) {
      const event = JSON.parse(line) as ImportedTrack;
      oversizeIds.add(event.messageId);
      oversize.push(event);
    }
    if (bytes + line.length + 16 > 480 * 1024) {
      await postBatch(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(line);
    bytes += line.length + 1;
  }
  if (batch.length > 0) await postBatch(batch);
  expected = await computing;
}, 300_000);

afterAll(async () => {
  await t?.close();
});

describe('the whole UCI Online Retail event stream through /v1/batch', () => {
  it('stores every event except the 12 orders over Segment\'s 32 KB message limit, which are refused by index', async () => {
    expect(sent).toBe(26_562);
    expect(oversizeIds.size).toBe(12);
    expect([...rejectedIds].sort()).toEqual([...oversizeIds].sort());
  });

  it('accepts those 12 orders with products[] shortened to fit, totals unchanged (what import-orders does)', async () => {
    const fitted = oversize.map((event) => fitOrderMessage(event, ingestLimits.maxMessageBytes).message);
    for (const event of fitted) expect(event.properties.products_omitted).toBeGreaterThan(0);
    const response = await t.post('/v1/batch', { batch: fitted });
    expect(response.statusCode, response.body).toBe(200);
    expect(await t.store.collection('events').count(t.workspace, {})).toBe(26_562);
  });

  it('gives every one of the 4,372 customers the orders_count, revenue_total and last_order_at the raw CSV gives', async () => {
    const customers = await readAllCustomers();
    expect(expected.size).toBe(4372);
    expect(customers).toHaveLength(4372);
    expect(diffCustomerTotals(customers, expected)).toEqual([]);
  });

  it('gives the same profiles when the stream arrives in reverse order', async () => {
    const reversed = await createIngestApp();
    try {
      const lines = allLines.filter((line) => !oversizeIds.has((JSON.parse(line) as { messageId: string }).messageId)).reverse();
      lines.push(...oversize.map((event) => JSON.stringify(fitOrderMessage(event, ingestLimits.maxMessageBytes).message)));
      for (let start = 0; start < lines.length; start += 150) await postBatch(lines.slice(start, start + 150), reversed);
      const project = (customer: { userId: string | null; attributes: unknown; traits: unknown; meta?: unknown }) => [customer.userId, { attributes: customer.attributes, traits: customer.traits, meta: customer.meta }] as const;
      const inOrder = new Map((await t.store.collection<never>('customers').find(t.workspace, {})).map(project));
      const outOfOrder = new Map((await reversed.store.collection<never>('customers').find(reversed.workspace, {})).map(project));
      expect(outOfOrder.size).toBe(4372);
      for (const [userId, profile] of inOrder) expect(outOfOrder.get(userId), `customer ${userId}`).toEqual(profile);
    } finally {
      await reversed.close();
    }
  });

  it('keeps built-in traits consistent with the stored events of a heavy customer', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/customers/14096', headers: { authorization: `Bearer ${testAdminKey}` } });
    const customer = response.json();
    const events = await t.store.collection<StoredEvent>('events').find(t.workspace, { userId: '14096' });
    expect(customer.traits.events_count).toBe(events.length);
    expect(customer.traits.event_counts).toEqual({
      'Order Completed': events.filter((event) => event.event === 'Order Completed').length,
      ...(events.some((event) => event.event === 'Order Refunded') ? { 'Order Refunded': events.filter((event) => event.event === 'Order Refunded').length } : {}),
    });
    expect(customer.traits.first_seen_at).toBe(events.map((event) => event.timestamp).sort()[0]);
    expect(customer.attributes).toEqual({ country: 'United Kingdom' });
  });
});
