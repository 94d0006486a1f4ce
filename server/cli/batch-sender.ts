import type { ImportedMessage, MessageBatch } from '../../engine/importers/index';

export interface BatchSenderOptions {
  /** Base URL of the Wayfarer server (`http://localhost:3000`). */
  url: string;
  writeKey: string;
  /** Batches in flight at once. */
  concurrency: number;
  /** Attempts per batch when the server is unreachable, busy (429) or failing (5xx). */
  maxAttempts?: number;
  /** First retry delay; doubles each attempt, capped at 8 s. */
  retryDelayMs?: number;
}

/** What the server said about the messages sent. */
export interface SendTally {
  batches: number;
  /** Messages the server stored or already had (a re-run's messages are all "already had"). */
  accepted: number;
  rejected: number;
  /** Rejections by error code, with examples. */
  rejections: Map<string, { count: number; examples: string[] }>;
}

/** A reason the import cannot go on; its message tells the operator what to do. */
export class ImportAbortedError extends Error {}

interface BatchAnswer {
  accepted?: number;
  message?: string;
  details?: Array<{ index?: number; code?: string; message?: string }>;
}

/**
 * Posts batches to `/v1/batch` with the write key as the HTTP Basic username, a few in flight at once,
 * retrying what a retry can fix (unreachable, 429, 5xx) with exponential backoff and Retry-After.
 * Counts accepted and rejected messages from the answers (200, or 207 naming rejected messages by
 * index). An answer no retry can fix (a refused key, a URL that is not a Wayfarer server) aborts the
 * import with an `ImportAbortedError`.
 */
export class BatchSender {
  readonly tally: SendTally = { batches: 0, accepted: 0, rejected: 0, rejections: new Map() };
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown = null;
  private readonly endpoint: string;
  private readonly authorization: string;

  constructor(private readonly options: BatchSenderOptions) {
    this.endpoint = new URL('/v1/batch', options.url).toString();
    this.authorization = 'Basic ' + Buffer.from(`${options.writeKey}:`).toString('base64');
  }

  /** Sends a batch; waits first while `concurrency` batches are in flight (backpressure on the reader). */
  async send(batch: MessageBatch): Promise<void> {
    this.throwIfFailed();
    while (this.inFlight.size >= this.options.concurrency) {
      await Promise.race(this.inFlight);
      this.throwIfFailed();
    }
    const sending: Promise<void> = this.post(batch)
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  /** Waits for every batch in flight; throws the first failure. */
  async finish(): Promise<void> {
    await Promise.all(this.inFlight);
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }

  private async post(batch: MessageBatch): Promise<void> {
    const body = JSON.stringify({ batch: batch.messages });
    const maxAttempts = this.options.maxAttempts ?? 6;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(this.endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: this.authorization },
          body,
        });
      } catch (error) {
        if (attempt >= maxAttempts) {
          const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
          throw new ImportAbortedError(`Cannot reach the server at ${this.options.url} (${reason}). Is it running (npm start)? Set --url or WAYFARER_URL.`);
        }
        await this.waitBeforeRetry(attempt, null);
        continue;
      }
      if (response.status === 429 || response.status >= 500) {
        if (attempt >= maxAttempts) throw new ImportAbortedError(`The server kept answering ${response.status} after ${attempt} attempts: ${await describeAnswer(response)}`);
        await this.waitBeforeRetry(attempt, response.headers.get('retry-after'));
        continue;
      }
      await this.count(batch.messages, response);
      return;
    }
  }

  private async count(messages: ImportedMessage[], response: Response): Promise<void> {
    this.tally.batches += 1;
    if (response.status === 200) {
      this.tally.accepted += messages.length;
      return;
    }
    if (response.status === 401 || response.status === 403) {
      throw new ImportAbortedError(`The server refused the write key (${response.status}): ${await describeAnswer(response)} Pass the workspace's write key with --write-key or WAYFARER_WRITE_KEY.`);
    }
    const answer = (await response.json().catch(() => null)) as (BatchAnswer & { code?: string }) | null;
    const byIndex = new Map<number, string>();
    for (const detail of answer?.details ?? []) {
      if (typeof detail.index === 'number' && !byIndex.has(detail.index)) byIndex.set(detail.index, detail.code ?? answer?.code ?? 'UNKNOWN');
    }
    if ((response.status !== 207 && (response.status < 400 || response.status >= 500)) || byIndex.size === 0) {
      throw new ImportAbortedError(`Unexpected answer ${response.status} from ${this.endpoint}: ${answer?.message ?? 'not a Wayfarer answer'}. Is --url a Wayfarer server?`);
    }
    this.tally.rejected += byIndex.size;
    this.tally.accepted += messages.length - byIndex.size;
    for (const [index, code] of byIndex) {
      const entry = this.tally.rejections.get(code) ?? { count: 0, examples: [] };
      entry.count += 1;
      if (entry.examples.length < 5 && messages[index]) entry.examples.push(messages[index].messageId);
      this.tally.rejections.set(code, entry);
    }
  }

  private async waitBeforeRetry(attempt: number, retryAfter: string | null): Promise<void> {
    const seconds = retryAfter === null ? NaN : Number(retryAfter);
    const delay = Number.isFinite(seconds) ? seconds * 1000 : Math.min(8000, (this.options.retryDelayMs ?? 250) * 2 ** (attempt - 1));
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function describeAnswer(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const problem = JSON.parse(text) as { code?: string; message?: string };
    return `${problem.code ?? ''} ${problem.message ?? ''}`.trim();
  } catch {
    return text.slice(0, 200);
  }
}
