import { isEqual } from 'mingo/util';
import type { Filter, SortSpec } from '../storage-port';
import { encodeComponent, encodeTag, prefixEnd, tagOf } from './index-key';
import type { OrderedIndex } from './ordered-index';

/** `[lower, upper)` over index entries; `null` is open. */
export interface EntryRange {
  lower: string | null;
  upper: string | null;
}

/** How a query finds its candidates. mingo still tests every candidate, so a plan only has to over-approximate. */
export type ScanPlan =
  /** `_id` lookups; `residual` is the rest of the filter (the `_id` condition is met by the lookup). */
  | { kind: 'ids'; ids: string[]; residual: Filter }
  | { kind: 'full' }
  | {
      kind: 'index';
      index: OrderedIndex;
      /** Disjoint ranges in ascending entry order. */
      ranges: EntryRange[];
      descending: boolean;
      /** Whether scan order is the requested sort order (always true when no sort is requested). */
      ordered: boolean;
    };

export interface PlanRequest {
  filter: Filter;
  sort?: SortSpec;
  skip?: number;
  limit?: number;
}

interface Bound {
  value: unknown;
  inclusive: boolean;
}

/** What a filter says about one field, as far as an index can use it. */
interface FieldCondition {
  /** Equality with any of these values (`$eq`, `$in`, a plain value). */
  equals?: unknown[];
  lower?: Bound;
  upper?: Bound;
}

/** A cartesian expansion of `$in` values stops adding fields past this many ranges. */
const MAX_RANGES = 256;

function isKeyable(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value)) || value instanceof Date;
}

function isRangeOperand(value: unknown): boolean {
  return value !== null && isKeyable(value);
}

/** The index-usable conditions of a filter's top level (and of top-level `$and` clauses). */
function analyzeFilter(filter: Filter, into = new Map<string, FieldCondition>()): Map<string, FieldCondition> {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (clause && typeof clause === 'object') analyzeFilter(clause as Filter, into);
      continue;
    }
    if (field.startsWith('$') || into.has(field)) continue;
    const analyzed = analyzeCondition(condition);
    if (analyzed) into.set(field, analyzed);
  }
  return into;
}

function analyzeCondition(condition: unknown): FieldCondition | null {
  if (isKeyable(condition)) return { equals: [condition] };
  if (!condition || typeof condition !== 'object' || Array.isArray(condition) || condition instanceof RegExp) return null;
  const operators = condition as Record<string, unknown>;
  const keys = Object.keys(operators);
  if (keys.length === 0 || !keys.every((key) => key.startsWith('$'))) return null;
  if ('$eq' in operators && isKeyable(operators.$eq)) return { equals: [operators.$eq] };
  if (Array.isArray(operators.$in) && operators.$in.every(isKeyable)) return { equals: operators.$in };
  const result: FieldCondition = {};
  if (isRangeOperand(operators.$gt)) result.lower = { value: operators.$gt, inclusive: false };
  else if (isRangeOperand(operators.$gte)) result.lower = { value: operators.$gte, inclusive: true };
  if (isRangeOperand(operators.$lt)) result.upper = { value: operators.$lt, inclusive: false };
  else if (isRangeOperand(operators.$lte)) result.upper = { value: operators.$lte, inclusive: true };
  return result.lower || result.upper ? result : null;
}

/** The distinct components of equality values, in entry order (`null` also finds missing fields: same key). */
function equalityComponents(values: unknown[], direction: 1 | -1): string[] {
  return [...new Set(values.map((value) => encodeComponent(value, direction)))].sort();
}

/** Whether every document matching `filter` is inside the partial index (a conservative check). */
function isCoveredByPartial(partial: Filter, filter: Filter): boolean {
  for (const [field, required] of Object.entries(partial)) {
    const given = filter[field];
    if (given === undefined) return false;
    if (isEqual(given, required)) continue;
    const requiresExistence = isEqual(required, { $exists: true });
    if (requiresExistence) {
      const condition = analyzeCondition(given);
      if (condition?.equals && condition.equals.every((value) => value !== null)) continue;
      if (condition && !condition.equals) continue; // a range on a non-null operand implies the field exists
    }
    return false;
  }
  return true;
}

/** The entry range a value range covers after `prefix`, for a field kept in `direction` order. */
function rangeAfter(prefix: string, condition: FieldCondition, direction: 1 | -1, multikey: boolean): EntryRange {
  const { lower } = condition;
  let { upper } = condition;
  // Over a multikey index, `$gt` and `$lt` may be met by different elements of one array, so only one
  // side can bound the scan (MongoDB does the same without $elemMatch).
  if (multikey && lower && upper) upper = undefined;
  const keyOf = (bound: Bound): string => prefix + encodeComponent(bound.value, direction);
  /** First entry at or past the bound (an exclusive bound skips every entry with the bound's key). */
  const from = (bound: Bound): string => (bound.inclusive ? keyOf(bound) : (prefixEnd(keyOf(bound)) ?? keyOf(bound)));
  /** First entry past the bound. */
  const until = (bound: Bound): string | null => (bound.inclusive ? prefixEnd(keyOf(bound)) : keyOf(bound));
  /** MongoDB compares within a type bracket: `$gt: 5` never matches a string. */
  const bracket = (bound: Bound): string => prefix + encodeTag(tagOf(bound.value), direction);
  // In descending order the value's upper bound is where the entries start.
  const [first, last] = direction === 1 ? [lower, upper] : [upper, lower];
  return {
    lower: first ? from(first) : bracket(last!),
    upper: last ? until(last) : prefixEnd(bracket(first!)),
  };
}

