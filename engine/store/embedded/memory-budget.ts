import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';

/** Of V8's heap limit, the share the live heap may reach before the store takes no new documents. */
const DEFAULT_SHARE_OF_HEAP_LIMIT = 0.75;

/** What /health and `store.info()` show of the budget. */
export interface MemoryBudgetState {
  /** The heap in use right after the last major garbage collection (live data); `null` before the first. */
  liveBytes: number | null;
  limitBytes: number;
  /** V8's own limit, past which the process dies (`--max-old-space-size`). */
  heapLimitBytes: number;
  /** Whether new documents are refused. */
  full: boolean;
}

/**
 * Thrown by a write that would add a document to a full embedded store. Nothing of that write is
 * applied. Clients get `STORE_FULL` (507) and should retry later; the operator must raise the limit,
 * delete data or move to MongoDB (docs/storage.md, "Memory limit").
 */
export class StoreFullError extends Error {
  override readonly name = 'StoreFullError';

  constructor(readonly liveBytes: number, readonly limitBytes: number) {
    super(`The embedded store is full: the live heap is ${mebibytes(liveBytes)} and the limit ${mebibytes(limitBytes)}. New documents are refused until data is deleted or the limit is raised (WAYFARER_MEMORY_LIMIT_MB, NODE_OPTIONS=--max-old-space-size).`);
  }
}

function mebibytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/**
 * How much memory the embedded store may fill. Every document lives in the JavaScript heap, so without
 * a limit a growing store ends in V8's "heap out of memory" crash — and a restart that recovers the
 * same data into the same heap crashes again. The budget refuses new documents once the live heap
 * (what a major garbage collection leaves) passes the limit, while reads, updates and deletions go on:
 * the server stays up, says why, and loses nothing it acknowledged.
 *
 * Live heap is measured after each major collection, the only moment the heap holds no garbage; in
 * between, the heap in use also counts garbage, up to several times the live data, and would refuse
 * writes that fit. Once deletions bring the live heap under the limit, the next major collection (V8
 * runs one when the process goes quiet, too) lets writes in again.
 */
export class MemoryBudget {
  readonly limitBytes: number;
  private liveBytes: number | null = null;
  private readonly observer: PerformanceObserver;

  /** `limitBytes`: default 75 % of V8's heap limit, leaving room for recovery, snapshots and requests. */
  constructor(options: { limitBytes?: number } = {}) {
    this.limitBytes = options.limitBytes ?? Math.floor(getHeapStatistics().heap_size_limit * DEFAULT_SHARE_OF_HEAP_LIMIT);
    this.observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
          this.liveBytes = getHeapStatistics().used_heap_size;
        }
      }
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  get full(): boolean {
    return this.liveBytes !== null && this.liveBytes > this.limitBytes;
  }

  /** Throws `StoreFullError` when the store is full; called before a write adds a document. */
  admitNewDocument(): void {
    if (this.full) throw new StoreFullError(this.liveBytes!, this.limitBytes);
  }

  state(): MemoryBudgetState {
    return { liveBytes: this.liveBytes, limitBytes: this.limitBytes, heapLimitBytes: getHeapStatistics().heap_size_limit, full: this.full };
  }

  close(): void {
    this.observer.disconnect();
  }
}
