import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { batchMessages, createImportTally, readOrderMessages, type ImportedMessage, type ImportTally } from '../../engine/importers/index';
import { orderRefundedEvent } from '../../engine/profile/index';
import { BatchSender, type SendTally } from './batch-sender';
import { ImportProgress } from './import-progress';

export interface DemoOrdersOptions {
  file: string;
  url: string;
  writeKey: string;
  /** Stop after this many orders (Order Completed and Order Refunded): a quick slice. */
  limitOrders: number | null;
  /** Moves every event this much later (whole days), so a years-old history can end yesterday. */
  shiftMs: number;
}

/** What loading the order history did. */
export interface DemoOrdersReport {
  tally: ImportTally;
  sent: SendTally;
  /** Orders sent (completed and refunded). */
  orders: number;
  /** The event time of the latest order sent: the end of the history the CLV model is fitted on. */
  lastOrderAt: string | null;
}

/**
 * Sends an order-history CSV to the running server through the same machinery as `wayfarer
 * import-orders` (the importers' reader, /v1/batch with the write key), optionally only its first
 * `limitOrders` orders, each customer's identify coming before their first order.
 */
export async function loadDemoOrders(options: DemoOrdersOptions): Promise<DemoOrdersReport> {
  const { size } = await stat(options.file);
  const tally = createImportTally();
  const progress = new ImportProgress(process.stderr, size);
  const sender = new BatchSender({ url: options.url, writeKey: options.writeKey, concurrency: 4, maxAttempts: 6 });
  let bytesRead = 0;
  let eventsSent = 0;
  let orders = 0;
  let lastOrderAt: string | null = null;

  async function* countedBytes(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(options.file) as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      yield chunk;
    }
  }
  async function* limited(messages: AsyncIterable<ImportedMessage>): AsyncGenerator<ImportedMessage> {
    for await (const message of messages) {
      if (message.type === 'track') {
        if (options.limitOrders !== null && orders >= options.limitOrders) {
          // Built by the reader but not sent: the summary counts what was sent.
          if (message.event === orderRefundedEvent) tally.refundsBuilt -= 1;
          else tally.ordersBuilt -= 1;
          return;
        }
        orders++;
      }
      const shifted = options.shiftMs === 0 ? message : { ...message, timestamp: new Date(Date.parse(message.timestamp) + options.shiftMs).toISOString() };
      if (shifted.type === 'track' && (lastOrderAt === null || shifted.timestamp > lastOrderAt)) lastOrderAt = shifted.timestamp;
      yield shifted;
    }
  }
  for await (const batch of batchMessages(limited(readOrderMessages(countedBytes(), tally)))) {
    await sender.send(batch);
    eventsSent += batch.messages.length;
    progress.update({ bytesRead, rowsRead: tally.rowsRead, eventsSent });
  }
  await sender.finish();
  // With a limit the file is not read to the end: no "100 %" line.
  if (options.limitOrders === null) progress.finish({ bytesRead, rowsRead: tally.rowsRead, eventsSent });
  else if (process.stderr.isTTY) process.stderr.write('\n');
  return { tally, sent: sender.tally, orders, lastOrderAt };
}

/**
 * The time of the latest order among the first `limitOrders` orders of a file (all when null), read
 * without sending anything: what the demo needs to move the history so it ends yesterday.
 */
export async function findLastOrderTime(file: string, limitOrders: number | null): Promise<number | null> {
  let orders = 0;
  let last: number | null = null;
  for await (const message of readOrderMessages(createReadStream(file) as AsyncIterable<Buffer>, createImportTally())) {
    if (message.type !== 'track') continue;
    if (limitOrders !== null && ++orders > limitOrders) break;
    const time = Date.parse(message.timestamp);
    if (last === null || time > last) last = time;
  }
  return last;
}

const day = 24 * 60 * 60 * 1000;

/**
 * Whole days to move a history whose last order was at `lastOrder` so that it falls on yesterday's
 * date (UTC): recency, lifecycle stages and churn risk then read as they would for a shop trading
 * today, and weekdays and times of day stay what they were.
 */
export function shiftToYesterday(lastOrder: number, now: number): number {
  const startOfDay = (time: number) => Math.floor(time / day) * day;
  return Math.max(0, startOfDay(now - day) - startOfDay(lastOrder));
}
