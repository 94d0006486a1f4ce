import type { AggregatedValue, Aggregation, ScalarValue } from './trait-aggregation';
import type { BucketKey } from './trait-window';

/**
 * The aggregations that keep values, bounded: distinct_count and most_frequent. Values are kept in a
 * list sorted by value (type, then value), so a state's content does not depend on arrival order.
 *
 * distinct_count keeps each value with the newest bucket it was seen in, at most
 * `maxDistinctValues`. Past that, the value seen longest ago is dropped; so every dropped value is
 * at most as recent as every kept one, and the count is exact whenever fewer than the bound fall in
 * the window — otherwise it reads the bound ("at least 500").
 *
 * most_frequent keeps per value its count per bucket, at most `maxFrequentValues` values; past that
 * the value with the fewest events is dropped (space-saving), so with more distinct values than the
 * bound the answer is approximate. Ties: the value seen most recently, then the smallest value.
 */
export const maxDistinctValues = 500;
export const maxFrequentValues = 100;

/** `[value, newest bucket]`, sorted by value. */
export interface DistinctValuesState {
  v: ReadonlyArray<readonly [ScalarValue, BucketKey]>;
}

/** `[value, { bucket: events }]`, sorted by value. */
export interface FrequentValuesState {
  v: ReadonlyArray<readonly [ScalarValue, Readonly<Record<BucketKey, number>>]>;
}

const typeRank: Record<string, number> = { boolean: 0, number: 1, string: 2 };

/** Total order on kept values: by type, then by value. */
function compareValues(a: ScalarValue, b: ScalarValue): number {
  const byType = typeRank[typeof a] - typeRank[typeof b];
  if (byType !== 0) return byType;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Position of `value` in a list sorted by compareValues: `found` or where it would go. */
function locate<T>(list: ReadonlyArray<readonly [ScalarValue, T]>, value: ScalarValue): { index: number; found: boolean } {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (compareValues(list[middle][0], value) < 0) low = middle + 1;
    else high = middle;
  }
  return { index: low, found: low < list.length && compareValues(list[low][0], value) === 0 };
}

function isScalar(value: AggregatedValue): value is ScalarValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Drops entries until at most `limit` remain, removing the one `isWorse` ranks lowest each time. */
function capEntries<T>(list: Array<readonly [ScalarValue, T]>, limit: number, isWorse: (a: readonly [ScalarValue, T], b: readonly [ScalarValue, T]) => boolean): Array<readonly [ScalarValue, T]> {
  while (list.length > limit) {
    let worst = 0;
    for (let index = 1; index < list.length; index++) if (isWorse(list[index], list[worst])) worst = index;
    list.splice(worst, 1);
  }
  return list;
}

const laterBucket = (a: BucketKey, b: BucketKey): BucketKey => (a >= b ? a : b);

/** Dropped first: the value seen longest ago; among equals, the largest value. */
const isStaler = (a: readonly [ScalarValue, BucketKey], b: readonly [ScalarValue, BucketKey]): boolean => a[1] < b[1] || (a[1] === b[1] && compareValues(a[0], b[0]) > 0);

export const distinctCountAggregation: Aggregation<DistinctValuesState> = {
  empty: () => ({ v: [] }),
  add(state, bucket, _stamp, value) {
    if (!isScalar(value)) return state;
    const { index, found } = locate(state.v, value);
    if (found && state.v[index][1] >= bucket) return state;
    const list = [...state.v];
    if (found) list[index] = [value, bucket];
    else list.splice(index, 0, [value, bucket]);
    return { v: capEntries(list, maxDistinctValues, isStaler) };
  },
  combine(a, b) {
    const list = [...a.v];
    for (const [value, bucket] of b.v) {
      const { index, found } = locate(list, value);
      if (found) list[index] = [value, laterBucket(list[index][1], bucket)];
      else list.splice(index, 0, [value, bucket]);
    }
    return { v: capEntries(list, maxDistinctValues, isStaler) };
  },
  prune(state, firstDay) {
    if (firstDay === null || state.v.every(([, bucket]) => bucket >= firstDay)) return state;
    return { v: state.v.filter(([, bucket]) => bucket >= firstDay) };
  },
  valueOf: (state) => state.v.length,
  oldestBucket(state) {
    let oldest: BucketKey | null = null;
    for (const [, bucket] of state.v) if (oldest === null || bucket < oldest) oldest = bucket;
    return oldest;
  },
};

