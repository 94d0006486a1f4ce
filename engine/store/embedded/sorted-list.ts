/**
 * A sorted set of strings kept as a list of sorted chunks (the layout of Python's sortedcontainers):
 * a binary search over the chunks' last elements finds the chunk, a binary search inside finds the slot,
 * and an insert moves at most one chunk's worth of pointers. A Fenwick tree over the chunk lengths
 * answers "how many entries lie below this key" in O(log n), which the query planner uses to cost plans.
 */

/** A chunk splits in two when it grows past twice this size. */
const LOAD = 512;

/** First position in sorted `values` whose element is not less than `value`. */
function bisectLeft(values: readonly string[], value: string): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

export class SortedList {
  private chunks: string[][] = [];
  /** The last (largest) element of each chunk. */
  private maxes: string[] = [];
  /** Fenwick tree over chunk lengths, 1-based; rebuilt when chunks split or vanish. */
  private tree: number[] = [0];
  private total = 0;

  get size(): number {
    return this.total;
  }

  /** Adds `value`; returns false when it was already present. */
  add(value: string): boolean {
    if (this.chunks.length === 0) {
      this.chunks.push([value]);
      this.maxes.push(value);
      this.total = 1;
      this.rebuildTree();
      return true;
    }
    let c = bisectLeft(this.maxes, value);
    if (c === this.chunks.length) c--;
    const chunk = this.chunks[c];
    const slot = bisectLeft(chunk, value);
    if (chunk[slot] === value) return false;
    chunk.splice(slot, 0, value);
    if (slot === chunk.length - 1) this.maxes[c] = value;
    this.total++;
    if (chunk.length > 2 * LOAD) {
      const upper = chunk.splice(LOAD);
      this.chunks.splice(c + 1, 0, upper);
      this.maxes.splice(c, 1, chunk[chunk.length - 1], upper[upper.length - 1]);
      this.rebuildTree();
    } else {
      this.addToTree(c, 1);
    }
    return true;
  }

  /** Removes `value`; returns false when it was not present. */
  delete(value: string): boolean {
    const c = bisectLeft(this.maxes, value);
    if (c === this.chunks.length) return false;
    const chunk = this.chunks[c];
    const slot = bisectLeft(chunk, value);
    if (chunk[slot] !== value) return false;
    chunk.splice(slot, 1);
    this.total--;
    if (chunk.length === 0) {
      this.chunks.splice(c, 1);
      this.maxes.splice(c, 1);
      this.rebuildTree();
    } else {
      if (slot === chunk.length) this.maxes[c] = chunk[chunk.length - 1];
      this.addToTree(c, -1);
    }
    return true;
  }

  has(value: string): boolean {
    const c = bisectLeft(this.maxes, value);
    if (c === this.chunks.length) return false;
    const chunk = this.chunks[c];
    return chunk[bisectLeft(chunk, value)] === value;
  }

  /** How many elements are less than `value` (`null`: all of them). */
  rank(value: string | null): number {
    if (value === null) return this.total;
    const c = bisectLeft(this.maxes, value);
    if (c === this.chunks.length) return this.total;
    return this.prefixLength(c) + bisectLeft(this.chunks[c], value);
  }

  /** How many elements lie in `[lower, upper)`; `null` bounds are open. */
  countRange(lower: string | null, upper: string | null): number {
    const below = lower === null ? 0 : this.rank(lower);
    return Math.max(0, this.rank(upper) - below);
  }

  /**
   * Calls `visit` on the elements in `[lower, upper)`, ascending or descending, until it returns false.
   * The list must not change during the scan.
   */
  scan(lower: string | null, upper: string | null, descending: boolean, visit: (value: string) => boolean): void {
    if (this.total === 0) return;
    if (!descending) {
      let c = lower === null ? 0 : bisectLeft(this.maxes, lower);
      if (c === this.chunks.length) return;
      let slot = lower === null ? 0 : bisectLeft(this.chunks[c], lower);
      for (; c < this.chunks.length; c++, slot = 0) {
        const chunk = this.chunks[c];
        for (; slot < chunk.length; slot++) {
          const value = chunk[slot];
          if (upper !== null && value >= upper) return;
          if (!visit(value)) return;
        }
      }
      return;
    }
    let c: number;
    let slot: number;
    if (upper === null) {
      c = this.chunks.length - 1;
      slot = this.chunks[c].length - 1;
    } else {
      c = bisectLeft(this.maxes, upper);
      if (c === this.chunks.length) {
        c--;
        slot = this.chunks[c].length - 1;
      } else {
        slot = bisectLeft(this.chunks[c], upper) - 1;
      }
    }
    for (; c >= 0; c--, slot = c >= 0 ? this.chunks[c].length - 1 : 0) {
      const chunk = this.chunks[c];
      for (; slot >= 0; slot--) {
        const value = chunk[slot];
        if (lower !== null && value < lower) return;
        if (!visit(value)) return;
      }
    }
  }

  /** Replaces the contents with already sorted, distinct values (bulk load after recovery). */
  load(sorted: string[]): void {
    this.chunks = [];
    this.maxes = [];
    for (let start = 0; start < sorted.length; start += LOAD) {
      const chunk = sorted.slice(start, start + LOAD);
      this.chunks.push(chunk);
      this.maxes.push(chunk[chunk.length - 1]);
    }
    this.total = sorted.length;
    this.rebuildTree();
  }

  *values(): Generator<string> {
    for (const chunk of this.chunks) yield* chunk;
  }

  private prefixLength(chunkIndex: number): number {
    let sum = 0;
    for (let i = chunkIndex; i > 0; i -= i & -i) sum += this.tree[i];
    return sum;
  }

  private addToTree(chunkIndex: number, delta: number): void {
    for (let i = chunkIndex + 1; i < this.tree.length; i += i & -i) this.tree[i] += delta;
  }

  private rebuildTree(): void {
    const tree = new Array<number>(this.chunks.length + 1).fill(0);
    for (let i = 1; i <= this.chunks.length; i++) {
      tree[i] += this.chunks[i - 1].length;
      const parent = i + (i & -i);
      if (parent <= this.chunks.length) tree[parent] += tree[i];
    }
    this.tree = tree;
  }
}
