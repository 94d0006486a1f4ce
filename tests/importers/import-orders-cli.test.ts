import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../schemas/types';
import { runWayfarerCli } from '../support/cli-process';
import { createIngestApp, testWriteKey, type IngestApp } from '../support/ingest-app';

const excerpt = fileURLToPath(new URL('./fixtures/uci-online-retail-excerpt.csv', import.meta.url));
let t: IngestApp;
let url: string;
const scratch = mkdtempSync(join(tmpdir(), 'wayfarer-import-'));

beforeAll(async () => {
  t = await createIngestApp();
  url = await t.app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await t?.close();
});

async function customersById(): Promise<Map<string, Customer>> {
  const customers = await t.store.collection<Customer>('customers').find(t.workspace, {});
  return new Map(customers.map((customer) => [customer.userId ?? customer._id, customer]));
}

describe('wayfarer import-orders', () => {
  it('sends the orders of a UCI file to the server and reports rows, events and skips; a re-run changes nothing', async () => {
    const first = await runWayfarerCli(['import-orders', excerpt, '--url', url], { WAYFARER_WRITE_KEY: testWriteKey });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('format uci-online-retail');
    expect(first.stdout).toMatch(/rows read\s+144\n/);
    expect(first.stdout).toMatch(/events sent\s+14 \(5 Order Completed, 2 Order Refunded, 7 identify\)/);
    expect(first.stdout).toMatch(/accepted\s+14 /);
    expect(first.stdout).toMatch(/missing-customer-id\s+3 .*e\.g\. lines 143, 144, 145/);
    // Not a terminal: plain progress lines, no carriage-return redraws.
    expect(first.stderr).toMatch(/^progress: 100% of the file, 144 rows read, 14 events sent$/m);
    expect(first.stderr).not.toContain('\r');

    const customers = await customersById();
    expect(customers.size).toBe(7);
    expect(customers.get('17850')?.traits).toMatchObject({ orders_count: 1, revenue_total: 139.12, last_order_at: '2010-12-01T08:26:00.000Z' });
    expect(customers.get('14527')?.traits).toMatchObject({ orders_count: 0, revenue_total: -27.5 });
    expect(customers.get('12583')?.attributes).toEqual({ country: 'France' });
    const eventCount = await t.store.collection('events').count(t.workspace, {});
    expect(eventCount).toBe(14);

    const second = await runWayfarerCli(['import-orders', excerpt], { WAYFARER_WRITE_KEY: testWriteKey, WAYFARER_URL: url });
    expect(second.code, second.stderr).toBe(0);
    expect(await t.store.collection('events').count(t.workspace, {})).toBe(eventCount);
    expect(await customersById()).toEqual(customers);
  });

  it('stops at a malformed file with the line number, no stack trace, having sent nothing', async () => {
    const file = join(scratch, 'broken.csv');
    writeFileSync(file, 'order_id,user_id,timestamp,price\no-9,u-9,2024-01-01,1\no-10,u-10,2024-01-01,"2\n');
    const before = await t.store.collection('events').count(t.workspace, {});
    const result = await runWayfarerCli(['import-orders', file, '--url', url, '--write-key', testWriteKey]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.csv: The file is not valid CSV at line 3: a quoted field is never closed/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await t.store.collection('events').count(t.workspace, {})).toBe(before);
  });

  it('explains a refused write key, a missing one, a missing file and an unreachable server', async () => {
    const refused = await runWayfarerCli(['import-orders', excerpt, '--url', url, '--write-key', 'wk_not_a_real_key']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('The server refused the write key (401)');

    const missingKey = await runWayfarerCli(['import-orders', excerpt, '--url', url]);
    expect(missingKey.code).toBe(2);
    expect(missingKey.stderr).toContain('no write key: pass --write-key KEY or set WAYFARER_WRITE_KEY');

    const missingFile = await runWayfarerCli(['import-orders', join(scratch, 'nope.csv'), '--dry-run']);
    expect(missingFile.code).toBe(1);
    expect(missingFile.stderr).toMatch(/cannot read .*nope\.csv/);

    const unreachable = await runWayfarerCli(['import-orders', excerpt, '--url', 'http://127.0.0.1:9', '--write-key', testWriteKey, '--retries', '1']);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('Cannot reach the server at http://127.0.0.1:9');
    expect(unreachable.stderr).not.toMatch(/\n\s+at /);
  });

  it('counts every partial refund of a generic order; a re-run changes nothing, a later file adds its new refund', async () => {
    const file = join(scratch, 'partial-refunds.csv');
    const header = 'order_id,user_id,timestamp,type,total';
    writeFileSync(file, [header, 'pr-1,pru-1,2024-01-01T10:00:00Z,order,100', 'pr-1,pru-1,2024-01-02T10:00:00Z,refund,10', 'pr-1,pru-1,2024-01-05T10:00:00Z,refund,20', ''].join('\n'));
    const before = await t.store.collection('events').count(t.workspace, {});
    const first = await runWayfarerCli(['import-orders', file, '--url', url, '--write-key', testWriteKey]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/events sent\s+3 \(1 Order Completed, 2 Order Refunded, 0 identify\)/);
    expect(await t.store.collection('events').count(t.workspace, {})).toBe(before + 3);
    const customers = await customersById();
    expect(customers.get('pru-1')?.traits).toMatchObject({ orders_count: 1, revenue_total: 70 });

    const again = await runWayfarerCli(['import-orders', file, '--url', url, '--write-key', testWriteKey]);
    expect(again.code, again.stderr).toBe(0);
    expect(await t.store.collection('events').count(t.workspace, {})).toBe(before + 3);
    expect(await customersById()).toEqual(customers);

    const later = join(scratch, 'partial-refunds-later.csv');
    writeFileSync(later, [header, 'pr-1,pru-1,2024-02-01T10:00:00Z,refund,30', ''].join('\n'));
    const added = await runWayfarerCli(['import-orders', later, '--url', url, '--write-key', testWriteKey]);
    expect(added.code, added.stderr).toBe(0);
    expect(await t.store.collection('events').count(t.workspace, {})).toBe(before + 4);
    expect((await customersById()).get('pru-1')?.traits).toMatchObject({ orders_count: 1, revenue_total: 40 });
  });

  it('reads the generic format, and reports messages the server rejects by code, exiting 1', async () => {
    const file = join(scratch, 'generic.csv');
    const rows = ['order_id,user_id,timestamp,total,email,sku,name,price,quantity', 'g-1,g-user,2024-01-05T10:00:00Z,10,g@example.com,,,,', 'g-2,g-user,2024-01-06T10:00:00Z,5.5,,,,,'];
    // An order of 700 line items is far over the server's 32 KB per message…
    for (let i = 0; i < 700; i++) rows.push(`g-big,g-other,2024-01-07T10:00:00Z,,,SKU-${i},A PRODUCT WITH A LONG NAME ${i},1.5,2`);
    writeFileSync(file, rows.join('\n') + '\n');
    // …and --max-message-bytes says the server takes more, so the importer sends it whole.
    const result = await runWayfarerCli(['import-orders', file, '--url', url, '--write-key', testWriteKey, '--max-message-bytes', '200000']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('format generic-orders');
    expect(result.stdout).toMatch(/accepted\s+3 /);
    expect(result.stdout).toMatch(/rejected by server\s+1\n\s+PAYLOAD_TOO_LARGE\s+1\s+e\.g\. import-order-g-big/);
    const customers = await customersById();
    expect(customers.get('g-user')?.traits).toMatchObject({ orders_count: 2, revenue_total: 15.5 });
    expect(customers.get('g-user')?.attributes).toEqual({ email: 'g@example.com' });
    expect(customers.has('g-other')).toBe(false);

    const fitted = await runWayfarerCli(['import-orders', file, '--url', url, '--write-key', testWriteKey]);
    expect(fitted.code, fitted.stdout).toBe(0);
    expect(fitted.stdout).toMatch(/orders with products\[\] shortened to fit 32 KB: 1 /);
    expect((await customersById()).get('g-other')?.traits).toMatchObject({ orders_count: 1, revenue_total: 2100 });
  });
});
