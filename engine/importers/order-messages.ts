import { orderCompletedEvent, orderRefundedEvent } from '../profile/index';
import type { AssembledOrder } from './order-assembler';
import type { ImportedProduct, OrderLine, OrderRowReader } from './order-line';

/** A Segment-spec message as the importer sends it to /v1/batch. */
export type ImportedMessage = ImportedTrack | ImportedIdentify;

export interface ImportedTrack {
  type: 'track';
  messageId: string;
  userId: string;
  event: string;
  timestamp: string;
  properties: {
    order_id: string;
    total: number;
    revenue: number;
    currency?: string;
    products: ImportedProduct[];
    /** Present when products[] was shortened to fit one message: how many line items were left out. */
    products_omitted?: number;
  };
  context?: { location: { country: string } };
}

export interface ImportedIdentify {
  type: 'identify';
  messageId: string;
  userId: string;
  timestamp: string;
  traits: Record<string, string>;
}

/**
 * The track message of a complete order: `Order Completed` or `Order Refunded`, timed by its first
 * row, with `total` = `revenue` and every line item in `products`.
 */
export function buildOrderMessage(order: AssembledOrder, reader: OrderRowReader): ImportedTrack {
  const first = order.lines[0];
  let summedMicros = 0;
  const products: ImportedProduct[] = [];
  for (const line of order.lines) {
    summedMicros += line.lineTotalMicros;
    if (line.product) products.push(line.product);
  }
  const total = reader.totalOfOrder(summedMicros, first);
  // Key order as in the published UCI stream: order_id, total, revenue, currency, products.
  const properties: ImportedTrack['properties'] = {
    order_id: first.orderId,
    total,
    revenue: total,
    ...(first.currency !== null ? { currency: first.currency } : {}),
    products: reader.orderProducts(products),
  };
  const message: ImportedTrack = {
    type: 'track',
    messageId: reader.messageIdOfOrder(first),
    userId: first.userId,
    event: first.kind === 'refund' ? orderRefundedEvent : orderCompletedEvent,
    timestamp: first.timestamp,
    properties,
  };
  if (first.country !== null) message.context = { location: { country: first.country } };
  return message;
}

/** The identify of a customer, from their first usable row. */
export function buildIdentifyMessage(first: OrderLine, reader: OrderRowReader): ImportedIdentify {
  return { type: 'identify', messageId: reader.messageIdOfIdentify(first), userId: first.userId, timestamp: first.timestamp, traits: first.traits };
}

/** Size of a message as the server measures it: compact JSON, UTF-8 bytes. */
export function measureMessageBytes(message: ImportedMessage): number {
  return Buffer.byteLength(JSON.stringify(message), 'utf8');
}

/**
 * The message, with `products` shortened (keeping the first ones, and saying how many were left out)
 * when it is larger than `maxBytes`. Totals are untouched, so profiles stay exact. Returns the message
 * unchanged when it fits, and as short as it gets when even no products would not fit.
 */
export function fitOrderMessage(message: ImportedTrack, maxBytes: number): { message: ImportedTrack; trimmed: boolean } {
  if (measureMessageBytes(message) <= maxBytes) return { message, trimmed: false };
  const all = message.properties.products;
  const withCount = (count: number): ImportedTrack => ({
    ...message,
    properties: { ...message.properties, products: all.slice(0, count), products_omitted: all.length - count },
  });
  let low = 0;
  let high = all.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (measureMessageBytes(withCount(middle)) <= maxBytes) low = middle;
    else high = middle - 1;
  }
  return { message: withCount(low), trimmed: true };
}
