import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ProblemError } from '../../engine/errors/index';
import { batchMessages, createImportTally, readOrderMessages, type ImportedMessage } from '../../engine/importers/index';
import { ingestLimits } from '../../engine/ingest/index';
import { BatchSender, ImportAbortedError } from './batch-sender';
import { ImportProgress } from './import-progress';
import { formatImportSummary } from './import-summary';

const usage = `Usage: wayfarer import-orders FILE.csv[.gz] [options]

Sends an order history to a running Wayfarer server as Segment events through /v1/batch: one
"Order Completed" (or "Order Refunded") per order and one identify per customer. Reads the UCI Online
Retail format and the generic orders format (docs/profiles.md). Re-running an import changes nothing.

Options:
  --url URL                 server (default: WAYFARER_URL, else http://localhost:\${PORT:-3000})
  --write-key KEY           write key of the workspace (default: WAYFARER_WRITE_KEY)
  --concurrency N           batches in flight (default 4)
  --retries N               retries of a batch when the server is unreachable or busy (default 5)
  --max-message-bytes N     largest message the server accepts (default ${ingestLimits.maxMessageBytes});
                            longer products[] lists are shortened, totals stay exact
  --dry-run                 read and report, send nothing
  -h, --help                this text`;

interface ImportArguments {
  file: string;
  url: string;
  writeKey: string | null;
  concurrency: number;
  retries: number;
  maxMessageBytes: number;
  dryRun: boolean;
}

/** `wayfarer import-orders`: exits 0 when every event was accepted, 1 on a failure or rejected events, 2 on a usage error. */
export async function run(args: string[]): Promise<void> {
  const parsed = parseImportArguments(args, process.env);
  if (typeof parsed === 'string') {
    if (parsed === 'help') {
      console.log(usage);
      return;
    }
    console.error(`wayfarer import-orders: ${parsed}\n\n${usage}`);
    process.exitCode = 2;
    return;
  }
  try {
    process.exitCode = await importOrders(parsed);
  } catch (error) {
    process.exitCode = 1;
    if (error instanceof ProblemError) {
      console.error(`\nwayfarer import-orders: ${parsed.file}: ${error.problem.message}`);
      for (const detail of error.problem.details) console.error(`  ${detail.line !== undefined ? `line ${detail.line}: ` : ''}${detail.message}`);
    } else if (error instanceof ImportAbortedError) {
      console.error(`\nwayfarer import-orders: ${error.message}`);
    } else if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR' || (error as NodeJS.ErrnoException).code === 'EACCES') {
      console.error(`wayfarer import-orders: cannot read ${parsed.file}: ${(error as Error).message}`);
    } else {
      throw error;
    }
  }
}

/** The arguments, or a usage error, or 'help'. */
export function parseImportArguments(args: string[], env: NodeJS.ProcessEnv): ImportArguments | string {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        'write-key': { type: 'string' },
        concurrency: { type: 'string' },
        retries: { type: 'string' },
        'max-message-bytes': { type: 'string' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return (error as Error).message;
  }
  if (values.help) return 'help';
  if (positionals.length !== 1) return positionals.length === 0 ? 'name the CSV file to import.' : `one file at a time, not ${positionals.length}.`;
  const concurrency = Number(values.concurrency ?? 4);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) return `--concurrency must be a whole number from 1 to 64, not "${values.concurrency}".`;
  const retries = Number(values.retries ?? 5);
  if (!Number.isInteger(retries) || retries < 0 || retries > 20) return `--retries must be a whole number from 0 to 20, not "${values.retries}".`;
  const maxMessageBytes = Number(values['max-message-bytes'] ?? ingestLimits.maxMessageBytes);
  if (!Number.isInteger(maxMessageBytes) || maxMessageBytes < 1024) return `--max-message-bytes must be a whole number of bytes ≥ 1024, not "${values['max-message-bytes']}".`;
  const url = values.url ?? env.WAYFARER_URL ?? `http://localhost:${env.PORT || 3000}`;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) return `--url must be an http(s) URL, not "${url}".`;
  const writeKey = values['write-key'] ?? env.WAYFARER_WRITE_KEY ?? null;
  const dryRun = values['dry-run'] ?? false;
  if (!dryRun && !writeKey) return 'no write key: pass --write-key KEY or set WAYFARER_WRITE_KEY (the key `npm start` printed when it created the workspace).';
  return { file: positionals[0], url, writeKey, concurrency, retries, maxMessageBytes, dryRun };
}

async function importOrders(options: ImportArguments): Promise<number> {
  const { size } = await stat(options.file);
  const tally = createImportTally();
  const progress = new ImportProgress(process.stderr, size);
  const sender = options.dryRun ? null : new BatchSender({ url: options.url, writeKey: options.writeKey!, concurrency: options.concurrency, maxAttempts: options.retries + 1 });
  let bytesRead = 0;
  let eventsSent = 0;

  async function* countedBytes(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(options.file) as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      yield chunk;
    }
  }
  const messages: AsyncIterable<ImportedMessage> = readOrderMessages(countedBytes(), tally, { maxMessageBytes: options.maxMessageBytes });
  for await (const batch of batchMessages(messages)) {
    if (sender) await sender.send(batch);
    eventsSent += batch.messages.length;
    progress.update({ bytesRead, rowsRead: tally.rowsRead, eventsSent });
  }
  if (sender) await sender.finish();
  progress.finish({ bytesRead, rowsRead: tally.rowsRead, eventsSent });
  console.log(formatImportSummary({ file: options.file, target: sender ? options.url : null, tally, sent: sender?.tally ?? null, maxMessageBytes: options.maxMessageBytes }));
  return sender && sender.tally.rejected > 0 ? 1 : 0;
}
