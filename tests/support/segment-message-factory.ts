let sequence = 0;

/** A unique messageId for a test message. */
export function nextMessageId(prefix = 'test'): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}`;
}

/** A Segment track message with a messageId; fields given override the defaults. */
export function trackMessage(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'track', messageId: nextMessageId('track'), userId: 'user-1', event: 'Product Viewed', properties: { sku: 'A-1', price: 12.5 }, ...fields };
}

/** A Segment identify message with a messageId; fields given override the defaults. */
export function identifyMessage(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'identify', messageId: nextMessageId('identify'), userId: 'user-1', traits: { email: 'ada@example.com' }, ...fields };
}

/** An "Order Completed" track message. */
export function orderMessage(fields: Record<string, unknown> = {}, total = 20): Record<string, unknown> {
  return trackMessage({ event: 'Order Completed', properties: { order_id: nextMessageId('order'), total, revenue: total, currency: 'GBP' }, ...fields });
}
