import { createReadStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../engine/errors/index';
import {
  batchMessages,
  createImportTally,
  fitOrderMessage,
  measureMessageBytes,
  readOrderMessages,
  type ImportTally,
  type ImportedMessage,
  type ImportedTrack,
} from '../../engine/importers/index';

const excerptPath = new URL('./fixtures/uci-online-retail-excerpt.csv', import.meta.url);
const eventStreamPath = new URL('../../../shared/data/online-retail/online_retail_segment_events.ndjson.gz', import.meta.url);

async function importText(text: string | Buffer, options: Parameters<typeof readOrderMessages>[2] = {}): Promise<{ messages: ImportedMessage[]; tally: ImportTally }> {
  const tally = createImportTally();
  const messages: ImportedMessage[] = [];
  // Small chunks, so records and quoted line breaks straddle chunk boundaries.
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
  for await (const message of readOrderMessages(chunks, tally, options)) messages.push(message);
  return { messages, tally };
}

async function importFailure(text: string | Buffer): Promise<ProblemError> {
  try {
    await importText(text);
  } catch (error) {
    if (error instanceof ProblemError) return error;
    throw error;
  }
  throw new Error('the import did not fail');
}

/** The published events with these messageIds, read from the real event stream. */
async function publishedEvents(messageIds: Set<string>): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  const lines = createInterface({ input: createReadStream(eventStreamPath).pipe(createGunzip()), crlfDelay: Infinity });
  for await (const line of lines) {
    const event = JSON.parse(line) as Record<string, unknown>;
    if (messageIds.has(event.messageId as string)) found.set(event.messageId as string, event);
  }
  return found;
}

