/**
 * Where a fact's value lives in a customer document, in MongoDB terms. JavaScript reads a path only
 * through objects (fact-path.ts); MongoDB would also reach into arrays on the way. So a path is split
 * into cases with guards that mean the same in MongoDB and mingo: "an array is on the way" (the value
 * is undefined) and "no array is" (the value is at the field). json-rules-engine's `path` rule adds the
 * cases "the fact is an array" (undefined) and "the fact is not an object" (the fact itself).
 */
import type { FactReference } from './condition';
import { parseFactPath, parseMemberPath } from './fact-path';
import { andFilters, matchAll, type MongoFilter, orFilters } from './filter-algebra';

/** Top-level fields the customer schema requires to be objects: paths through them need no array guard. */
export const objectFields: ReadonlySet<string> = new Set(['attributes', 'traits', 'journeys', 'segmentsEnteredAt']);

/** The field test that keeps MongoDB from answering for an array's elements. */
export const notArray = { $not: { $type: 'array' } };

export function fieldTest(path: string, test: Record<string, unknown>): MongoFilter {
  return { [path]: test };
}

export function isArrayField(path: string): MongoFilter {
  return fieldTest(path, { $type: 'array' });
}

/** Where a fact's value lives in a document: a field path, or nowhere (undefined), under a guard. */
export interface Location {
  guard: MongoFilter;
  path: string | null;
}

/** The proper prefixes of a path that may hold an array (everything below the schema's object fields). */
export function guardedPrefixes(segments: string[]): string[] {
  const prefixes: string[] = [];
  for (let i = 1; i < segments.length; i++) {
    const prefix = segments.slice(0, i).join('.');
    if (i === 1 && objectFields.has(prefix)) continue;
    prefixes.push(prefix);
  }
  return prefixes;
}

/** Splits on "some prefix is an array" (value undefined) versus "none is" (value at `path`). */
function locateThrough(prefixes: string[], path: string, guard: MongoFilter): Location[] {
  if (prefixes.length === 0) return [{ guard, path }];
  return [
    { guard: andFilters([guard, orFilters(prefixes.map(isArrayField))]), path: null },
    { guard: andFilters([guard, ...prefixes.map((prefix) => fieldTest(prefix, notArray))]), path },
  ];
}

/** Every place a fact (with json-rules-engine's `path` rule) may take its value from. */
export function locateFact(reference: FactReference): Location[] {
  const parsed = parseFactPath(reference.fact);
  if (!parsed.ok) throw new Error(`Fact "${reference.fact}" ${parsed.reason}: check conditions before compiling them.`);
  const base = reference.fact;
  const outer = locateThrough(guardedPrefixes(parsed.segments), base, matchAll());
  if (reference.path === undefined) return outer;
  const member = parseMemberPath(reference.path);
  if (!member.ok) throw new Error(`Path "${reference.path}" ${member.reason}: check conditions before compiling them.`);
  const locations: Location[] = [];
  for (const location of outer) {
    if (location.path === null) {
      locations.push(location);
      continue;
    }
    // json-rules-engine applies a path only to objects; arrays give undefined, other values pass through.
    const inner = member.segments.map((_, i) => `${base}.${member.segments.slice(0, i + 1).join('.')}`);
    const asObject = andFilters([location.guard, fieldTest(base, { $type: 'object', ...notArray })]);
    locations.push(...locateThrough(inner.slice(0, -1), inner[inner.length - 1], asObject));
    locations.push({ guard: andFilters([location.guard, isArrayField(base)]), path: null });
    locations.push({ guard: andFilters([location.guard, fieldTest(base, notArray), fieldTest(base, { $not: { $type: 'object' } })]), path: base });
  }
  return locations;
}

