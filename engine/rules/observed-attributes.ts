/**
 * Attribute keys observed in a workspace's customers, so its own attributes (`plan`, `loyalty_id`,
 * `address.city`) become pickable in the editor with a type and examples. Feed the result to
 * extendFactCatalogue. Pure: the caller chooses the sample (e.g. the latest 1,000 customers).
 */
import type { ObservedAttribute } from './fact-catalogue';
import { describeBadSegment } from './fact-path';
import { type ElementType, type FactType, inferFactType } from './fact-type';

export interface ObserveOptions {
  /** Most attribute paths to report (the most frequent first). Default 500. */
  maxPaths?: number;
  /** Distinct example values kept per path. Default 3. */
  maxExamples?: number;
  /** How deep nested objects are followed below `attributes`. Default 3. */
  maxDepth?: number;
}

interface Tally {
  count: number;
  types: Set<Exclude<FactType, 'any'>>;
  elementTypes: Set<string>;
  examples: unknown[];
}

function elementTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** The attribute paths, types and example values found in a sample of customers. */
export function observeAttributes(customers: Iterable<{ attributes?: unknown }>, options: ObserveOptions = {}): ObservedAttribute[] {
  const maxExamples = options.maxExamples ?? 3;
  const maxDepth = options.maxDepth ?? 3;
  const tallies = new Map<string, Tally>();

  const record = (path: string, value: unknown, depth: number): void => {
    const type = inferFactType(value);
    if (type === undefined) return;
    let tally = tallies.get(path);
    if (!tally) tallies.set(path, (tally = { count: 0, types: new Set(), elementTypes: new Set(), examples: [] }));
    tally.count++;
    tally.types.add(type);
    if (Array.isArray(value)) for (const element of value) tally.elementTypes.add(elementTypeOf(element));
    const isScalar = type !== 'object' && type !== 'array';
    const example = isScalar ? value : undefined;
    if (isScalar && tally.examples.length < maxExamples && !tally.examples.includes(example)) tally.examples.push(example);
    if (type === 'object' && depth < maxDepth) {
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        if (describeBadSegment(key) === null) record(`${path}.${key}`, child, depth + 1);
      }
    }
  };

  for (const customer of customers) {
    const attributes = customer.attributes;
    if (attributes === null || typeof attributes !== 'object' || Array.isArray(attributes)) continue;
    for (const [key, value] of Object.entries(attributes)) {
      if (describeBadSegment(key) === null) record(`attributes.${key}`, value, 1);
    }
  }

  return [...tallies.entries()]
    .sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]))
    .slice(0, options.maxPaths ?? 500)
    .map(([path, tally]) => {
      const types = [...tally.types];
      // Dates are text too: a key holding both is text; any other mixture is typed by its use.
      const type: FactType = types.length === 1 ? types[0] : types.every((t) => t === 'date' || t === 'string') ? 'string' : 'any';
      const elements = [...tally.elementTypes].filter((t) => t !== 'null');
      const items = type === 'array' && elements.length === 1 && ['string', 'number', 'boolean', 'object'].includes(elements[0]) ? (elements[0] as ElementType) : undefined;
      return { path, type, ...(items ? { items } : {}), examples: tally.examples };
    });
}