function totalOf(buckets: Readonly<Record<BucketKey, number>>): number {
  let total = 0;
  for (const key in buckets) total += buckets[key];
  return total;
}

function newestOf(buckets: Readonly<Record<BucketKey, number>>): BucketKey {
  let newest = '';
  for (const key in buckets) if (key > newest) newest = key;
  return newest;
}

function hasBucketBefore(buckets: Readonly<Record<BucketKey, number>>, firstDay: BucketKey): boolean {
  for (const key in buckets) if (key < firstDay) return true;
  return false;
}

type FrequentEntry = readonly [ScalarValue, Readonly<Record<BucketKey, number>>];

/** An entry with its total and newest bucket worked out once. */
interface RankedEntry {
  value: ScalarValue;
  total: number;
  newest: BucketKey;
}

function rank(entry: FrequentEntry): RankedEntry {
  return { value: entry[0], total: totalOf(entry[1]), newest: newestOf(entry[1]) };
}

/** Ranks two counted values: more events first, then seen more recently, then the smaller value. */
function isRankedHigher(a: RankedEntry, b: RankedEntry): boolean {
  if (a.total !== b.total) return a.total > b.total;
  if (a.newest !== b.newest) return a.newest > b.newest;
  return compareValues(a.value, b.value) < 0;
}

function isMoreFrequent(a: FrequentEntry, b: FrequentEntry): boolean {
  return isRankedHigher(rank(a), rank(b));
}

function addCounts(a: Readonly<Record<BucketKey, number>>, b: Readonly<Record<BucketKey, number>>): Record<BucketKey, number> {
  const result: Record<BucketKey, number> = { ...a };
  for (const key of Object.keys(b)) result[key] = (Object.hasOwn(result, key) ? result[key] : 0) + b[key];
  return result;
}

export const mostFrequentAggregation: Aggregation<FrequentValuesState> = {
  empty: () => ({ v: [] }),
  add(state, bucket, _stamp, value) {
    if (!isScalar(value)) return state;
    const { index, found } = locate(state.v, value);
    const list = [...state.v];
    if (found) list[index] = [value, addCounts(list[index][1], { [bucket]: 1 })];
    else list.splice(index, 0, [value, { [bucket]: 1 }]);
    return { v: capEntries(list, maxFrequentValues, (a, b) => isMoreFrequent(b, a)) };
  },
  combine(a, b) {
    const list = [...a.v];
    for (const [value, counts] of b.v) {
      const { index, found } = locate(list, value);
      if (found) list[index] = [value, addCounts(list[index][1], counts)];
      else list.splice(index, 0, [value, counts]);
    }
    return { v: capEntries(list, maxFrequentValues, (x, y) => isMoreFrequent(y, x)) };
  },
  prune(state, firstDay) {
    if (firstDay === null || !state.v.some(([, counts]) => hasBucketBefore(counts, firstDay))) return state;
    const list: Array<readonly [ScalarValue, Readonly<Record<BucketKey, number>>]> = [];
    for (const [value, counts] of state.v) {
      const kept: Record<BucketKey, number> = {};
      for (const key of Object.keys(counts)) if (key >= firstDay) kept[key] = counts[key];
      if (Object.keys(kept).length > 0) list.push([value, kept]);
    }
    return { v: list };
  },
  valueOf(state) {
    let best: RankedEntry | null = null;
    for (const entry of state.v) {
      const ranked = rank(entry);
      if (best === null || isRankedHigher(ranked, best)) best = ranked;
    }
    return best === null ? null : best.value;
  },
  oldestBucket(state) {
    let oldest: BucketKey | null = null;
    for (const [, counts] of state.v) for (const key of Object.keys(counts)) if (oldest === null || key < oldest) oldest = key;
    return oldest;
  },
};
