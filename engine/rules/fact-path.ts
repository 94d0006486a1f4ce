/**
 * Fact paths: a fact is a dotted path into the customer document (`traits.rfm.r`) or, for
 * event-scoped conditions, into the triggering event (`event.properties.total`).
 *
 * Resolution is plain property access through objects that are not arrays: a path that runs into an
 * array, a scalar or a missing key resolves to `undefined`, and so does a function — documents are
 * JSON, which holds none, so this is how inherited members (`toString`, `valueOf`) never count while
 * the hot path avoids a hasOwnProperty call per segment. The MongoDB compiler reproduces exactly this
 * (MongoDB would otherwise reach into array elements), so all three evaluators read the same value.
 */
import { isWellFormedText } from './well-formed-text';

/** Segments no path may use: prototype plumbing (never a customer's data, always a trap). */
const reservedSegments = new Set(['__proto__', 'constructor', 'prototype']);

/** The first segment of every event-scoped fact. */
export const eventFactRoot = 'event';

/** Why a path segment is not allowed, or `null` when it is fine. */
export function describeBadSegment(segment: string): string | null {
  if (segment.length === 0) return 'has an empty segment (two dots in a row, or a dot at an end)';
  if (segment.includes('.')) return `has a "." inside the name "${segment}"`;
  if (segment.includes('$')) return `has a "$" in segment "${segment}" ("$" is reserved: a condition can never carry a MongoDB operator)`;
  for (let i = 0; i < segment.length; i++) if (segment.charCodeAt(i) < 0x20) return 'has a control character';
  if (/^\d+$/.test(segment)) return `has the all-digit segment "${segment}" (array positions are not facts; use contains / containsAny)`;
  if (reservedSegments.has(segment)) return `uses the reserved segment "${segment}"`;
  if (!isWellFormedText(segment)) return 'has an unpaired UTF-16 surrogate';
  return null;
}

/** Splits a fact path into segments, or says what is wrong with it. */
export function parseFactPath(path: string): { ok: true; segments: string[] } | { ok: false; reason: string } {
  if (path.length === 0) return { ok: false, reason: 'is empty' };
  if (path.length > 256) return { ok: false, reason: 'is longer than 256 characters' };
  const segments = path.split('.');
  for (const segment of segments) {
    const bad = describeBadSegment(segment);
    if (bad) return { ok: false, reason: bad };
  }
  return { ok: true, segments };
}

/**
 * Splits a json-rules-engine `path` (`$.score`, `$.a.b`: plain member names only) into segments.
 * `length` is refused because JSONPath would read an array's length there, which no store can mirror.
 */
export function parseMemberPath(path: string): { ok: true; segments: string[] } | { ok: false; reason: string } {
  if (!path.startsWith('$.')) return { ok: false, reason: 'must start with "$." followed by member names, like "$.score"' };
  const parsed = parseFactPath(path.slice(2));
  if (!parsed.ok) return parsed;
  if (parsed.segments.some((segment) => /[[\]]/.test(segment))) return { ok: false, reason: 'may only name members ("$.a.b"), not use brackets' };
  if (parsed.segments.includes('length')) return { ok: false, reason: 'may not use the segment "length" (JSONPath would read an array\'s length)' };
  return parsed;
}

/** Reads a path of segments from a value: properties of non-array objects only; functions are absent. */
export function resolvePath(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return typeof current === 'function' ? undefined : current;
}

type Container = Record<string, unknown>;

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A reader specialised to one path; closures for the common short paths avoid the loop and the
 * segment array on the hot path of compiled predicates.
 */
export function createPathReader(segments: readonly string[]): (value: unknown) => unknown {
  if (segments.length === 1) {
    const [a] = segments;
    return (v) => {
      if (!isContainer(v)) return undefined;
      const w = v[a];
      return typeof w === 'function' ? undefined : w;
    };
  }
  if (segments.length === 2) {
    const [a, b] = segments;
    return (v) => {
      if (!isContainer(v)) return undefined;
      const w = v[a];
      if (!isContainer(w)) return undefined;
      const x = w[b];
      return typeof x === 'function' ? undefined : x;
    };
  }
  const copy = [...segments];
  return (v) => resolvePath(v, copy);
}