interface IndexCandidate {
  plan: Extract<ScanPlan, { kind: 'index' }>;
  boundFields: number;
}

/** The ranges and sort order one index offers for a request, or `null` when it offers nothing. */
function candidateFor(index: OrderedIndex, conditions: Map<string, FieldCondition>, request: PlanRequest): IndexCandidate | null {
  const multikey = index.multikeyDocuments > 0;
  let prefixes = [''];
  let range: EntryRange[] | null = null;
  let boundFields = 0;
  const singleFields = new Set<string>();
  for (let f = 0; f < index.fields.length; f++) {
    const field = index.fields[f];
    const condition = conditions.get(field);
    if (!condition) break;
    const direction = index.directions[f];
    if (condition.equals) {
      const components = equalityComponents(condition.equals, direction);
      if (prefixes.length * components.length > MAX_RANGES) break;
      const next: string[] = [];
      for (const prefix of prefixes) for (const component of components) next.push(prefix + component);
      prefixes = next;
      boundFields++;
      if (components.length === 1) singleFields.add(field);
      continue;
    }
    range = prefixes.map((prefix) => rangeAfter(prefix, condition, direction, multikey));
    boundFields++;
    break;
  }
  const ranges = range ?? (boundFields === 0 ? [{ lower: null, upper: null }] : prefixes.map((prefix) => ({ lower: prefix, upper: prefixEnd(prefix) })));

  const order = sortOrderOf(index, singleFields, request.sort);
  const ordered = order.direction !== 0 && !multikey;
  if (boundFields === 0 && !ordered) return null;
  return {
    plan: { kind: 'index', index, ranges, descending: order.direction === -1, ordered: ordered || !request.sort },
    boundFields,
  };
}

/**
 * Whether scanning the index serves the requested sort: after dropping fields pinned to one value, the
 * sort must be a prefix of the remaining index fields, each in the index's direction (forward) or each
 * against it (backward). Returns 1 / -1 for the scan direction, 0 when the index cannot serve the sort.
 */
function sortOrderOf(index: OrderedIndex, singleFields: Set<string>, sort: SortSpec | undefined): { direction: 1 | -1 | 0 } {
  if (!sort) return { direction: 0 };
  const wanted = Object.entries(sort).filter(([field]) => !singleFields.has(field));
  if (wanted.length === 0) return { direction: 1 };
  const free = index.fields.map((field, f) => ({ field, direction: index.directions[f] })).filter(({ field }) => !singleFields.has(field));
  let direction: 1 | -1 | 0 = 0;
  for (let k = 0; k < wanted.length; k++) {
    const [field, sortDirection] = wanted[k];
    if (!free[k] || free[k].field !== field) return { direction: 0 };
    const relative = (sortDirection * free[k].direction) as 1 | -1;
    if (direction !== 0 && relative !== direction) return { direction: 0 };
    direction = relative;
  }
  return { direction };
}

/** Estimated documents examined (plus sorting work) for a plan that yields `count` candidates. */
function costOf(count: number, ordered: boolean, hasResidual: boolean, request: PlanRequest): number {
  const wanted = request.limit === undefined ? Infinity : (request.skip ?? 0) + request.limit;
  if (ordered) return Math.min(count, wanted * (hasResidual ? 4 : 1));
  return count + (count * Math.log2(count + 2)) / 4;
}

/** The `_id`s an `_id` condition looks up directly: a string, `$eq`, or `$in` of strings. */
function idsOf(condition: unknown): string[] | null {
  if (typeof condition === 'string') return [condition];
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) return null;
  const operators = condition as Record<string, unknown>;
  const keys = Object.keys(operators);
  if (keys.length !== 1) return null;
  if (typeof operators.$eq === 'string') return [operators.$eq];
  if (Array.isArray(operators.$in) && operators.$in.every((value) => typeof value === 'string')) return [...new Set(operators.$in as string[])];
  return null;
}

/**
 * Chooses how to find a query's candidates: `_id` lookups first, then the index whose ranges (counted
 * exactly in O(log n)) and sort order make the query cheapest, else a scan of every document.
 */
export function planScan(indexes: OrderedIndex[], documentCount: number, request: PlanRequest): ScanPlan {
  const { filter } = request;
  const id = filter._id;
  if (id !== undefined) {
    const ids = idsOf(id);
    if (ids) {
      const { _id: _matched, ...residual } = filter;
      return { kind: 'ids', ids, residual };
    }
  }
  const conditions = analyzeFilter(filter);
  const candidates: IndexCandidate[] = [];
  for (const index of indexes) {
    if (index.spec.partialFilter && !isCoveredByPartial(index.spec.partialFilter, filter)) continue;
    const candidate = candidateFor(index, conditions, request);
    if (candidate) candidates.push(candidate);
  }
  if (candidates.length === 0) return { kind: 'full' };
  // A plan that bounds or orders anything beats a scan of every document, so with one candidate
  // there is nothing to count.
  if (candidates.length === 1) return candidates[0].plan;
  const filterFields = Object.keys(filter).length;
  let best: { plan: ScanPlan; cost: number; boundFields: number } | undefined;
  for (const { plan, boundFields } of candidates) {
    let count = plan.index.unplaced.size;
    for (const range of plan.ranges) count += plan.index.entries.countRange(range.lower, range.upper);
    const cost = costOf(Math.min(count, documentCount + plan.index.unplaced.size), plan.ordered, filterFields > boundFields, request);
    if (!best || cost < best.cost || (cost === best.cost && boundFields > best.boundFields)) best = { plan, cost, boundFields };
  }
  return best!.plan;
}
