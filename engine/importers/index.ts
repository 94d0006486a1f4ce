export { readCsvRecords, type ByteSource, type CsvRecord } from './csv-records';
export {
  countSkippedRow,
  countSkippedRows,
  createImportTally,
  exampleLinesPerReason,
  skipReasons,
  type ImportTally,
  type SkipReason,
} from './import-tally';
export { parseDecimal, parseDecimalMicros, parseInteger, parseNaiveDateTime, parseTimestamp } from './field-values';
export type { ImportedProduct, OrderFileFormat, OrderLine, OrderRowReader } from './order-line';
export { uciOnlineRetailFormat } from './uci-online-retail-format';
export { genericOrdersFormat } from './generic-orders-format';
export { defaultOrderWindowRows, OrderAssembler, type AssembledOrder } from './order-assembler';
export {
  buildIdentifyMessage,
  buildOrderMessage,
  fitOrderMessage,
  measureMessageBytes,
  type ImportedIdentify,
  type ImportedMessage,
  type ImportedTrack,
} from './order-messages';
export { orderFileFormats, readOrderMessages, type OrderImportOptions } from './order-import';
export { batchMessages, type MessageBatch } from './message-batches';
