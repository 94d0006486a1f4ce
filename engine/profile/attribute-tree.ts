import type { EventStamp } from './event-stamp';

/**
 * Customer attributes merged by event time, exactly, whatever order the events arrive in.
 *
 * The rule is the one a reader expects from replaying every identify in event-time order: a scalar (string,
 * number, boolean, null, array) replaces what was at its path; an object is merged key by key into what
 * was there (replacing a scalar). To get that result incrementally, every path remembers the stamp (event
 * time + messageId, see event-stamp.ts) that set it:
 *
 * - a scalar leaf keeps the stamp that wrote it; an older write to it is ignored;
 * - an object node keeps `[objectStamp, wipedAt, children]`: the newest stamp at which the path was an
 *   object (itself or through a descendant), and the newest scalar write that lost to a newer object
 *   (children older than it were wiped by that scalar, so they stay gone — and later-arriving ones older
 *   than it are ignored).
 *
 * `wipedAt` is only recorded when it is newer than every ancestor's, so the stamp tree itself is the same
 * for every arrival order, not only the values (tests/profile/attribute-merge.test.ts holds it to a replay).
 */
export type StampNode = EventStamp | ObjectStampNode;
export type ObjectStampNode = [objectStamp: EventStamp, wipedAt: EventStamp | null, children: StampMap];
export type StampMap = Record<string, StampNode>;

/** Attribute values and their stamps, two parallel trees. */
export interface AttributeState {
  values: Record<string, unknown>;
  stamps: StampMap;
}

