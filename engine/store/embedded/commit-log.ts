import type { DocumentChange } from './memory-collection';

/**
 * Where the embedded store makes commits durable. The store applies a commit in memory, hands its
 * changes to `append`, and acknowledges the commit only when `append` resolves.
 */
export interface CommitLog {
  /** Feeds every committed change, oldest first, to `apply`; called once, before any append. */
  recover(apply: (change: DocumentChange) => void): Promise<void>;
  /** Makes one commit's changes durable, all or nothing. */
  append(changes: DocumentChange[]): Promise<void>;
  /** Resolves once everything appended so far is durable. */
  flush(): Promise<void>;
  /** Facts for /health and operators (path, size, last snapshot). */
  describe(): Record<string, unknown>;
  close(): Promise<void>;
}

/** A log that keeps nothing: for simulations and tests that need no persistence. */
export class VolatileCommitLog implements CommitLog {
  async recover(): Promise<void> {}
  async append(): Promise<void> {}
  async flush(): Promise<void> {}
  describe(): Record<string, unknown> {
    return { persistent: false };
  }
  async close(): Promise<void> {}
}
