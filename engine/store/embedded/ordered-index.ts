import { resolve } from 'mingo/util';
import type { IndexSpec } from '../storage-port';
import { compileFilter, type Doc, type DocumentPredicate } from './document-filter';
import { encodeComponent, entryOf, isOrderedScalar, prefixEnd, tupleKeyOfEntry } from './index-key';
import { SortedList } from './sorted-list';

/** A compound key over arrays multiplies entries; past this many a document is kept aside instead. */
const MAX_ENTRIES_PER_DOCUMENT = 64;

/** The tuple keys a document has in one index. */
export interface IndexKeys {
  tuples: string[];
  /**
   * False when the index cannot place the document faithfully — a path runs through an array of
   * objects, or a value is an object — so it must be a candidate for every query.
   */
  placed: boolean;
  /**
   * Whether the document counts as multikey: more than one entry, or an empty array (kept under the
   * missing-field key, which no equality or range on a value can match — but index order is then
   * not sort order).
   */
  multikey: boolean;
}

/**
 * An ordered index over one workspace's documents of one collection: a sorted list of entries
 * `tupleKey + _id`, where the tuple key encodes the indexed fields in index order (see index-key.ts).
 *
 * An array-valued field contributes one entry per distinct element (multikey, as in MongoDB).
 * Documents the index cannot place in order are kept in `unplaced` and returned as candidates for every
 * lookup, so an index never hides a match from mingo, which makes the final decision.
 */
export class OrderedIndex {
  readonly fields: string[];
  readonly directions: Array<1 | -1>;
  readonly entries = new SortedList();
  readonly unplaced = new Set<string>();
  /** How many documents have more than one entry; while any do, index order is not sort order. */
  multikeyDocuments = 0;
  private readonly paths: string[][];
  private readonly partial: DocumentPredicate | null;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.directions = this.fields.map((field) => (spec.key[field] === -1 ? -1 : 1));
    this.paths = this.fields.map((field) => field.split('.'));
    this.partial = spec.partialFilter ? compileFilter(spec.partialFilter) : null;
  }

  /** The document's keys, or `null` when a partial index leaves it out. */
  keysOf(doc: Doc): IndexKeys | null {
    if (this.partial && !this.partial(doc)) return null;
    let tuples = [''];
    let placed = true;
    let emptyArray = false;
    for (let f = 0; f < this.fields.length; f++) {
      const { values, placed: fieldPlaced, empty } = this.valuesOf(doc, f);
      if (!fieldPlaced) placed = false;
      if (empty) emptyArray = true;
      if (values.length === 1) {
        const component = encodeComponent(values[0], this.directions[f]);
        for (let t = 0; t < tuples.length; t++) tuples[t] += component;
        continue;
      }
      if (tuples.length * values.length > MAX_ENTRIES_PER_DOCUMENT) {
        placed = false;
        const component = encodeComponent(values[0], this.directions[f]);
        for (let t = 0; t < tuples.length; t++) tuples[t] += component;
        continue;
      }
      const components = [...new Set(values.map((value) => encodeComponent(value, this.directions[f])))];
      const next: string[] = [];
      for (const tuple of tuples) for (const component of components) next.push(tuple + component);
      tuples = next;
    }
    return { tuples, placed, multikey: tuples.length > 1 || emptyArray };
  }

  /** The values field `f` holds in the document: one, or an array's distinct elements. */
  private valuesOf(doc: Doc, f: number): { values: unknown[]; placed: boolean; empty?: boolean } {
    let current: unknown = doc;
    for (const segment of this.paths[f]) {
      if (current === null || typeof current !== 'object') return { values: [undefined], placed: true };
      if (Array.isArray(current)) {
        // A path through an array (`items.sku`): index what mingo resolves, but the document stays a
        // candidate for every query, because MongoDB's matching over such paths has too many cases.
        const resolved = resolve(doc, this.fields[f]);
        const flat = Array.isArray(resolved) ? resolved.flat(Infinity) : [resolved];
        return { values: flat.length > 0 ? flat : [undefined], placed: false };
      }
      current = (current as Record<string, unknown>)[segment];
    }
    if (Array.isArray(current)) {
      // An empty array matches no equality or range on a value (mingo and MongoDB agree), so it can sit
      // under the missing-field key instead of being a candidate for every query: `{ segments: 'vip' }`
      // then reads the members only, not every customer who is in no segment.
      if (current.length === 0) return { values: [undefined], placed: true, empty: true };
      return { values: current, placed: current.every(isOrderedScalar) };
    }
    return { values: [current], placed: isOrderedScalar(current) };
  }

  add(doc: Doc): void {
    this.replaceKeys(doc._id, null, this.keysOf(doc));
  }

  remove(doc: Doc): void {
    this.replaceKeys(doc._id, this.keysOf(doc), null);
  }

  /** Moves document `id` from its old keys to its new ones (`null`: not in the index); a no-op when equal. */
  replaceKeys(id: string, before: IndexKeys | null, after: IndexKeys | null): void {
    if (before && after && before.placed === after.placed && hasSameTuples(before.tuples, after.tuples)) return;
    if (before) {
      for (const tuple of before.tuples) this.entries.delete(entryOf(tuple, id));
      if (before.multikey) this.multikeyDocuments--;
      if (!before.placed) this.unplaced.delete(id);
    }
    if (after) {
      for (const tuple of after.tuples) this.entries.add(entryOf(tuple, id));
      if (after.multikey) this.multikeyDocuments++;
      if (!after.placed) this.unplaced.add(id);
    }
  }

  /** Whether another document than `id` already holds one of `keys` (for unique indexes). */
  hasClash(id: string, keys: IndexKeys | null): boolean {
    if (!keys) return false;
    for (const tuple of keys.tuples) {
      let clash = false;
      this.entries.scan(tuple, prefixEnd(tuple), false, (entry) => {
        clash = !isEntryOf(entry, id);
        return !clash;
      });
      if (clash) return true;
    }
    return false;
  }

  /** Rebuilds the index from scratch over `docs` (bulk load after recovery, or a newly declared index). */
  load(docs: Iterable<Doc>): void {
    const all: string[] = [];
    this.unplaced.clear();
    this.multikeyDocuments = 0;
    for (const doc of docs) {
      const keys = this.keysOf(doc);
      if (!keys) continue;
      for (const tuple of keys.tuples) all.push(entryOf(tuple, doc._id));
      if (keys.multikey) this.multikeyDocuments++;
      if (!keys.placed) this.unplaced.add(doc._id);
    }
    all.sort();
    this.entries.load(all);
  }

  /** Whether two documents share a key, for declaring a unique index over existing data. */
  hasDuplicateKeys(): boolean {
    let previous: string | null = null;
    for (const entry of this.entries.values()) {
      const tuple = tupleKeyOfEntry(entry);
      if (tuple === previous) return true;
      previous = tuple;
    }
    return false;
  }
}

function hasSameTuples(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether an entry belongs to document `id` (the id sits just before the trailing length character). */
function isEntryOf(entry: string, id: string): boolean {
  const end = entry.length - 1;
  return entry.charCodeAt(end) === id.length && entry.endsWith(id, end);
}
