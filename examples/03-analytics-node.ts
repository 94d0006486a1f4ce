/**
 * Example 03 — send events with Segment's own Node client, @segment/analytics-node, pointed at Wayfarer.
 *
 * An application already instrumented for Segment changes one thing: the `host`. Against a running
 * server (npm start) with the example pack imported (npm run demo):
 *
 *   WAYFARER_WRITE_KEY=wk_… npx tsx examples/03-analytics-node.ts
 *
 * Grace signs up, views products, orders twice and answers the post-purchase survey; the script prints
 * each answer of the server and ends once everything is delivered.
 */
import { Analytics } from '@segment/analytics-node';

const host = process.env.WAYFARER_URL ?? `http://localhost:${process.env.PORT || 3000}`;
const writeKey = process.env.WAYFARER_WRITE_KEY;
if (!writeKey) throw new Error('Set WAYFARER_WRITE_KEY to the write key `npm start` printed.');
const userId = process.env.EXAMPLE_USER_ID ?? 'grace-hopper';

// flushAt 20: calls are sent together through /v1/batch, exactly as to Segment.
const analytics = new Analytics({ writeKey, host, flushAt: 20, flushInterval: 1_000 });
analytics.on('http_response', (response) => console.log(`${response.status} ${response.url}`));
analytics.on('error', (error) => {
  console.error('delivery failed:', error);
  process.exitCode = 1;
});

// Who she is: attributes segments, templates and consent read.
analytics.identify({
  userId,
  traits: { email: 'grace@example.com', first_name: 'Grace', last_name: 'Hopper', country: 'United States', birthday: '1906-12-09', consent: { email: true } },
});

// The welcome series starts on "Signed Up".
analytics.track({ userId, event: 'Signed Up', properties: { source: 'webinar' } });

// Browsing feeds the product_views_14d trait of the example pack.
for (const [productId, name] of [['21212', 'Pack of 72 retrospot cake cases'], ['84879', 'Assorted colour bird ornament'], ['22720', 'Set of 3 cake tins pantry design']]) {
  analytics.track({ userId, event: 'Product Viewed', properties: { product_id: productId, name } });
}
analytics.page({ userId, name: 'Checkout' });

// Two orders: she becomes a repeat buyer; the second one is big enough for "big-basket-buyers".
analytics.track({ userId, event: 'Order Completed', properties: { order_id: 'G-1', total: 54.1, revenue: 54.1, currency: 'USD', products: [{ product_id: '21212', quantity: 10, price: 5.41 }] } });
analytics.track({ userId, event: 'Order Completed', properties: { order_id: 'G-2', total: 612.5, revenue: 612.5, currency: 'USD', products: [{ product_id: '84879', quantity: 350, price: 1.75 }] } });

// The answer the post-purchase survey waits for.
analytics.track({ userId, event: 'Survey Completed', properties: { score: 9 } });

await analytics.closeAndFlush({ timeout: 10_000 });
console.log(`Sent ${userId}'s events to ${host}.`);
