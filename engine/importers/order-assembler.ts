import type { SkipReason } from './import-tally';
import type { OrderLine } from './order-line';

/** The rows of one order gathered so far. */
export interface AssembledOrder {
  lines: OrderLine[];
}

/**
 * How far (in data rows) the file may move on from an order's last row before the order is complete.
 * The UCI file keeps an invoice's rows together except once, where another invoice's rows come between;
 * 1,000 rows tolerate that kind of interleaving while holding only recent orders in memory.
 */
export const defaultOrderWindowRows = 1000;

/**
 * Groups line items into orders (rows with the same kind, order id and refund key) while the file
 * streams: an order stays open until `windowRows` rows have passed since its last row, then it is
 * handed back as complete. Memory holds the open orders (bounded by the window) and the keys of
 * completed ones, to recognise a row that comes too late.
 */
export class OrderAssembler {
  private readonly open = new Map<string, { order: AssembledOrder; lastRow: number }>();
  private readonly completed = new Set<string>();
  private row = 0;

  constructor(private readonly windowRows = defaultOrderWindowRows) {}

  /**
   * Adds a line item. Returns the orders that became complete, or the reason the line cannot join its
   * order: its order was already complete (`late-order-row`) or belongs to another customer.
   */
  add(line: OrderLine): { completed: AssembledOrder[] } | { skip: SkipReason } {
    this.row += 1;
    // JSON, so an order id containing the separator cannot make two events' keys equal.
    const key = JSON.stringify([line.kind, line.orderId, line.refundKey]);
    if (this.completed.has(key)) return { skip: 'late-order-row' };
    const entry = this.open.get(key);
    if (entry && entry.order.lines[0].userId !== line.userId) return { skip: 'customer-mismatch' };
    const order = entry?.order ?? { lines: [] };
    order.lines.push(line);
    // Re-inserting keeps the map ordered by last row, so the stalest order is always first.
    this.open.delete(key);
    this.open.set(key, { order, lastRow: this.row });
    return { completed: this.takeStale() };
  }

  /** Every order still open, at the end of the file. */
  drain(): AssembledOrder[] {
    const orders = [...this.open.values()].map((entry) => entry.order);
    for (const key of this.open.keys()) this.completed.add(key);
    this.open.clear();
    return orders.sort((a, b) => a.lines[0].line - b.lines[0].line);
  }

  private takeStale(): AssembledOrder[] {
    const stale: AssembledOrder[] = [];
    for (const [key, entry] of this.open) {
      if (this.row - entry.lastRow < this.windowRows) break;
      stale.push(entry.order);
      this.open.delete(key);
      this.completed.add(key);
    }
    return stale;
  }
}
