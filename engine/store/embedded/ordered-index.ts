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
  /** Every path the keys depend on (indexed fields and the partial filter's), or `null` when unknown. */
  private readonly inputs: string[][] | null;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.directions = this.fields.map((field) => (spec.key[field] === -1 ? -1 : 1));
    this.paths = this.fields.map((field) => field.split('.'));
    this.partial = spec.partialFilter ? compileFilter(spec.partialFilter) : null;
    const partialFields = spec.partialFilter ? fieldsOfFilter(spec.partialFilter) : [];
    this.inputs = partialFields === null ? null : [...this.paths, ...partialFields.map((field) => field.split('.'))];
  }

  /**
   * Whether a new version of a document certainly has the same keys here as the old one: every path
   * the keys depend on leads to the very same value (stored documents are immutable, so an unchanged
   * subtree is the same object).
   *
   * Performance notes: a customer document is replaced on every event and carries five indexes, which
   * an event rarely touches; computing both versions' keys to find them equal was most of the cost of
   * the replace.
   */
  hasSameKeys(before: Doc, after: Doc): boolean {
    const inputs = this.inputs;
    if (!inputs) return false;
    for (let i = 0; i < inputs.length; i++) if (!isSameAtPath(before, after, inputs[i])) return false;
    return true;
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

  /**
   * Whether `moveChangedElements` may be tried for this index: one field and no partial filter. Only
   * then is a document's set of entries a plain function of one array's elements.
   */
  get movesElements(): boolean {
    return this.fields.length === 1 && this.partial === null;
  }

  /**
   * Moves document `id` from the entries of `before` to those of `after` when, in both versions, the
   * indexed field is a non-empty array of at most MAX_ENTRIES_PER_DOCUMENT distinct strings: only the
   * elements that differ are encoded and moved. Returns false, having changed nothing, when that is not
   * the case (the caller then replaces every key).
   *
   * Performance notes: a customer's `segments` array is indexed element by element; entering one more
   * segment used to encode every element of both versions and compare the two lists of entries. The
   * keys this produces are exactly keysOf's: a string array is placed, its elements' encodings differ
   * exactly when the strings do, and it is multikey when it has two or more distinct elements.
   */
  moveChangedElements(id: string, before: Doc, after: Doc): boolean {
    const old = this.stringElementsOf(before);
    if (!old) return false;
    const next = this.stringElementsOf(after);
    if (!next) return false;
    const direction = this.directions[0];
    for (const value of old) if (!next.has(value)) this.entries.delete(entryOf(encodeComponent(value, direction), id));
    for (const value of next) if (!old.has(value)) this.entries.add(entryOf(encodeComponent(value, direction), id));
    this.multikeyDocuments += (next.size > 1 ? 1 : 0) - (old.size > 1 ? 1 : 0);
    return true;
  }

  /** The distinct elements of the indexed field when it is a non-empty array of few enough strings. */
  private stringElementsOf(doc: Doc): Set<string> | null {
    let current: unknown = doc;
    for (const segment of this.paths[0]) {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return null;
      current = (current as Record<string, unknown>)[segment];
    }
    if (!Array.isArray(current) || current.length === 0) return null;
    const elements = new Set<string>();
    for (const element of current) {
      if (typeof element !== 'string') return null;
      elements.add(element);
    }
    return elements.size <= MAX_ENTRIES_PER_DOCUMENT ? elements : null;
  }

  /** Moves document `id` from its old keys to its new ones (`null`: not in the index); a no-op when equal. */
  replaceKeys(id: string, before: IndexKeys | null, after: IndexKeys | null): void {
    if (before && after && before.placed === after.placed && hasSameTuples(before.tuples, after.tuples)) return;
    // Performance notes: a multikey document (a customer's `segments`) gaining or losing one element
    // keeps its other entries: only the difference is moved, not every entry out and back in.
    const kept = before && after && before.tuples.length + after.tuples.length > 2 ? sharedTuples(before.tuples, after.tuples) : null;
    if (before) {
      for (const tuple of before.tuples) if (!kept?.has(tuple)) this.entries.delete(entryOf(tuple, id));
      if (before.multikey) this.multikeyDocuments--;
      if (!before.placed) this.unplaced.delete(id);
    }
    if (after) {
      for (const tuple of after.tuples) if (!kept?.has(tuple)) this.entries.add(entryOf(tuple, id));
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

/**
 * The field paths a filter reads (for a partial index's filter), or `null` when it uses a top-level
 * operator other than `$and` / `$or` / `$nor`, whose inputs are not simply fields.
 */
function fieldsOfFilter(filter: Record<string, unknown>): string[] | null {
  const fields: string[] = [];
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' || field === '$or' || field === '$nor') {
      if (!Array.isArray(condition)) return null;
      for (const clause of condition) {
        const nested = clause && typeof clause === 'object' ? fieldsOfFilter(clause as Record<string, unknown>) : null;
        if (!nested) return null;
        fields.push(...nested);
      }
    } else if (field.startsWith('$')) {
      return null;
    } else {
      fields.push(field);
    }
  }
  return fields;
}

/** Whether `path` leads to the same value in both documents (the same object counts for its whole subtree). */
function isSameAtPath(a: unknown, b: unknown, path: string[]): boolean {
  for (let i = 0; i < path.length; i++) {
    if (a === b) return true;
    // Through arrays a path means every element: call them different rather than follow it.
    if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return false;
    a = (a as Record<string, unknown>)[path[i]];
    b = (b as Record<string, unknown>)[path[i]];
  }
  return a === b;
}

/** The tuples both lists hold (each list is free of repeats). */
function sharedTuples(a: string[], b: string[]): Set<string> {
  const inA = new Set(a);
  const shared = new Set<string>();
  for (const tuple of b) if (inA.has(tuple)) shared.add(tuple);
  return shared;
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
