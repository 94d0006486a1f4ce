import type { Doc, DocumentChange } from './memory-collection';

/** Every document of one collection at one moment, for a snapshot. */
export interface CollectionImage {
  name: string;
  docs: Doc[];
}

/** What a commit log recovers into and snapshots from: the embedded store's memory. */
export interface RecoveryTarget {
  /** Replays one committed change; changes arrive oldest first. */
  apply(change: DocumentChange): void;
  /**
   * Every stored document, taken synchronously. Stored documents are immutable, so the arrays of
   * references stay a consistent point-in-time image while the store keeps changing.
   */
  capture(): CollectionImage[];
}

/**
 * Where the embedded store makes commits durable. The store applies a commit in memory, hands its
 * changes to `append` in the same tick, and acknowledges the commit only when `append` resolves.
 */
export interface CommitLog {
  /** Feeds every committed change, oldest first, to the target; called once, before any append. */
  recover(target: RecoveryTarget): Promise<void>;
  /** Makes one commit's changes durable, all or nothing. Must take the record synchronously. */
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
