import { fromMicros } from '../profile/index';
import type { SkipReason } from './import-tally';
import { parseDecimal, parseDecimalMicros, parseTimestamp } from './field-values';
import type { ImportedProduct, OrderFileFormat, OrderLine } from './order-line';

/** Columns every generic orders file has. */
const requiredColumns = ['order_id', 'user_id', 'timestamp'] as const;
/** Columns it may have; any other column is reported as ignored. */
const optionalColumns = ['type', 'refund_id', 'total', 'currency', 'product_id', 'sku', 'name', 'price', 'quantity', 'email', 'first_name', 'last_name', 'country'] as const;
type Column = (typeof requiredColumns)[number] | (typeof optionalColumns)[number];

/** CSV columns that become identify traits, and the trait names (Segment's reserved traits). */
const traitColumns: Partial<Record<Column, string>> = { email: 'email', first_name: 'firstName', last_name: 'lastName', country: 'country' };

/**
 * The generic orders format: one row per line item, columns by header name in any order.
 *
 * `order_id`, `user_id`, `timestamp` (ISO-8601; without a zone read as UTC; a bare date is midnight
 * UTC) are required. Optional: `type` (`order`, the default, or `refund`), `refund_id`, `total` (the
 * order or refund total; without it the total is Σ price × quantity), `currency`, `product_id`, `sku`,
 * `name`, `price`, `quantity` (default 1 when a price is given; its sign is ignored on a refund), and
 * identify traits `email`, `first_name`, `last_name`, `country` (taken from the customer's first row).
 *
 * Events: one `Order Completed` per order_id, messageId `import-order-<order_id>`. One `Order Refunded`
 * per refund of an order: an order may be refunded several times (partial refunds), and a refund is
 * identified by its `refund_id` when the row has one, else by its timestamp, so its rows (line items)
 * share that value; messageId `import-refund-<order_id>-id-<refund_id>` or
 * `import-refund-<order_id>-at-<timestamp as ISO UTC>`. One `identify` per customer with traits, its
 * messageId `import-identify-<user_id>-<hash of the traits>` (re-importing the same traits changes
 * nothing; new traits from a later file are a new identify).
 */
export const genericOrdersFormat: OrderFileFormat = {
  name: 'generic-orders',
  describeHeader: `${requiredColumns.join(',')}[,${optionalColumns.join(',')}] (any order)`,
  matchesHeader: (header) => {
    const names = header.map(normaliseColumn);
    return requiredColumns.every((column) => names.includes(column));
  },
  createRowReader: (header) => {
    const names = header.map(normaliseColumn);
    const indexOf = new Map<Column, number>();
    const ignoredColumns: string[] = [];
    names.forEach((name, i) => {
      if ((requiredColumns as readonly string[]).includes(name) || (optionalColumns as readonly string[]).includes(name)) {
        if (!indexOf.has(name as Column)) indexOf.set(name as Column, i);
      } else {
        ignoredColumns.push(header[i]);
      }
    });
    const valueOf = (fields: string[], column: Column): string => {
      const index = indexOf.get(column);
      return index === undefined ? '' : fields[index].trim();
    };
    return {
      ignoredColumns,
      readRow: (fields, line) => (fields.length !== header.length ? 'malformed-row' : readGenericRow((column) => valueOf(fields, column), line)),
      messageIdOfOrder: (first) => (first.kind === 'order' ? `import-order-${first.orderId}` : `import-refund-${first.orderId}-${first.refundKey}`),
      messageIdOfIdentify: (first) => `import-identify-${first.userId}-${hashText(JSON.stringify(first.traits))}`,
      hasIdentify: (first) => Object.keys(first.traits).length > 0,
      totalOfOrder: (summedMicros, first) => fromMicros(Math.abs(first.statedTotalMicros ?? summedMicros)),
      orderProducts: (products) => products,
    };
  },
};

function normaliseColumn(name: string): string {
  return name.trim().toLowerCase();
}

function readGenericRow(valueOf: (column: Column) => string, line: number): OrderLine | SkipReason {
  const orderId = valueOf('order_id');
  if (orderId === '') return 'missing-order-id';
  const userId = valueOf('user_id');
  if (userId === '') return 'missing-customer-id';
  const timestamp = parseTimestamp(valueOf('timestamp'));
  if (timestamp === null) return 'malformed-date';
  const type = valueOf('type').toLowerCase();
  if (type !== '' && type !== 'order' && type !== 'refund') return 'unknown-type';
  const kind = type === 'refund' ? 'refund' : 'order';
  // Without a refund id, the time is what tells two refunds of one order apart: a shop refunds an order
  // once per instant, and a refund's line items are written with the same time. Normalised to ISO UTC,
  // so the same instant in another zone (or a later file) is the same refund and the same messageId.
  const refundId = valueOf('refund_id');
  const refundKey = kind === 'order' ? null : refundId === '' ? `at-${timestamp}` : `id-${refundId}`;

  const totalText = valueOf('total');
  const priceText = valueOf('price');
  const quantityText = valueOf('quantity');
  const statedTotalMicros = totalText === '' ? null : parseDecimalMicros(totalText);
  const priceMicros = priceText === '' ? null : parseDecimalMicros(priceText);
  const quantity = quantityText === '' ? null : parseDecimal(quantityText);
  if ((totalText !== '' && statedTotalMicros === null) || (priceText !== '' && priceMicros === null) || (quantityText !== '' && quantity === null)) {
    return 'malformed-number';
  }
  if ((priceMicros ?? 0) < 0 || (kind === 'order' && (statedTotalMicros ?? 0) < 0)) return 'negative-price';
  if (quantity === 0) return 'zero-quantity';
  if (kind === 'order' && quantity !== null && quantity < 0) return 'quantity-sign-mismatch';

  const product: ImportedProduct = {};
  for (const column of ['product_id', 'sku', 'name'] as const) {
    const value = valueOf(column);
    if (value !== '') product[column] = value;
  }
  const units = Math.abs(quantity ?? 1);
  if (priceMicros !== null) product.price = fromMicros(priceMicros);
  if (Object.keys(product).length > 0) product.quantity = units;

  const traits: Record<string, string> = {};
  for (const [column, trait] of Object.entries(traitColumns) as Array<[Column, string]>) {
    const value = valueOf(column);
    if (value !== '') traits[trait] = value;
  }
  const currency = valueOf('currency').toUpperCase();
  const country = valueOf('country');
  return {
    line,
    orderId,
    userId,
    kind,
    refundKey,
    timestamp,
    currency: currency === '' ? null : currency,
    statedTotalMicros,
    product: Object.keys(product).length > 0 ? product : null,
    lineTotalMicros: priceMicros === null ? 0 : Math.round(units * priceMicros),
    country: country === '' ? null : country,
    traits,
    isNonProduct: false,
  };
}

/** FNV-1a, 32 bits, as 8 hex digits: a short stable fingerprint for messageIds (not security). */
function hashText(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
