import type { AggregatedValue, Aggregation, ScalarValue, TraitValue } from './trait-aggregation';
import type { BucketKey } from './trait-window';

/**
 * The aggregations whose state is one small record per bucket: count, sum and avg (events and their
 * sum in micro-units), min and max (the extreme of the bucket), first and last (the earliest / latest
 * event's stamp and value). A windowed trait holds at most one bucket per day of its window.
 */

const microsPerUnit = 1_000_000;

type Buckets<T> = Readonly<Record<BucketKey, T>>;

/** `[events, Σ micro-units]` per bucket. */
export interface NumericBucketsState {
  b: Buckets<readonly [number, number]>;
}

/** The smallest (min) or largest (max) value per bucket, in micro-units. */
export interface ExtremeBucketsState {
  b: Buckets<number>;
}

/** `[stamp, value]` of the earliest (first) or latest (last) event per bucket. */
export interface StampedBucketsState {
  b: Buckets<readonly [string, ScalarValue]>;
}

function keysOf<T>(buckets: Buckets<T>): BucketKey[] {
  return Object.keys(buckets);
}

function pruneBuckets<T>(buckets: Buckets<T>, firstDay: BucketKey | null): Buckets<T> {
  if (firstDay === null) return buckets;
  let pruned: Record<BucketKey, T> | null = null;
  for (const key of keysOf(buckets)) {
    if (key >= firstDay) continue;
    pruned ??= { ...buckets };
    delete pruned[key];
  }
  return pruned ?? buckets;
}

function oldestKeyOf<T>(buckets: Buckets<T>): BucketKey | null {
  let oldest: BucketKey | null = null;
  for (const key of keysOf(buckets)) if (oldest === null || key < oldest) oldest = key;
  return oldest;
}

/** Merges two bucket records, combining the values of a bucket both hold. */
function combineBuckets<T>(a: Buckets<T>, b: Buckets<T>, merge: (x: T, y: T) => T): Buckets<T> {
  const result: Record<BucketKey, T> = { ...a };
  for (const key of keysOf(b)) result[key] = Object.hasOwn(result, key) ? merge(result[key], b[key]) : b[key];
  return result;
}

function numericAggregation(read: (events: number, micros: number) => TraitValue): Aggregation<NumericBucketsState> {
  const add = (x: readonly [number, number], y: readonly [number, number]): [number, number] => [x[0] + y[0], x[1] + y[1]];
  return {
    empty: () => ({ b: {} }),
    add(state, bucket, _stamp, value) {
      const entry: [number, number] = [1, typeof value === 'number' ? value : 0];
      const current = Object.hasOwn(state.b, bucket) ? state.b[bucket] : null;
      return { b: { ...state.b, [bucket]: current ? add(current, entry) : entry } };
    },
    combine: (a, b) => ({ b: combineBuckets(a.b, b.b, add) }),
    prune(state, firstDay) {
      const b = pruneBuckets(state.b, firstDay);
      return b === state.b ? state : { b };
    },
    valueOf(state) {
      let events = 0;
      let micros = 0;
      for (const key of keysOf(state.b)) {
        events += state.b[key][0];
        micros += state.b[key][1];
      }
      return read(events, micros);
    },
    oldestBucket: (state) => oldestKeyOf(state.b),
  };
}

/** count: the number of matching events. */
export const countAggregation = numericAggregation((events) => events);

/** sum: Σ value, exact in micro-units (order-independent integer sums); 0 without events. */
export const sumAggregation = numericAggregation((_events, micros) => micros / microsPerUnit);

/** avg: Σ value / events, rounded to micro-units; null without events. */
export const averageAggregation = numericAggregation((events, micros) => (events === 0 ? null : Math.round(micros / events) / microsPerUnit));

function extremeAggregation(isBetter: (candidate: number, current: number) => boolean): Aggregation<ExtremeBucketsState> {
  const pick = (x: number, y: number): number => (isBetter(y, x) ? y : x);
  return {
    empty: () => ({ b: {} }),
    add(state, bucket, _stamp, value) {
      if (typeof value !== 'number') return state;
      const current = Object.hasOwn(state.b, bucket) ? state.b[bucket] : null;
      if (current !== null && !isBetter(value, current)) return state;
      return { b: { ...state.b, [bucket]: value } };
    },
    combine: (a, b) => ({ b: combineBuckets(a.b, b.b, pick) }),
    prune(state, firstDay) {
      const b = pruneBuckets(state.b, firstDay);
      return b === state.b ? state : { b };
    },
    valueOf(state) {
      let best: number | null = null;
      for (const key of keysOf(state.b)) if (best === null || isBetter(state.b[key], best)) best = state.b[key];
      return best === null ? null : best / microsPerUnit;
    },
    oldestBucket: (state) => oldestKeyOf(state.b),
  };
}

export const minAggregation = extremeAggregation((candidate, current) => candidate < current);
export const maxAggregation = extremeAggregation((candidate, current) => candidate > current);

/** first: the value on the earliest event (by stamp); one entry per bucket, the earliest of each. */
export const firstAggregation: Aggregation<StampedBucketsState> = {
  empty: () => ({ b: {} }),
  add(state, bucket, stamp, value) {
    if (!isScalar(value)) return state;
    const current = Object.hasOwn(state.b, bucket) ? state.b[bucket] : null;
    if (current !== null && current[0] <= stamp) return state;
    return { b: { ...state.b, [bucket]: [stamp, value] } };
  },
  combine: (a, b) => ({ b: combineBuckets(a.b, b.b, (x, y) => (y[0] < x[0] ? y : x)) }),
  prune(state, firstDay) {
    const b = pruneBuckets(state.b, firstDay);
    return b === state.b ? state : { b };
  },
  valueOf: (state) => pickStamped(state, (candidate, best) => candidate < best),
  oldestBucket: (state) => oldestKeyOf(state.b),
};

/**
 * last: the value on the latest event (by stamp). Only the latest entry is kept: once it leaves the
 * window, every older event has left too.
 */
export const lastAggregation: Aggregation<StampedBucketsState> = {
  empty: () => ({ b: {} }),
  add(state, bucket, stamp, value) {
    if (!isScalar(value)) return state;
    const current = latestEntryOf(state);
    if (current !== null && current[1][0] >= stamp) return state;
    return { b: { [bucket]: [stamp, value] } };
  },
  combine(a, b) {
    const x = latestEntryOf(a);
    const y = latestEntryOf(b);
    if (x === null) return b;
    if (y === null) return a;
    return y[1][0] > x[1][0] ? b : a;
  },
  prune(state, firstDay) {
    const b = pruneBuckets(state.b, firstDay);
    return b === state.b ? state : { b };
  },
  valueOf: (state) => pickStamped(state, (candidate, best) => candidate > best),
  oldestBucket: (state) => oldestKeyOf(state.b),
};

function latestEntryOf(state: StampedBucketsState): [BucketKey, readonly [string, ScalarValue]] | null {
  let latest: [BucketKey, readonly [string, ScalarValue]] | null = null;
  for (const key of keysOf(state.b)) if (latest === null || state.b[key][0] > latest[1][0]) latest = [key, state.b[key]];
  return latest;
}

function pickStamped(state: StampedBucketsState, isBetter: (candidate: string, best: string) => boolean): TraitValue {
  let best: readonly [string, ScalarValue] | null = null;
  for (const key of keysOf(state.b)) if (best === null || isBetter(state.b[key][0], best[0])) best = state.b[key];
  return best === null ? null : best[1];
}

function isScalar(value: AggregatedValue): value is ScalarValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
