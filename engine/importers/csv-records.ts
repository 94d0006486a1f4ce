import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { createProblem, ProblemError } from '../errors/index';

/** One CSV record and the 1-based line of the file it starts on (the header is line 1). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A chunked byte source: a file stream, a gunzip stream, an array of buffers. */
export type ByteSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;

/**
 * Reads RFC 4180 CSV (quoted fields with commas, doubled quotes and line breaks) from a byte stream,
 * gunzipping it first when it starts with the gzip magic bytes, and yields records with their line
 * numbers. Streaming: memory stays bounded by the longest record, whatever the file size.
 *
 * A file that is not CSV (an unclosed quote, a quote inside an unquoted field, broken gzip) throws a
 * `ProblemError` with code INVALID_IMPORT and the line where reading stopped. Empty lines are skipped.
 */
export async function* readCsvRecords(source: ByteSource): AsyncGenerator<CsvRecord> {
  const parser = parse({ relax_column_count: true, bom: true, skip_empty_lines: false });
  const input = Readable.from(decompressWhenGzipped(source), { objectMode: false });
  let pipeError: unknown = null;
  input.on('error', (error) => {
    pipeError = error;
    parser.destroy(error);
  });
  input.pipe(parser);
  let previousEnd = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = previousEnd + 1;
      // A record spans one line plus one per line break inside its (quoted) fields. Counting them here
      // is much cheaper than csv-parse's per-record info objects.
      previousEnd = line + countLineBreaks(record);
      if (record.length === 1 && record[0] === '') continue;
      yield { line, fields: record };
    }
  } catch (error) {
    throw new ProblemError(describeReadError(pipeError ?? error, previousEnd + 1));
  } finally {
    input.destroy();
  }
}

function countLineBreaks(fields: string[]): number {
  let breaks = 0;
  for (const field of fields) {
    if (!field.includes('\n')) continue;
    for (let i = field.indexOf('\n'); i !== -1; i = field.indexOf('\n', i + 1)) breaks += 1;
  }
  return breaks;
}

/** Passes the bytes through, gunzipped when the first chunk starts with 1f 8b. */
async function* decompressWhenGzipped(source: ByteSource): AsyncGenerator<Buffer> {
  const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head = toBuffer(first.value);
  const rest: AsyncIterable<Buffer> = {
    async *[Symbol.asyncIterator]() {
      yield head;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield toBuffer(next.value);
    },
  };
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    yield* Readable.from(rest).pipe(createGunzip()) as AsyncIterable<Buffer>;
  } else {
    yield* rest;
  }
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** A read failure as the problem a user can act on. */
function describeReadError(error: unknown, fallbackLine: number): ReturnType<typeof createProblem> {
  const failure = error as { code?: string; message?: string; lines?: number };
  const line = typeof failure.lines === 'number' && failure.lines > 0 ? failure.lines : fallbackLine;
  if (failure.code === 'Z_DATA_ERROR' || failure.code === 'Z_BUF_ERROR') {
    return createProblem('INVALID_IMPORT', [{ line, message: 'the gzip data is corrupt or truncated' }], `The file is not valid gzip (stopped near line ${line}). Check the download, or unpack it and import the CSV.`);
  }
  const reason = csvErrorReasons[failure.code ?? ''] ?? String(failure.message ?? error);
  return createProblem('INVALID_IMPORT', [{ line, message: reason }], `The file is not valid CSV at line ${line}: ${reason}.`);
}

const csvErrorReasons: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed (a missing closing quote)',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by something other than a comma or line break (quotes inside a field must be doubled: "")',
  INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted field (quote the whole field and double the inner quote)',
  CSV_INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted field (quote the whole field and double the inner quote)',
  CSV_MAX_RECORD_SIZE: 'a record is too large',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a closing quote is followed by text',
};
