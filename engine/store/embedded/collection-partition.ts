import { compare, resolve } from 'mingo/util';
import type { Filter, FindOptions, IndexSpec, SortSpec } from '../storage-port';
import { compileFilter, type Doc, type DocumentPredicate } from './document-filter';
import { idOfEntry } from './index-key';
import { OrderedIndex } from './ordered-index';
import { planScan, type ScanPlan } from './query-plan';

/**
 * `_id` in order, for `_id` ranges and sorts (pagination). Built the first time a query needs it, then
 * kept up to date: most collections are only ever read by `_id` equality, which needs no index.
 */
const idIndexSpec: IndexSpec = { name: '_id', key: { _id: 1 } };

const rangeOperators = ['$gt', '$gte', '$lt', '$lte'];

/** Whether a query would use `_id` order: a sort on it, or a range over it. */
function isOrderedById(filter: Filter, sort: SortSpec | undefined): boolean {
  if (sort && '_id' in sort) return true;
  const id = filter._id;
  return !!id && typeof id === 'object' && rangeOperators.some((operator) => operator in (id as Record<string, unknown>));
}

/** What a query did, for tests, benchmarks and operators asking why a query is slow. */
export interface QueryExplanation {
  /** `_id`, an index name, or `collection-scan`. */
  plan: string;
  ranges: number;
  /** Documents tested against the filter. */
  examined: number;
  returned: number;
  /** Whether the results needed sorting after the scan. */
  sorted: boolean;
}

/** Sorts documents in place the way mingo (and so MongoDB) orders them. */
export function sortDocuments(docs: Doc[], sort: SortSpec): Doc[] {
  const fields = Object.entries(sort);
  return docs.sort((a, b) => {
    for (const [field, direction] of fields) {
      const order = compare(resolve(a, field), resolve(b, field));
      if (order !== 0) return order * direction;
    }
    return 0;
  });
}

/**
 * Whether `doc` meets every condition of `filter` besides `_id`, when all of them are plain equalities
 * on top-level scalar fields (`{ _id, version: 3 }`); `null` when some condition needs the full matcher.
 * The same semantics as compileFilter's equality path: `null` also matches a missing field, and a field
 * holding an array is left to mingo.
 */
function matchesOtherEqualities(doc: Doc, filter: Filter): boolean | null {
  for (const field in filter) {
    if (field === '_id') continue;
    const expected = filter[field];
    if (field.charCodeAt(0) === 36 /* $ */ || field.includes('.')) return null;
    if (!(expected === null || typeof expected === 'string' || typeof expected === 'boolean' || (typeof expected === 'number' && !Number.isNaN(expected)))) return null;
    const actual = doc[field];
    if (Array.isArray(actual)) return null;
    if (expected === null ? actual !== null && actual !== undefined : actual !== expected) return false;
  }
  return true;
}

/**
 * One workspace's documents of one collection, with their ordered indexes. Queries pick a scan plan
 * (see query-plan.ts), test candidates with the compiled filter, and sort only what the plan did not.
 */
export class CollectionPartition {
  readonly docs = new Map<string, Doc>();
  readonly indexes: OrderedIndex[];

  constructor(specs: IndexSpec[]) {
    this.indexes = specs.map((spec) => new OrderedIndex(spec));
  }

  /** The user-declared indexes (not the implicit `_id` one). */
  get declaredIndexes(): OrderedIndex[] {
    return this.indexes.filter((index) => index.spec !== idIndexSpec);
  }

  private plan(filter: Filter, options: FindOptions = {}): ScanPlan {
    if (isOrderedById(filter, options.sort) && !this.indexes.some((index) => index.spec === idIndexSpec)) this.addIndex(idIndexSpec);
    return planScan(this.indexes, this.docs.size, { filter, sort: options.sort, skip: options.skip, limit: options.limit });
  }

  addIndex(spec: IndexSpec): OrderedIndex {
    const index = new OrderedIndex(spec);
    index.load(this.docs.values());
    this.indexes.push(index);
    return index;
  }

  /** Rebuilds every index from the documents (after a bulk load). */
  rebuildIndexes(): void {
    for (const index of this.indexes) index.load(this.docs.values());
  }