/** Products compared as a multiset: the stream's order of equal SKUs is not specified. */
function sortedProducts(products: unknown): unknown[] {
  return [...(products as Array<Record<string, unknown>>)].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const uciHeader = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

describe('UCI Online Retail import', () => {
  it('builds exactly the events of the published UCI event stream for the invoices in the excerpt', async () => {
    const { messages, tally } = await importText(readFileSync(excerptPath));
    const published = await publishedEvents(new Set(messages.map((message) => message.messageId)));
    expect(messages.map((message) => message.messageId).sort()).toEqual([...published.keys()].sort());
    for (const message of messages) {
      const expected = published.get(message.messageId)!;
      if (message.type === 'track') {
        const { products, ...properties } = message.properties;
        const { products: expectedProducts, ...expectedProperties } = expected.properties as Record<string, unknown>;
        expect({ ...message, properties }).toEqual({ ...expected, properties: expectedProperties });
        expect(sortedProducts(products)).toEqual(sortedProducts(expectedProducts));
      } else {
        // An identify is timed by the customer's first row; for 14606 that row is not in the excerpt.
        expect({ ...message, timestamp: undefined }).toEqual({ ...expected, timestamp: undefined });
        if (message.userId !== '14606') expect(message.timestamp).toBe(expected.timestamp);
      }
    }
    expect(tally).toMatchObject({ format: 'uci-online-retail', rowsRead: 144, rowsUsed: 141, ordersBuilt: 5, refundsBuilt: 2, identifiesBuilt: 7 });
    expect(tally.skipped).toEqual({ 'missing-customer-id': { rows: 3, exampleLines: [143, 144, 145] } });
    // POST in 536370 and the D (discount) of C536379 are kept as line items.
    expect(tally.nonProductLines).toBe(2);
  });

  it('sends each customer\'s identify before their first order, and every order once', async () => {
    const { messages } = await importText(readFileSync(excerptPath));
    const firstIndex = (type: string, userId: string) => messages.findIndex((message) => message.type === type && message.userId === userId);
    for (const userId of new Set(messages.map((message) => message.userId))) {
      expect(firstIndex('identify', userId)).toBeLessThan(firstIndex('track', userId));
    }
    expect(new Set(messages.map((message) => message.messageId)).size).toBe(messages.length);
  });

  it('groups an invoice whose rows are interleaved with another invoice', async () => {
    const { messages } = await importText(readFileSync(excerptPath));
    const interleaved = messages.find((message) => message.messageId === 'uci-or-542806') as ImportedTrack;
    expect(interleaved.properties.products).toHaveLength(39);
    expect(interleaved.timestamp).toBe('2011-02-01T11:19:00.000Z');
  });

  it('reads gzip and plain text the same, and the same way twice (deterministic messageIds)', async () => {
    const plain = await importText(readFileSync(excerptPath));
    const gzipped = await importText(gzipSync(readFileSync(excerptPath)));
    expect(gzipped.messages).toEqual(plain.messages);
    expect((await importText(readFileSync(excerptPath))).messages).toEqual(plain.messages);
  });

  it('skips bad rows by reason with example line numbers, keeping the good rows', async () => {
    const text = [
      uciHeader,
      '600001,22111,SCOTTIE DOG,1,2011-01-01 10:00:00,4.95,12345,France', // 2 ok
      '600001,22111,SCOTTIE DOG,1,2011-13-01 10:00:00,4.95,12345,France', // 3 malformed date
      '600001,22111,SCOTTIE DOG,one,2011-01-01 10:00:00,4.95,12345,France', // 4 malformed number
      '600001,22111,SCOTTIE DOG,1,2011-01-01 10:00:00,4.95,12345', // 5 malformed row
      '600002,B,Adjust bad debt,1,2011-01-01 10:00:00,-10.00,12345,France', // 6 negative price
      '600003,22111,SCOTTIE DOG,-2,2011-01-01 10:00:00,4.95,12345,France', // 7 sign mismatch
      'C600004,22111,SCOTTIE DOG,3,2011-01-01 10:00:00,4.95,12345,France', // 8 sign mismatch
      '600005,22111,SCOTTIE DOG,0,2011-01-01 10:00:00,4.95,12345,France', // 9 zero quantity
      ',22111,SCOTTIE DOG,1,2011-01-01 10:00:00,4.95,12345,France', // 10 missing invoice
      '600006,22111,SCOTTIE DOG,1,2011-01-01 10:00:00,4.95,,France', // 11 no customer
      '600001,22112,"TEDDY, ""BIG""",2,2011-01-01 10:00:00,1.005,12345.0,France', // 12 ok (float-style CustomerID)
      '600001,22113,MUG,1,2011-01-01 10:00:00,2,99999,France', // 13 another customer on the same invoice
      '',
    ].join('\n');
    const { messages, tally } = await importText(text);
    expect(tally.skipped).toEqual({
      'malformed-date': { rows: 1, exampleLines: [3] },
      'malformed-number': { rows: 1, exampleLines: [4] },
      'malformed-row': { rows: 1, exampleLines: [5] },
      'negative-price': { rows: 1, exampleLines: [6] },
      'quantity-sign-mismatch': { rows: 2, exampleLines: [7, 8] },
      'zero-quantity': { rows: 1, exampleLines: [9] },
      'missing-order-id': { rows: 1, exampleLines: [10] },
      'missing-customer-id': { rows: 1, exampleLines: [11] },
      'customer-mismatch': { rows: 1, exampleLines: [13] },
    });
    expect(tally.rowsRead).toBe(12);
    expect(messages).toEqual([
      { type: 'identify', messageId: 'uci-or-identify-12345', userId: '12345', timestamp: '2011-01-01T10:00:00.000Z', traits: { country: 'France' } },
      {
        type: 'track',
        messageId: 'uci-or-600001',
        userId: '12345',
        event: 'Order Completed',
        timestamp: '2011-01-01T10:00:00.000Z',
        // 4.95 + 2 × 1.005 = 6.96 exactly, rounded half-up to pence.
        properties: {
          order_id: '600001',
          total: 6.96,
          revenue: 6.96,
          currency: 'GBP',
          products: [
            { product_id: '22111', sku: '22111', name: 'SCOTTIE DOG', price: 4.95, quantity: 1 },
            { product_id: '22112', sku: '22112', name: 'TEDDY, "BIG"', price: 1.005, quantity: 2 },
          ],
        },
        context: { location: { country: 'France' } },
      },
    ]);
  });

  it('reports rows of an order that come after the order was sent', async () => {
    const rows = [uciHeader, '700001,22111,A,1,2011-01-01 10:00:00,1,1,UK'];
    for (let i = 0; i < 5; i++) rows.push(`70001${i},22111,A,1,2011-01-01 10:00:00,1,1,UK`);
    rows.push('700001,22112,B,1,2011-01-01 10:00:00,1,1,UK');
    const { messages, tally } = await importText(rows.join('\n'), { orderWindowRows: 3 });
    expect(tally.skipped).toEqual({ 'late-order-row': { rows: 1, exampleLines: [8] } });
    expect((messages.find((message) => message.messageId === 'uci-or-700001') as ImportedTrack).properties.products).toHaveLength(1);
  });
});

describe('generic orders import', () => {
  const header = 'order_id,user_id,timestamp,total,currency,product_id,sku,name,price,quantity,type,email,country,warehouse';

  it('groups line items per order and type, with stated or summed totals, refunds and identify traits', async () => {
    const text = [
      header,
      'o-1,u-1,2024-03-01T10:00:00Z,,eur,p1,SKU-1,Socks,4.50,2,,ann@example.com,NL,W1',
      'o-1,u-1,2024-03-01T10:00:00Z,,eur,p2,SKU-2,"Hat, wool",20,1,,,,W1',
      'o-2,u-1,2024-03-05 08:00,99.99,EUR,,,,,,order,,,W2',
      'o-1,u-1,2024-03-07T09:00:00+02:00,4.50,EUR,p1,SKU-1,Socks,4.50,-1,refund,,,W1',
      'o-3,u-2,2024-03-02,12,USD,p9,,,12,1,,,,',
    ].join('\n');
    const { messages, tally } = await importText(text);
    expect(tally).toMatchObject({ format: 'generic-orders', rowsRead: 5, rowsUsed: 5, ordersBuilt: 3, refundsBuilt: 1, identifiesBuilt: 1, ignoredColumns: ['warehouse'] });
    const byId = new Map(messages.map((message) => [message.messageId, message]));
    expect(byId.get('import-order-o-1')).toEqual({
      type: 'track',
      messageId: 'import-order-o-1',
      userId: 'u-1',
      event: 'Order Completed',
      timestamp: '2024-03-01T10:00:00.000Z',
      properties: {
        order_id: 'o-1',
        total: 29,
        revenue: 29,
        currency: 'EUR',
        products: [
          { product_id: 'p1', sku: 'SKU-1', name: 'Socks', price: 4.5, quantity: 2 },
          { product_id: 'p2', sku: 'SKU-2', name: 'Hat, wool', price: 20, quantity: 1 },
        ],
      },
      context: { location: { country: 'NL' } },
    });
    expect(byId.get('import-order-o-2')).toMatchObject({ timestamp: '2024-03-05T08:00:00.000Z', properties: { total: 99.99, products: [] } });
    expect(byId.get('import-refund-o-1-at-2024-03-07T07:00:00.000Z')).toMatchObject({ event: 'Order Refunded', timestamp: '2024-03-07T07:00:00.000Z', properties: { total: 4.5, products: [{ quantity: 1 }] } });
    expect(byId.get('import-order-o-3')).toMatchObject({ userId: 'u-2', timestamp: '2024-03-02T00:00:00.000Z', properties: { total: 12, currency: 'USD' } });
    const identify = messages.find((message) => message.type === 'identify');
    expect(identify).toMatchObject({ userId: 'u-1', traits: { email: 'ann@example.com', country: 'NL' } });
    expect(identify?.messageId).toMatch(/^import-identify-u-1-[0-9a-f]{8}$/);
    expect(messages.filter((message) => message.userId === 'u-2' && message.type === 'identify')).toEqual([]);
  });

  it('makes each refund of an order its own Order Refunded, told apart by its time, with stable messageIds', async () => {
    const text = [
      'order_id,user_id,timestamp,type,total',
      'pr-1,pru-1,2024-01-01T10:00:00Z,order,100',
      'pr-1,pru-1,2024-01-02T10:00:00Z,refund,10',
      'pr-1,pru-1,2024-01-05T10:00:00Z,refund,20',
    ].join('\n');
    const { messages, tally } = await importText(text);
    expect(tally).toMatchObject({ rowsRead: 3, rowsUsed: 3, ordersBuilt: 1, refundsBuilt: 2, skipped: {} });
    const refunds = messages.filter((message): message is ImportedTrack => message.type === 'track' && message.event === 'Order Refunded');
    expect(refunds.map((refund) => [refund.messageId, refund.timestamp, refund.properties.order_id, refund.properties.total])).toEqual([
      ['import-refund-pr-1-at-2024-01-02T10:00:00.000Z', '2024-01-02T10:00:00.000Z', 'pr-1', 10],
      ['import-refund-pr-1-at-2024-01-05T10:00:00.000Z', '2024-01-05T10:00:00.000Z', 'pr-1', 20],
    ]);
    expect(messages.find((message) => message.type === 'track' && message.event === 'Order Completed')?.messageId).toBe('import-order-pr-1');
    // The same instant written in another zone is the same refund, so a later file naming it adds nothing.
    const later = await importText('order_id,user_id,timestamp,type,total\npr-1,pru-1,2024-01-05T12:00:00+02:00,refund,20\npr-1,pru-1,2024-02-01T10:00:00Z,refund,30\n');
    expect(later.messages.map((message) => message.messageId)).toEqual(['import-refund-pr-1-at-2024-01-05T10:00:00.000Z', 'import-refund-pr-1-at-2024-02-01T10:00:00.000Z']);
  });

  it('groups the line items of one refund, and tells refunds apart by refund_id when the file has one', async () => {
    const text = [
      'order_id,user_id,timestamp,type,total,refund_id,sku,price,quantity',
      'r-1,ru-1,2024-01-01T10:00:00Z,order,,,A,5,2', // 2
      'r-1,ru-1,2024-01-01T10:00:00Z,order,,,B,3,1', // 3
      'r-1,ru-1,2024-01-02T10:00:00Z,refund,,,A,5,1', // 4 refund at 01-02: two line items, positive quantities
      'r-1,ru-1,2024-01-02T10:00:00Z,refund,,,B,3,-1', // 5
      'r-1,ru-1,2024-01-03T10:00:00Z,refund,,RF-9,A,5,1', // 6 refund RF-9, one line on 01-03…
      'r-1,ru-1,2024-01-04T10:00:00Z,refund,,RF-9,B,3,1', // 7 …and one on 01-04: still RF-9
      'r-1,ru-1,2024-01-03T10:00:00Z,refund,,RF-10,A,5,1', // 8 another refund at the same time as RF-9
    ].join('\n');
    const { messages, tally } = await importText(text);
    expect(tally).toMatchObject({ rowsRead: 7, rowsUsed: 7, ordersBuilt: 1, refundsBuilt: 3, skipped: {} });
    const tracks = messages.filter((message): message is ImportedTrack => message.type === 'track');
    expect(tracks.map((track) => [track.messageId, track.timestamp, track.properties.total, track.properties.products.length])).toEqual([
      ['import-order-r-1', '2024-01-01T10:00:00.000Z', 13, 2],
      ['import-refund-r-1-at-2024-01-02T10:00:00.000Z', '2024-01-02T10:00:00.000Z', 8, 2],
      ['import-refund-r-1-id-RF-9', '2024-01-03T10:00:00.000Z', 8, 2],
      ['import-refund-r-1-id-RF-10', '2024-01-03T10:00:00.000Z', 5, 1],
    ]);
  });

  it('skips bad generic rows by reason', async () => {
    const text = [
      'user_id,order_id,timestamp,price,quantity,type,total',
      'u-1,o-1,2024-02-30T10:00:00Z,1,1,,', // 2 impossible date
      'u-1,o-1,2024-02-01T10:00:00Z,abc,1,,', // 3 number
      'u-1,o-1,2024-02-01T10:00:00Z,1,1,gift,', // 4 type
      ',o-1,2024-02-01T10:00:00Z,1,1,,', // 5 user
      'u-1,o-1,2024-02-01T10:00:00Z,1,-1,,', // 6 sign
      'u-1,o-1,2024-02-01T10:00:00Z,1,1,,-5', // 7 negative total
      'u-1,o-1,2024-02-01T10:00:00Z,2.5,2,,', // 8 ok
    ].join('\n');
    const { messages, tally } = await importText(text);
    expect(Object.fromEntries(Object.entries(tally.skipped).map(([reason, entry]) => [reason, entry?.exampleLines]))).toEqual({
      'malformed-date': [2],
      'malformed-number': [3],
      'unknown-type': [4],
      'missing-customer-id': [5],
      'quantity-sign-mismatch': [6],
      'negative-price': [7],
    });
    expect(messages).toMatchObject([{ messageId: 'import-order-o-1', properties: { total: 5 } }]);
  });
});

describe('malformed files', () => {
  it('names the line of an unclosed quote', async () => {
    const failure = await importFailure(`${uciHeader}\n536365,85123A,"WHITE HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom\n536365,71053,LANTERN,6,2010-12-01 08:26:00,3.39,17850,United Kingdom\n`);
    expect(failure.problem.code).toBe('INVALID_IMPORT');
    expect(failure.problem.details[0].line).toBeGreaterThanOrEqual(2);
    expect(failure.problem.message).toMatch(/not valid CSV at line \d+: a quoted field is never closed/);
  });

  it('names the line of a stray quote inside a quoted field', async () => {
    const failure = await importFailure(`${uciHeader}\n536365,85123A,WHITE,6,2010-12-01 08:26:00,2.55,17850,UK\n536365,85123A,"WHITE "HEART"",6,2010-12-01 08:26:00,2.55,17850,UK\n`);
    expect(failure.problem).toMatchObject({ code: 'INVALID_IMPORT', details: [{ line: 3 }] });
  });

  it('rejects an unknown header at line 1, saying which headers it knows', async () => {
    const failure = await importFailure('date,amount\n2024-01-01,5\n');
    expect(failure.problem).toMatchObject({ code: 'INVALID_IMPORT', details: [{ line: 1 }] });
    expect(failure.problem.message).toContain('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country');
    expect(failure.problem.message).toContain('order_id,user_id,timestamp');
  });

  it('rejects an empty file and broken gzip', async () => {
    expect((await importFailure('')).problem.message).toMatch(/empty/);
    const broken = gzipSync(readFileSync(excerptPath)).subarray(0, 400);
    expect((await importFailure(broken)).problem.message).toMatch(/not valid gzip/);
  });
});

describe('message size limits', () => {
  const bigOrder = (items: number): ImportedTrack => ({
    type: 'track',
    messageId: 'uci-or-1',
    userId: '1',
    event: 'Order Completed',
    timestamp: '2011-01-01T00:00:00.000Z',
    properties: {
      order_id: '1',
      total: 1234.5,
      revenue: 1234.5,
      currency: 'GBP',
      products: Array.from({ length: items }, (_, i) => ({ product_id: `P${i}`, sku: `P${i}`, name: 'A RATHER LONG PRODUCT DESCRIPTION', price: 1.25, quantity: 3 })),
    },
  });

  it('shortens products[] of an order past the message limit, keeping its totals and saying how many were left out', () => {
    const { message, trimmed } = fitOrderMessage(bigOrder(600), 32 * 1024);
    expect(trimmed).toBe(true);
    expect(measureMessageBytes(message)).toBeLessThanOrEqual(32 * 1024);
    expect(measureMessageBytes({ ...message, properties: { ...message.properties, products: bigOrder(message.properties.products.length + 1).properties.products } })).toBeGreaterThan(32 * 1024);
    expect(message.properties).toMatchObject({ total: 1234.5, revenue: 1234.5, products_omitted: 600 - message.properties.products.length });
    expect(fitOrderMessage(bigOrder(3), 32 * 1024)).toEqual({ message: bigOrder(3), trimmed: false });
  });

  it('packs messages into batches that stay within 500 KB', async () => {
    async function* messages() {
      for (let i = 0; i < 200; i++) yield fitOrderMessage(bigOrder(80 + (i % 40)), 32 * 1024).message;
    }
    let total = 0;
    for await (const batch of batchMessages(messages())) {
      expect(Buffer.byteLength(JSON.stringify({ batch: batch.messages }))).toBe(batch.bytes);
      expect(batch.bytes).toBeLessThanOrEqual(500 * 1024);
      total += batch.messages.length;
    }
    expect(total).toBe(200);
  });
});
