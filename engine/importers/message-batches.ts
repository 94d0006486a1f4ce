import { ingestLimits } from '../ingest/index';
import { measureMessageBytes, type ImportedMessage } from './order-messages';

/** A /v1/batch body's worth of messages. */
export interface MessageBatch {
  messages: ImportedMessage[];
  /** Size of `{"batch":[…]}` in UTF-8 bytes. */
  bytes: number;
}

/** `{"batch":[` + `]}`. */
const envelopeBytes = '{"batch":[]}'.length;

/**
 * Groups messages into batches whose JSON body stays within `maxBatchBytes` (default: the server's
 * 500 KB) and `maxMessages`. Streaming: holds one batch at a time.
 */
export async function* batchMessages(
  messages: AsyncIterable<ImportedMessage>,
  maxBatchBytes: number = ingestLimits.maxBatchBytes,
  maxMessages = 1000,
): AsyncGenerator<MessageBatch> {
  let batch: ImportedMessage[] = [];
  let bytes = envelopeBytes;
  for await (const message of messages) {
    const size = measureMessageBytes(message);
    const separator = batch.length > 0 ? 1 : 0;
    if (batch.length > 0 && (bytes + separator + size > maxBatchBytes || batch.length >= maxMessages)) {
      yield { messages: batch, bytes };
      batch = [];
      bytes = envelopeBytes;
    }
    bytes += (batch.length > 0 ? 1 : 0) + size;
    batch.push(message);
  }
  if (batch.length > 0) yield { messages: batch, bytes };
}
