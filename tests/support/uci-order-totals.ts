import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/**
 * Per-customer order totals computed straight from the UCI Online Retail CSV, independently of the
 * engine's importer: its own CSV splitter, its own arithmetic. It follows the conventions of the
 * published event stream (learned by comparing the two files):
 *
 * - an invoice is one order if its number does not start with C, else one refund ("Order Refunded");
 * - only rows with a CustomerID count; every such row counts — non-product codes (POST, D, M, …) and
 *   exact duplicate rows included;
 * - an invoice's amount is |Σ Quantity × UnitPrice| rounded half-up to pence; its time is the
 *   InvoiceDate of its first row, read as UTC;
 * - revenue = Σ order amounts − Σ refund amounts; last order = the latest order invoice time.
 */
export interface UciCustomerTotals {
  ordersCount: number;
  revenueCents: number;
  lastOrderAt: string | null;
}

export const uciCsvPath = new URL('../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url);
export const uciEventStreamPath = new URL('../../../shared/data/online-retail/online_retail_segment_events.ndjson.gz', import.meta.url);

/** Splits one CSV line (RFC 4180 quoting; UCI fields never hold line breaks). */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else {
      field += char;
    }
  }
  fields.push(field);
  return fields;
}

/** A UnitPrice in thousandths of a pound (the file has at most 3 decimals), as an exact integer. */
function priceInMills(text: string): number {
  const [whole, fraction = ''] = text.split('.');
  const negative = whole.startsWith('-');
  const mills = Math.abs(Number(whole)) * 1000 + Number((fraction + '000').slice(0, 3));
  if (fraction.length > 3) throw new Error(`UnitPrice ${text} has more than 3 decimals`);
  return negative ? -mills : mills;
}

/** Reads the whole CSV and returns the totals of every customer, by CustomerID. */
export async function computeUciCustomerTotals(): Promise<Map<string, UciCustomerTotals>> {
  const invoices = new Map<string, { customer: string; time: string; mills: number }>();
  const lines = createInterface({ input: createReadStream(uciCsvPath).pipe(createGunzip()), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    if (line === '') continue;
    const [invoiceNo, , , quantity, invoiceDate, unitPrice, customerId] = splitCsvLine(line);
    if (customerId === '') continue;
    let invoice = invoices.get(invoiceNo);
    if (!invoice) {
      invoice = { customer: customerId, time: invoiceDate.replace(' ', 'T') + '.000Z', mills: 0 };
      invoices.set(invoiceNo, invoice);
    }
    invoice.mills += Number(quantity) * priceInMills(unitPrice);
  }
  const totals = new Map<string, UciCustomerTotals>();
  for (const [invoiceNo, invoice] of invoices) {
    const entry = totals.get(invoice.customer) ?? { ordersCount: 0, revenueCents: 0, lastOrderAt: null };
    // Half-up to pence: mills are exact integers, so this rounding is exact too.
    const cents = Math.floor((Math.abs(invoice.mills) + 5) / 10);
    if (invoiceNo.startsWith('C')) {
      entry.revenueCents -= cents;
    } else {
      entry.ordersCount += 1;
      entry.revenueCents += cents;
      if (entry.lastOrderAt === null || invoice.time > entry.lastOrderAt) entry.lastOrderAt = invoice.time;
    }
    totals.set(invoice.customer, entry);
  }
  return totals;
}

/** The customer document fields the comparison reads. */
export interface ComparedCustomer {
  userId: string | null;
  traits: { orders_count?: number; revenue_total?: number; last_order_at?: string | null };
}

/** Every difference between the customers and the expected totals, as readable lines (empty when equal). */
export function diffCustomerTotals(customers: ComparedCustomer[], expected: Map<string, UciCustomerTotals>): string[] {
  const differences: string[] = [];
  const seen = new Set<string>();
  for (const customer of customers) {
    const userId = customer.userId ?? '(anonymous)';
    seen.add(userId);
    const want = expected.get(userId);
    if (!want) {
      differences.push(`${userId}: not in the CSV`);
      continue;
    }
    const got = {
      ordersCount: customer.traits.orders_count ?? 0,
      revenueCents: Math.round((customer.traits.revenue_total ?? 0) * 100),
      lastOrderAt: customer.traits.last_order_at ?? null,
    };
    if (got.ordersCount !== want.ordersCount || got.revenueCents !== want.revenueCents || got.lastOrderAt !== want.lastOrderAt) {
      differences.push(`${userId}: got ${JSON.stringify(got)}, CSV says ${JSON.stringify(want)}`);
    }
  }
  for (const userId of expected.keys()) if (!seen.has(userId)) differences.push(`${userId}: missing`);
  return differences;
}
