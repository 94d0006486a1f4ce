/** How often, at most, the repeats of one failure are summed up in the log. */
const defaultWindowMilliseconds = 60_000;
/** Distinct failures remembered at once; past it, the counts are written out and forgotten. */
const maxDistinctFailures = 200;

interface Repeats {
  channel: string;
  error: string;
  /** Failures since the last line about this one. */
  count: number;
  /** When the last line about it was written. */
  loggedAt: number;
}

export interface RepeatedFailureLogOptions {
  /** What happened to the messages, as the lines say it. Default `failed for good`. */
  outcome?: string;
  /** How often, at most, the repeats of one failure are summed up. Default one minute. */
  windowMilliseconds?: number;
}

/**
 * The warnings for messages that failed for good (or, in a second log, became uncertain), without a
 * line per message when they all fail the same way: a journey sending on a channel its workspace has
 * not configured fails every message with one error, and a line each buried everything else the
 * server said (1,100 lines during `npm run demo`). The first failure of each (channel, error) is
 * written in full with its message key; repeats are counted and written as one line at most once per
 * window, when the next one comes or when `flushDue` / `flush` is called (the worker calls them each
 * poll and on stop). Every failure stays in the message log (`GET /api/messages`), with its reason,
 * whatever is written here.
 */
export class RepeatedFailureLog {
  private readonly repeats = new Map<string, Repeats>();
  private readonly outcome: string;
  private readonly windowMilliseconds: number;

  constructor(
    private readonly write: (message: string) => void,
    private readonly now: () => number,
    options: RepeatedFailureLogOptions = {},
  ) {
    this.outcome = options.outcome ?? 'failed for good';
    this.windowMilliseconds = options.windowMilliseconds ?? defaultWindowMilliseconds;
  }

  failed(key: string, channel: string, error: string): void {
    const id = `${channel}\n${error}`;
    const known = this.repeats.get(id);
    if (known && this.now() - known.loggedAt < this.windowMilliseconds) {
      known.count += 1;
      return;
    }
    if (known) this.writeRepeats(known);
    else if (this.repeats.size >= maxDistinctFailures) this.flush();
    this.write(`Message ${key} ${this.outcome} on ${channel}: ${error}`);
    this.repeats.set(id, { channel, error, count: 0, loggedAt: this.now() });
  }

  /** Writes the counts whose window has passed. */
  flushDue(): void {
    for (const repeats of this.repeats.values()) {
      if (repeats.count > 0 && this.now() - repeats.loggedAt >= this.windowMilliseconds) this.writeRepeats(repeats);
    }
  }

  /** Writes every count now and forgets them (stop). */
  flush(): void {
    for (const repeats of this.repeats.values()) if (repeats.count > 0) this.writeRepeats(repeats);
    this.repeats.clear();
  }

  private writeRepeats(repeats: Repeats): void {
    if (repeats.count > 0) {
      const messages = repeats.count === 1 ? '1 more message' : `${repeats.count} more messages`;
      this.write(`${messages} ${this.outcome} on ${repeats.channel} with the same error since ${new Date(repeats.loggedAt).toISOString()}: ${repeats.error}`);
    }
    repeats.count = 0;
    repeats.loggedAt = this.now();
  }
}