/** Objects nested deeper than this are stored as one opaque value: a bound on work and recursion. */
export const maxAttributeDepth = 16;

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** Keys never copied into a customer document: they could reach an object's prototype. */
export function isSafeAttributeKey(key: string): boolean {
  return !forbiddenKeys.has(key);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function ownValue<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function maxStamp(a: EventStamp, b: EventStamp): EventStamp {
  return a > b ? a : b;
}

/** One entry after a write: its value and stamp node. */
interface Entry {
  value: unknown;
  stamp: StampNode;
}

/**
 * Merges one event's attributes (identify traits) into the state, at the event's stamp.
 * Returns the state itself when nothing changed, else a new state sharing unchanged branches.
 *
 * @example mergeAttributes({ values: {}, stamps: {} }, { plan: 'pro' }, '2024-01-01T00:00:00.000Z m1').values // { plan: 'pro' }
 */
export function mergeAttributes(state: AttributeState, incoming: Record<string, unknown>, stamp: EventStamp): AttributeState {
  return mergeEntries(state, incoming, stamp, 0);
}

function mergeEntries(state: AttributeState, incoming: Record<string, unknown>, stamp: EventStamp, depth: number): AttributeState {
  let result = state;
  for (const key of Object.keys(incoming)) {
    const value = incoming[key];
    if (value === undefined || !isSafeAttributeKey(key)) continue;
    const current = ownValue(state.stamps, key);
    const entry =
      isPlainObject(value) && depth < maxAttributeDepth
        ? assignObject(ownValue(state.values, key), current, value, stamp, depth + 1)
        : assignScalar(ownValue(state.values, key), current, value, stamp);
    if (entry) result = withEntry(result, state, key, entry);
  }
  return result;
}

/**
 * Sets one key, copying the containers the first time a state is changed. An undefined value is an
 * erased key (eraseAttributes): its stamp stays, so older writes keep losing to the erasure, but the
 * key has no value.
 */
function withEntry(result: AttributeState, original: AttributeState, key: string, entry: Entry): AttributeState {
  const next = result === original ? { values: { ...original.values }, stamps: { ...original.stamps } } : result;
  if (entry.value === undefined) delete next.values[key];
  else next.values[key] = entry.value;
  next.stamps[key] = entry.stamp;
  return next;
}

/**
 * Removes top-level keys at a stamp, as a scalar write would replace them: a write stamped before the
 * erasure does not bring the key back, a later one does. The key keeps a stamp and no value.
 *
 * @example eraseAttributes({ values: { a: 1 }, stamps: { a: 's1' } }, ['a'], 's2').values // {}
 */
export function eraseAttributes(state: AttributeState, keys: readonly string[], stamp: EventStamp): AttributeState {
  let result = state;
  for (const key of keys) {
    if (!isSafeAttributeKey(key)) continue;
    const entry = assignScalar(ownValue(result.values, key), ownValue(result.stamps, key), undefined, stamp);
    if (entry) result = withEntry(result, state, key, entry);
  }
  return result;
}

/** A scalar write at a path; null when it loses to what is there. */
function assignScalar(currentValue: unknown, current: StampNode | undefined, value: unknown, stamp: EventStamp): Entry | null {
  if (current === undefined) return { value, stamp };
  if (typeof current === 'string') return stamp > current ? { value, stamp } : null;
  const [objectStamp, wipedAt, children] = current;
  if (stamp > objectStamp) return { value, stamp };
  if (wipedAt !== null && stamp <= wipedAt) return null;
  // The object is newer than this scalar, but the scalar still wiped every child older than itself.
  const pruned = pruneOlderThan({ values: asRecord(currentValue), stamps: children }, stamp);
  return { value: pruned.values, stamp: [objectStamp, stamp, pruned.stamps] };
}

/** An object write at a path: merged into an object, replacing an older scalar. */
function assignObject(
  currentValue: unknown,
  current: StampNode | undefined,
  value: Record<string, unknown>,
  stamp: EventStamp,
  depth: number,
): Entry | null {
  if (current === undefined) {
    // An object with no stamp (a made-up customer, a document from before stamps) is older than any write: merged into.
    const merged = mergeEntries({ values: asRecord(currentValue), stamps: {} }, value, stamp, depth);
    return { value: merged.values, stamp: [stamp, null, merged.stamps] };
  }
  if (typeof current === 'string') {
    if (stamp <= current) return null;
    const merged = mergeEntries({ values: {}, stamps: {} }, value, stamp, depth);
    return { value: merged.values, stamp: [stamp, current, merged.stamps] };
  }
  const [objectStamp, wipedAt, children] = current;
  if (wipedAt !== null && stamp <= wipedAt) return null;
  const before = { values: asRecord(currentValue), stamps: children };
  const merged = mergeEntries(before, value, stamp, depth);
  const nextObjectStamp = maxStamp(objectStamp, stamp);
  if (merged === before && nextObjectStamp === objectStamp) return null;
  return { value: merged.values, stamp: [nextObjectStamp, wipedAt, merged.stamps] };
}

/** Drops every entry written before `stamp`; a kept object's own `wipedAt` is dropped when older. */
function pruneOlderThan(state: AttributeState, stamp: EventStamp): AttributeState {
  const values: Record<string, unknown> = {};
  const stamps: StampMap = {};
  for (const key of Object.keys(state.stamps)) {
    const node = state.stamps[key];
    if (typeof node === 'string') {
      if (node < stamp) continue;
      const value = ownValue(state.values, key);
      if (value !== undefined) values[key] = value;
      stamps[key] = node;
      continue;
    }
    const [objectStamp, wipedAt, children] = node;
    if (objectStamp < stamp) continue;
    const kept = pruneOlderThan({ values: asRecord(ownValue(state.values, key)), stamps: children }, stamp);
    values[key] = kept.values;
    stamps[key] = [objectStamp, wipedAt !== null && wipedAt > stamp ? wipedAt : null, kept.stamps];
  }
  return { values, stamps };
}

function asRecord(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

/**
 * The state after also applying every write that produced `other`: the attribute half of an identity
 * merge. Equal to merging the two customers' events into one customer, in any order.
 */
export function combineAttributes(state: AttributeState, other: AttributeState): AttributeState {
  return keepUnstampedValues(replayInto(state, other, null, 0), state, other);
}

/**
 * `other`'s top-level values that have no stamp (written before journeys stamped their writes) are
 * older than any write: they are kept only where the merged customer has nothing at that key, value
 * or stamp. Without this a merge dropped them.
 */
function keepUnstampedValues(result: AttributeState, original: AttributeState, other: AttributeState): AttributeState {
  let kept = result;
  for (const key of Object.keys(other.values)) {
    if (!isSafeAttributeKey(key) || Object.hasOwn(other.stamps, key) || Object.hasOwn(kept.values, key) || Object.hasOwn(kept.stamps, key)) continue;
    // A replay that changed something already copied the containers (withEntry); else copy them now.
    if (kept === original) kept = { values: { ...original.values }, stamps: original.stamps };
    kept.values[key] = other.values[key];
  }
  return kept;
}

/**
 * Replays `other`'s entries into `state`. An object node is replayed as what produced it: an object
 * write at its `objectStamp`, a (losing) scalar write at its `wipedAt`, then its children. `cutoff` is the
 * newest `wipedAt` above this level in `state`: entries older than it were wiped there.
 */
function replayInto(state: AttributeState, other: AttributeState, cutoff: EventStamp | null, depth: number): AttributeState {
  let result = state;
  for (const key of Object.keys(other.stamps)) {
    if (!isSafeAttributeKey(key)) continue;
    const node = other.stamps[key];
    const otherValue = ownValue(other.values, key);
    if (typeof node === 'string') {
      if (cutoff !== null && node < cutoff) continue;
      const entry = assignScalar(ownValue(result.values, key), ownValue(result.stamps, key), otherValue, node);
      if (entry) result = withEntry(result, state, key, entry);
      continue;
    }
    const [objectStamp, wipedAt, children] = node;
    if (cutoff !== null && objectStamp < cutoff) continue;
    let entry: Entry = {
      value: ownValue(result.values, key),
      stamp: ownValue(result.stamps, key) as StampNode,
    };
    const asObject = assignObject(entry.value, ownValue(result.stamps, key), {}, objectStamp, depth + 1);
    if (asObject) entry = asObject;
    if (wipedAt !== null && (cutoff === null || wipedAt > cutoff)) {
      // A scalar that lost to a newer object: it can only prune, never become the value.
      const pruned = assignScalar(entry.value, entry.stamp, undefined, wipedAt);
      if (pruned) entry = pruned;
    }
    if (Array.isArray(entry.stamp)) {
      const [mergedObjectStamp, mergedWipedAt, mergedChildren] = entry.stamp;
      const childCutoff = mergedWipedAt !== null && (cutoff === null || mergedWipedAt > cutoff) ? mergedWipedAt : cutoff;
      const inner = replayInto({ values: asRecord(entry.value), stamps: mergedChildren }, { values: asRecord(otherValue), stamps: children }, childCutoff, depth + 1);
      entry = { value: inner.values, stamp: [mergedObjectStamp, mergedWipedAt, inner.stamps] };
    }
    result = withEntry(result, state, key, entry);
  }
  return result;
}