  /** Matching documents in the requested order, skipped and limited; no projection. */
  select(filter: Filter, options: FindOptions = {}, explanation?: QueryExplanation): Doc[] {
    // The commonest query by far — one document by `_id`, maybe with a version check — needs no plan.
    if (typeof filter._id === 'string' && !explanation && options.skip === undefined && options.limit !== 0) {
      const doc = this.docs.get(filter._id);
      if (!doc) return [];
      const verdict = matchesOtherEqualities(doc, filter);
      if (verdict !== null) return verdict ? [doc] : [];
    }
    const plan = this.plan(filter, options);
    const predicate = compileFilter(plan.kind === 'ids' ? plan.residual : filter);
    const wanted = options.limit === undefined ? Infinity : (options.skip ?? 0) + options.limit;
    const { docs, examined, needsSort } = this.collect(plan, predicate, wanted, options.sort !== undefined);
    if (needsSort && options.sort) sortDocuments(docs, options.sort);
    const start = options.skip ?? 0;
    const result = start > 0 || docs.length > wanted ? docs.slice(start, wanted === Infinity ? undefined : wanted) : docs;
    if (explanation) {
      explanation.plan = plan.kind === 'ids' ? '_id' : plan.kind === 'full' ? 'collection-scan' : plan.index.spec.name;
      explanation.ranges = plan.kind === 'index' ? plan.ranges.length : plan.kind === 'ids' ? plan.ids.length : 1;
      explanation.examined = examined;
      explanation.returned = result.length;
      explanation.sorted = needsSort && options.sort !== undefined;
    }
    return result;
  }

  /** Every matching document, unordered, as an array (safe to hold while the partition changes). */
  selectAll(filter: Filter): Doc[] {
    const plan = this.plan(filter);
    return this.collect(plan, compileFilter(plan.kind === 'ids' ? plan.residual : filter), Infinity, false).docs;
  }

  /**
   * Matching documents, unordered. A scan of every document streams lazily (Map iteration tolerates
   * writes in between); an index scan is collected first, because the sorted list must not change mid-scan.
   */
  *stream(filter: Filter): Generator<Doc> {
    const plan = this.plan(filter);
    const predicate = compileFilter(plan.kind === 'ids' ? plan.residual : filter);
    if (plan.kind !== 'full') {
      yield* this.collect(plan, predicate, Infinity, false).docs;
      return;
    }
    for (const doc of this.docs.values()) if (predicate(doc)) yield doc;
  }

  count(filter: Filter): number {
    if (Object.keys(filter).length === 0) return this.docs.size;
    return this.selectAll(filter).length;
  }

  private collect(plan: ScanPlan, predicate: DocumentPredicate, wanted: number, sortRequested: boolean): { docs: Doc[]; examined: number; needsSort: boolean } {
    const docs: Doc[] = [];
    let examined = 0;
    if (plan.kind === 'ids') {
      for (const id of plan.ids) {
        const doc = this.docs.get(id);
        if (!doc) continue;
        examined++;
        if (predicate(doc)) docs.push(doc);
      }
      return { docs, examined, needsSort: docs.length > 1 };
    }
    if (plan.kind === 'full') {
      const stopEarly = !sortRequested;
      for (const doc of this.docs.values()) {
        examined++;
        if (predicate(doc)) {
          docs.push(doc);
          if (stopEarly && docs.length >= wanted) break;
        }
      }
      return { docs, examined, needsSort: true };
    }
    const { index, ranges, descending, ordered } = plan;
    const unplaced = index.unplaced;
    const seen = index.multikeyDocuments > 0 ? new Set<string>() : null;
    let done = false;
    const visit = (entry: string): boolean => {
      const id = idOfEntry(entry);
      if (unplaced.size > 0 && unplaced.has(id)) return true;
      if (seen) {
        if (seen.has(id)) return true;
        seen.add(id);
      }
      const doc = this.docs.get(id)!;
      examined++;
      if (predicate(doc)) {
        docs.push(doc);
        if (ordered && docs.length >= wanted) {
          done = true;
          return false;
        }
      }
      return true;
    };
    for (let r = 0; r < ranges.length && !done; r++) {
      const range = ranges[descending ? ranges.length - 1 - r : r];
      index.entries.scan(range.lower, range.upper, descending, visit);
    }
    let needsSort = !ordered;
    for (const id of unplaced) {
      const doc = this.docs.get(id)!;
      examined++;
      if (predicate(doc)) {
        docs.push(doc);
        needsSort = true;
      }
    }
    return { docs, examined, needsSort };
  }
}
