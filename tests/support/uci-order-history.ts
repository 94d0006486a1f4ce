import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * Per-customer order history of the UCI Online Retail data set (Chen, UCI ML Repository id 352,
 * CC BY 4.0) from its Segment-spec event stream in ../shared/data: 4,372 customers, 18,536
 * "Order Completed" and 3,654 "Order Refunded" events, 2010-12-01 … 2011-12-09.
 * revenue_total is net: Σ revenue of completed orders minus Σ revenue of refunds.
 */
export interface UciCustomerHistory {
  userId: string;
  first_seen_at: string;
  orders: Array<{ at: string; value: number }>;
  orders_count: number;
  revenue_total: number;
  last_order_at: string | null;
}

export const uciEventsPath = new URL('../../../shared/data/online-retail/online_retail_segment_events.ndjson.gz', import.meta.url);

interface UciEvent {
  type: string;
  userId: string;
  event?: string;
  timestamp: string;
  properties?: { revenue?: number };
}

export function readUciOrderHistories(): UciCustomerHistory[] {
  const byUser = new Map<string, UciCustomerHistory>();
  const lines = gunzipSync(readFileSync(uciEventsPath)).toString('utf8').split('\n');
  for (const line of lines) {
    if (line === '') continue;
    const event = JSON.parse(line) as UciEvent;
    let history = byUser.get(event.userId);
    if (!history) {
      history = { userId: event.userId, first_seen_at: event.timestamp, orders: [], orders_count: 0, revenue_total: 0, last_order_at: null };
      byUser.set(event.userId, history);
    }
    if (event.timestamp < history.first_seen_at) history.first_seen_at = event.timestamp;
    const revenue = event.properties?.revenue ?? 0;
    if (event.event === 'Order Completed') {
      history.orders.push({ at: event.timestamp, value: revenue });
      history.orders_count++;
      history.revenue_total += revenue;
      if (history.last_order_at === null || event.timestamp > history.last_order_at) history.last_order_at = event.timestamp;
    } else if (event.event === 'Order Refunded') {
      history.revenue_total -= revenue;
    }
  }
  return [...byUser.values()];
}
