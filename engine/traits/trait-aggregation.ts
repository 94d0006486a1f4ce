import type { BucketKey } from './trait-window';

/** The aggregations a computed trait can use (schemas/trait-definition.schema.json). */
export const aggregationKinds = ['count', 'sum', 'avg', 'min', 'max', 'first', 'last', 'distinct_count', 'most_frequent'] as const;

export type AggregationKind = (typeof aggregationKinds)[number];

/** A value kept by first / last / distinct_count / most_frequent: one JSON scalar. */
export type ScalarValue = string | number | boolean;

/**
 * What an aggregation is given per event, already read from the event and checked
 * (compiled-trait.ts): a number in micro-units for the numeric kinds, a scalar for the others, null
 * for a plain count.
 */
export type AggregatedValue = number | ScalarValue | null;

/** A trait's value: a number, a scalar, or null when there is nothing to aggregate. */
export type TraitValue = ScalarValue | null;

/**
 * One aggregation as a small algebra over JSON states. Every operation returns a NEW state (states
 * come from frozen store documents) and is independent of the order events arrive in: adding the
 * same events in any order, or combining two customers' states, gives the same value.
 *
 * A state keeps its events in buckets (trait-window.ts): one per UTC day for a windowed trait, one
 * all-time bucket otherwise. `prune` drops the buckets that left the window; `valueOf` reads what
 * remains; `oldestBucket` tells the clock when the value can next change on its own.
 */
export interface Aggregation<S> {
  empty(): S;
  /** The state with one more event: `stamp` orders events (event time, then messageId). */
  add(state: S, bucket: BucketKey, stamp: string, value: AggregatedValue): S;
  /** Two disjoint sets of events together (identity merge, rebuilt parts). */
  combine(a: S, b: S): S;
  /** Without the buckets before `firstDay` (the same object when nothing was dropped). */
  prune(state: S, firstDay: BucketKey | null): S;
  valueOf(state: S): TraitValue;
  /** The oldest bucket held, or null when empty. */
  oldestBucket(state: S): BucketKey | null;
}

/** Whether an aggregation reads a number from the event (kept in micro-units). */
export function isNumericAggregation(kind: AggregationKind): boolean {
  return kind === 'sum' || kind === 'avg' || kind === 'min' || kind === 'max';
}

/** Whether the trait's value is always a number, whatever the property holds. */
export function hasNumericValue(kind: AggregationKind): boolean {
  return kind === 'count' || kind === 'distinct_count' || isNumericAggregation(kind);
}
