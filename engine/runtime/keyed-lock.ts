/**
 * Mutual exclusion by key inside one process: the ingestion pipeline holds the identities a request
 * touches (user ids, anonymous ids) from reading their customers until its commit is durable, so two
 * requests for one customer in this process never race. Across processes the customer's `version`
 * (with `mustMatch`) decides instead; this lock only saves those retries.
 *
 * `acquire` registers the request on all its keys in one synchronous step and then waits for the
 * requests registered before it on any of them. Waiting only ever points at earlier registrations, so
 * there is no cycle and no deadlock, whatever order the keys come in.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  /**
   * Waits until no earlier holder of any of the keys remains, and returns the release function
   * (call it exactly once, in a `finally`).
   */
  async acquire(keys: Iterable<string>): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const waits: Promise<void>[] = [];
    const owned: string[] = [];
    for (const key of new Set(keys)) {
      const previous = this.tails.get(key);
      if (previous) waits.push(previous);
      this.tails.set(key, held);
      owned.push(key);
    }
    if (waits.length > 0) await Promise.all(waits);
    return () => {
      release();
      for (const key of owned) if (this.tails.get(key) === held) this.tails.delete(key);
    };
  }

  /** How many keys are held or awaited now (for tests and /health-style introspection). */
  get size(): number {
    return this.tails.size;
  }
}
