import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../schemas/types';
import { runWayfarerCli } from '../support/cli-process';
import { createIngestApp, testWriteKey, type IngestApp } from '../support/ingest-app';
import { computeUciCustomerTotals, diffCustomerTotals, uciCsvPath } from '../support/uci-order-totals';

/**
 * `wayfarer import-orders` on the whole UCI CSV (541,909 rows), as a real child process posting to a
 * real socket, must leave every customer with the totals an independent reading of the CSV gives.
 */
let t: IngestApp;
let output: Awaited<ReturnType<typeof runWayfarerCli>>;

beforeAll(async () => {
  t = await createIngestApp();
  const url = await t.app.listen({ port: 0, host: '127.0.0.1' });
  output = await runWayfarerCli(['import-orders', fileURLToPath(uciCsvPath), '--url', url, '--write-key', testWriteKey], {}, 300_000);
}, 320_000);

afterAll(async () => {
  await t?.close();
});

describe('import-orders on the whole UCI Online Retail CSV', () => {
  it('reads every row and sends the 26,562 events of the published stream, skipping only rows without a customer', () => {
    expect(output.code, output.stderr).toBe(0);
    expect(output.stdout).toMatch(/rows read\s+541,909\n/);
    expect(output.stdout).toMatch(/events sent\s+26,562 \(18,536 Order Completed, 3,654 Order Refunded, 4,372 identify\)/);
    expect(output.stdout).toMatch(/accepted\s+26,562 /);
    expect(output.stdout).toMatch(/rows skipped\s+135,080\n\s+missing-customer-id\s+135,080/);
    expect(output.stdout).toMatch(/shortened to fit 32 KB: 12 /);
  });

  it('gives every customer the orders_count, revenue_total and last_order_at the CSV gives', async () => {
    const expected = await computeUciCustomerTotals();
    const customers = await t.store.collection<Customer>('customers').find(t.workspace, {});
    expect(customers).toHaveLength(4372);
    expect(diffCustomerTotals(customers, expected)).toEqual([]);
  });
});
