import type { SkipReason } from './import-tally';
import { parseDecimalMicros, parseInteger, parseNaiveDateTime } from './field-values';
import type { ImportedProduct, OrderFileFormat, OrderLine } from './order-line';

const columns = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];

/** UCI product codes are five digits, sometimes with a letter suffix (85123A); anything else is a charge or adjustment. */
const productCode = /^\d{5}[A-Za-z]*$/;

/**
 * The UCI "Online Retail" format (UCI ML repository id 352): one row per invoice line,
 * `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country`.
 *
 * Conventions, the same as the published Segment event stream of this data set
 * (online_retail_segment_events.ndjson): one `Order Completed` per invoice, one `Order Refunded` per
 * cancellation invoice (`C…`, negative quantities, sent as positive quantities and a positive total),
 * `messageId` `uci-or-<InvoiceNo>`; `timestamp` the invoice's first row's InvoiceDate written with `Z`
 * (the shop's UK local time, as the file has no zone); `total` = `revenue` = Σ |Quantity| × UnitPrice
 * rounded half-up to pence; products sorted by StockCode; one `identify` per customer
 * (`uci-or-identify-<CustomerID>`) with the country of their first row. Rows with non-product codes
 * (POST, D, M, BANK CHARGES, …) and exact duplicate rows are kept: they are money the customer paid or
 * got back, and the file cannot tell a duplicate from the same item entered twice.
 */
export const uciOnlineRetailFormat: OrderFileFormat = {
  name: 'uci-online-retail',
  describeHeader: columns.join(','),
  matchesHeader: (header) => header.length === columns.length && header.every((name, i) => name.trim().toLowerCase() === columns[i].toLowerCase()),
  createRowReader: () => ({
    ignoredColumns: [],
    readRow: readUciRow,
    messageIdOfOrder: (first) => `uci-or-${first.orderId}`,
    messageIdOfIdentify: (first) => `uci-or-identify-${first.userId}`,
    hasIdentify: () => true,
    totalOfOrder: (summedMicros) => Math.round(Math.abs(summedMicros) / 10_000) / 100,
    orderProducts: (products) => [...products].sort((a, b) => compareText(a.sku ?? '', b.sku ?? '')),
  }),
};

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One row, checked in a fixed order so each skipped row is counted under one reason: shape, invoice,
 * date, numbers, customer, price sign, quantity.
 */
function readUciRow(fields: string[], line: number): OrderLine | SkipReason {
  if (fields.length !== columns.length) return 'malformed-row';
  const [invoiceField, codeField, description, quantityField, dateField, priceField, customerField, countryField] = fields;
  const orderId = invoiceField.trim();
  if (orderId === '') return 'missing-order-id';
  const timestamp = parseNaiveDateTime(dateField);
  if (timestamp === null) return 'malformed-date';
  const quantity = parseInteger(quantityField);
  const priceMicros = parseDecimalMicros(priceField);
  if (quantity === null || priceMicros === null) return 'malformed-number';
  // Some copies of the data set write CustomerID as a float ("17850.0").
  const userId = customerField.trim().replace(/\.0+$/, '');
  if (userId === '') return 'missing-customer-id';
  if (priceMicros < 0) return 'negative-price';
  if (quantity === 0) return 'zero-quantity';
  const isCancellation = /^c/i.test(orderId);
  if (isCancellation !== quantity < 0) return 'quantity-sign-mismatch';

  const code = codeField.trim();
  const product: ImportedProduct = { product_id: code, sku: code };
  if (description.trim() !== '') product.name = description;
  product.price = Number(priceField.trim());
  product.quantity = Math.abs(quantity);
  const country = countryField.trim();
  return {
    line,
    orderId,
    userId,
    kind: isCancellation ? 'refund' : 'order',
    // A credit note has its own invoice number (C…), so the invoice alone identifies each refund.
    refundKey: null,
    timestamp,
    currency: 'GBP',
    statedTotalMicros: null,
    product,
    lineTotalMicros: Math.abs(quantity) * priceMicros,
    country: country === '' ? null : country,
    traits: country === '' ? {} : { country },
    isNonProduct: !productCode.test(code),
  };
}
