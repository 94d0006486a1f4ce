/**
 * Why a CSV row was left out of the import. A closed set: each has a line in docs/profiles.md and in
 * the importer's final report.
 */
export const skipReasons = {
  'malformed-row': 'wrong number of fields for the header',
  'missing-order-id': 'no order / invoice id',
  'missing-customer-id': 'no customer id (CustomerID / user_id empty)',
  'malformed-date': 'date is not a valid date and time',
  'malformed-number': 'quantity, price or total is not a number',
  'negative-price': 'negative unit price or order total (bad-debt adjustments, not sales)',
  'zero-quantity': 'quantity is 0',
  'quantity-sign-mismatch': 'negative quantity on an order, or positive quantity on a UCI cancellation (C… invoice)',
  'unknown-type': 'type is neither "order" nor "refund"',
  'customer-mismatch': 'same order id as earlier rows but another customer',
  'late-order-row': 'belongs to an order already sent (its rows are too far apart in the file)',
} as const;

export type SkipReason = keyof typeof skipReasons;

/** How many example line numbers a report keeps per reason. */
export const exampleLinesPerReason = 5;

/** What an import did, filled in while the file streams through. */
export interface ImportTally {
  /** Detected from the header: 'uci-online-retail' or 'generic-orders'. */
  format: string | null;
  /** Data rows read (the header and empty lines not counted). */
  rowsRead: number;
  /** Rows that became part of an event. */
  rowsUsed: number;
  ordersBuilt: number;
  refundsBuilt: number;
  identifiesBuilt: number;
  skipped: Partial<Record<SkipReason, { rows: number; exampleLines: number[] }>>;
  /** Line items kept though their code is not a product (postage, discounts, fees): counted, not skipped. */
  nonProductLines: number;
  /** Orders whose products[] was shortened to fit one message; their totals stay exact. */
  trimmedOrders: { orders: number; exampleLines: number[] };
  /** Header columns the format does not know, ignored. */
  ignoredColumns: string[];
}

export function createImportTally(): ImportTally {
  return {
    format: null,
    rowsRead: 0,
    rowsUsed: 0,
    ordersBuilt: 0,
    refundsBuilt: 0,
    identifiesBuilt: 0,
    skipped: {},
    nonProductLines: 0,
    trimmedOrders: { orders: 0, exampleLines: [] },
    ignoredColumns: [],
  };
}

/** Counts one skipped row under its reason, keeping the first few line numbers as examples. */
export function countSkippedRow(tally: ImportTally, reason: SkipReason, line: number): void {
  const entry = (tally.skipped[reason] ??= { rows: 0, exampleLines: [] });
  entry.rows += 1;
  if (entry.exampleLines.length < exampleLinesPerReason) entry.exampleLines.push(line);
}

/** Rows skipped, all reasons together. */
export function countSkippedRows(tally: ImportTally): number {
  return Object.values(tally.skipped).reduce((sum, entry) => sum + (entry?.rows ?? 0), 0);
}
