import { createProblem, ProblemError } from '../errors/index';
import { ingestLimits } from '../ingest/index';
import { readCsvRecords, type ByteSource } from './csv-records';
import { genericOrdersFormat } from './generic-orders-format';
import { countSkippedRow, type ImportTally } from './import-tally';
import { defaultOrderWindowRows, OrderAssembler, type AssembledOrder } from './order-assembler';
import type { OrderFileFormat, OrderRowReader } from './order-line';
import { buildIdentifyMessage, buildOrderMessage, fitOrderMessage, type ImportedMessage } from './order-messages';
import { uciOnlineRetailFormat } from './uci-online-retail-format';

/** The formats the importer recognises, tried in this order against the header. */
export const orderFileFormats: readonly OrderFileFormat[] = [uciOnlineRetailFormat, genericOrdersFormat];

export interface OrderImportOptions {
  /** Largest message the server accepts; longer products[] lists are shortened. Default 32 KB. */
  maxMessageBytes?: number;
  /** See OrderAssembler. */
  orderWindowRows?: number;
}

/**
 * Reads an order-history CSV (UCI Online Retail or the generic orders format, gzipped or not) and
 * yields the Segment messages to send: one `identify` per customer before their first order, one
 * `Order Completed` / `Order Refunded` per order. Streaming, memory bounded by the open orders and the
 * ids seen. Counts everything in `tally` as it goes (rows read, skipped by reason, events built).
 *
 * Throws a `ProblemError` (INVALID_IMPORT, with the line) when the file is not CSV or its header is
 * neither format; a bad row is skipped and counted, never fatal.
 */
export async function* readOrderMessages(source: ByteSource, tally: ImportTally, options: OrderImportOptions = {}): AsyncGenerator<ImportedMessage> {
  const maxMessageBytes = options.maxMessageBytes ?? ingestLimits.maxMessageBytes;
  const assembler = new OrderAssembler(options.orderWindowRows ?? defaultOrderWindowRows);
  const identified = new Set<string>();
  let reader: OrderRowReader | null = null;

  const complete = (order: AssembledOrder, rowReader: OrderRowReader): ImportedMessage => {
    const { message, trimmed } = fitOrderMessage(buildOrderMessage(order, rowReader), maxMessageBytes);
    if (trimmed) {
      tally.trimmedOrders.orders += 1;
      if (tally.trimmedOrders.exampleLines.length < 5) tally.trimmedOrders.exampleLines.push(order.lines[0].line);
    }
    tally.rowsUsed += order.lines.length;
    if (message.event === 'Order Refunded') tally.refundsBuilt += 1;
    else tally.ordersBuilt += 1;
    for (const line of order.lines) if (line.isNonProduct) tally.nonProductLines += 1;
    return message;
  };

  for await (const record of readCsvRecords(source)) {
    if (reader === null) {
      reader = readerForHeader(record.fields, record.line);
      tally.format = orderFileFormats.find((format) => format.matchesHeader(record.fields))!.name;
      tally.ignoredColumns = reader.ignoredColumns;
      continue;
    }
    tally.rowsRead += 1;
    const line = reader.readRow(record.fields, record.line);
    if (typeof line === 'string') {
      countSkippedRow(tally, line, record.line);
      continue;
    }
    const added = assembler.add(line);
    if ('skip' in added) {
      countSkippedRow(tally, added.skip, record.line);
      continue;
    }
    if (!identified.has(line.userId)) {
      identified.add(line.userId);
      if (reader.hasIdentify(line)) {
        tally.identifiesBuilt += 1;
        yield buildIdentifyMessage(line, reader);
      }
    }
    for (const order of added.completed) yield complete(order, reader);
  }
  if (reader === null) {
    throw new ProblemError(createProblem('INVALID_IMPORT', [{ line: 1, message: 'the file is empty' }], 'The file is empty: it has no header line.'));
  }
  for (const order of assembler.drain()) yield complete(order, reader);
}

function readerForHeader(header: string[], line: number): OrderRowReader {
  const format = orderFileFormats.find((candidate) => candidate.matchesHeader(header));
  if (!format) {
    const expected = orderFileFormats.map((candidate) => `${candidate.name}: ${candidate.describeHeader}`).join('; ');
    throw new ProblemError(
      createProblem(
        'INVALID_IMPORT',
        [{ line, message: `the header "${header.join(',').slice(0, 200)}" matches no known format` }],
        `Line ${line} is not a header the importer knows. Expected ${expected}.`,
      ),
    );
  }
  return format.createRowReader(header);
}
