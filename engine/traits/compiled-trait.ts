import type { StoredEvent } from '../../schemas/types';
import { countedEventName, stampOfEvent, toMicros } from '../profile/index';
import { compileCondition, createFactReader, type FactReader } from '../rules/index';
import { averageAggregation, countAggregation, firstAggregation, lastAggregation, maxAggregation, minAggregation, sumAggregation } from './bucket-aggregations';
import type { StoredTraitDefinition } from './stored-trait';
import type { AggregatedValue, Aggregation, AggregationKind } from './trait-aggregation';
import type { TraitValueType } from './trait-definition';
import { distinctCountAggregation, mostFrequentAggregation } from './value-list-aggregations';
import { bucketKeyOf, type BucketKey } from './trait-window';

/** Text values longer than this are kept by their first 256 characters. */
export const maxKeptTextLength = 256;

/** What one event contributes to a trait: its bucket, its stamp and its value. */
export interface TraitContribution {
  bucket: BucketKey;
  stamp: string;
  value: AggregatedValue;
}

/** A definition compiled once: matching, reading and aggregating its events. */
export interface CompiledTrait {
  readonly id: string;
  readonly revision: number;
  readonly event: string;
  readonly kind: AggregationKind;
  readonly windowDays: number | null;
  readonly valueType: TraitValueType;
  readonly aggregation: Aggregation<unknown>;
  /** What the event contributes, or null when it does not count (other name, filtered out, no usable value). */
  contributionOf(event: StoredEvent): TraitContribution | null;
}

const aggregations: Record<AggregationKind, Aggregation<unknown>> = {
  count: countAggregation as Aggregation<unknown>,
  sum: sumAggregation as Aggregation<unknown>,
  avg: averageAggregation as Aggregation<unknown>,
  min: minAggregation as Aggregation<unknown>,
  max: maxAggregation as Aggregation<unknown>,
  first: firstAggregation as Aggregation<unknown>,
  last: lastAggregation as Aggregation<unknown>,
  distinct_count: distinctCountAggregation as Aggregation<unknown>,
  most_frequent: mostFrequentAggregation as Aggregation<unknown>,
};

/**
 * Compiles a stored definition. Events match by the name `traits.event_counts` uses (track events by
 * `event`, page calls as "Page Viewed", screen calls as "Screen Viewed"; identify, group and alias
 * never match), then by the filter; the property is read as a condition reads an event fact.
 */
export function compileTrait(definition: StoredTraitDefinition): CompiledTrait {
  const filter = definition.filter ? compileCondition(definition.filter, { scope: 'event' }) : null;
  const read = definition.property ? createFactReader({ fact: definition.property }) : null;
  const windowDays = definition.window_days ?? null;
  const kind = definition.aggregation;
  const convert = converterOf(kind, definition.value_type, read);
  const empty = {};
  return Object.freeze({
    id: definition.id,
    revision: definition.revision,
    event: definition.event,
    kind,
    windowDays,
    valueType: definition.value_type,
    aggregation: aggregations[kind],
    contributionOf(event: StoredEvent): TraitContribution | null {
      if (countedEventName(event) !== definition.event) return null;
      // Filters hold no clock-dependent operator (checkTraitDefinition), so "now" is irrelevant here.
      if (filter && !filter.test(empty, { now: 0, event })) return null;
      const value = convert(event);
      if (value === undefined) return null;
      const stamp = stampOf(event);
      return { bucket: bucketKeyOf(stamp, windowDays), stamp, value };
    },
  });
}

/** Every trait an event matches needs its stamp: computed once per event (events are not mutated). */
const stamps = new WeakMap<StoredEvent, string>();

function stampOf(event: StoredEvent): string {
  let stamp = stamps.get(event);
  if (stamp === undefined) {
    stamp = stampOfEvent(event);
    stamps.set(event, stamp);
  }
  return stamp;
}

/** How an event's property becomes the aggregated value; undefined skips the event. */
function converterOf(kind: AggregationKind, valueType: TraitValueType, read: FactReader | null): (event: StoredEvent) => AggregatedValue | undefined {
  const empty = {};
  const valueOf = (event: StoredEvent): unknown => (read ? read(empty, event) : undefined);
  switch (kind) {
    case 'count':
      return read ? (event) => (isPresent(valueOf(event)) ? null : undefined) : () => null;
    case 'sum':
    case 'avg':
    case 'min':
    case 'max':
      return (event) => toMicros(valueOf(event)) ?? undefined;
    case 'distinct_count':
      return (event) => toScalar(valueOf(event));
    default:
      return (event) => toTypedValue(valueOf(event), valueType);
  }
}

function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** Any JSON scalar (text shortened to the bound), or undefined. */
function toScalar(value: unknown): AggregatedValue | undefined {
  if (typeof value === 'string') return value.slice(0, maxKeptTextLength);
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return value;
  return undefined;
}

const numericText = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/;
const datePrefix = /^\d{4}-\d{2}-\d{2}/;

/** A value of the declared type (a number may come as plain decimal text), or undefined. */
function toTypedValue(value: unknown, type: TraitValueType): AggregatedValue | undefined {
  switch (type) {
    case 'number':
      if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
      if (typeof value === 'string' && numericText.test(value)) {
        const parsed = Number(value);
        return Number.isFinite(parsed) ? parsed : undefined;
      }
      return undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'date':
      return typeof value === 'string' && datePrefix.test(value) ? value.slice(0, maxKeptTextLength) : undefined;
    default:
      return typeof value === 'string' ? value.slice(0, maxKeptTextLength) : undefined;
  }
}
