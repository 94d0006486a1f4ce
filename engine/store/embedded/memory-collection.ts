import { Aggregator, Query, update as applyUpdate } from 'mingo';
import { cloneDeep, compare, resolve, setValue } from 'mingo/util';
import { newDocumentId } from '../document-id';
import type { CommitConflict, Filter, FindOptions, IndexSpec, SortSpec, StoredDocument, Update } from '../storage-port';

type AnyObject = Record<string, unknown>;
/** A stored document as this module handles it: any fields beyond `_id` and `workspace`. */
export type Doc = StoredDocument & AnyObject;

/** One change to one document, as written to the log and replayed on recovery. */
export type DocumentChange =
  | { collection: string; put: Doc }
  | { collection: string; workspace: string; delete: string };

/** Closures that undo applied writes, run newest first when a commit fails part-way. */
export type UndoLog = Array<() => void>;

/**
 * Hash index over a key tuple. Documents whose key holds an array are kept aside as "multikey" and
 * are candidates for every lookup, because MongoDB's equality matches array elements.
 */
class HashIndex {
  readonly entries = new Map<string, Set<string>>();
  readonly multikey = new Set<string>();
  private readonly fields: string[];
  private readonly partial: Query | null;

  constructor(readonly spec: IndexSpec) {
    this.fields = Object.keys(spec.key);
    this.partial = spec.partialFilter ? new Query(spec.partialFilter) : null;
  }

  /** The entry key of a document, or `null` when the document is outside a partial index. */
  keyOf(doc: Doc): string | null | 'multikey' {
    if (this.partial && !this.partial.test(doc)) return null;
    const values: unknown[] = [];
    for (const field of this.fields) {
      const value = resolve(doc, field);
      if (Array.isArray(value)) return 'multikey';
      values.push(value === undefined ? null : value);
    }
    return JSON.stringify(values);
  }

  /** The lookup key for a filter with equality on every indexed field, else `undefined`. */
  lookupKey(filter: Filter): string | undefined {
    const values: unknown[] = [];
    for (const field of this.fields) {
      const value = equalityValue(filter[field]);
      if (value === undefined) return undefined;
      values.push(value);
    }
    return JSON.stringify(values);
  }

  add(doc: Doc): void {
    const key = this.keyOf(doc);
    if (key === null) return;
    if (key === 'multikey') {
      this.multikey.add(doc._id);
      return;
    }
    let ids = this.entries.get(key);
    if (!ids) this.entries.set(key, (ids = new Set()));
    ids.add(doc._id);
  }

  remove(doc: Doc): void {
    const key = this.keyOf(doc);
    if (key === null) return;
    if (key === 'multikey') {
      this.multikey.delete(doc._id);
      return;
    }
    const ids = this.entries.get(key);
    if (!ids) return;
    ids.delete(doc._id);
    if (ids.size === 0) this.entries.delete(key);
  }

  /** `_id` of another document holding the same unique key, if any. */
  findClash(doc: Doc): string | undefined {
    const key = this.keyOf(doc);
    if (key === null || key === 'multikey') return undefined;
    for (const id of this.entries.get(key) ?? []) if (id !== doc._id) return id;
    return undefined;
  }
}

/** A primitive equality operand of a filter field (`'x'` or `{ $eq: 'x' }`), else `undefined`. */
function equalityValue(condition: unknown): string | number | boolean | null | undefined {
  if (condition === null) return null;
  if (typeof condition === 'string' || typeof condition === 'number' || typeof condition === 'boolean') return condition;
  if (typeof condition === 'object' && !Array.isArray(condition)) {
    const keys = Object.keys(condition);
    if (keys.length === 1 && keys[0] === '$eq') return equalityValue((condition as AnyObject).$eq);
  }
  return undefined;
}

/** One workspace's documents of one collection, with their indexes. */
class Partition {
  readonly docs = new Map<string, Doc>();
  readonly indexes: HashIndex[];

  constructor(specs: IndexSpec[]) {
    this.indexes = specs.map((spec) => new HashIndex(spec));
  }

  /** Documents that may match the filter: an index lookup when one applies, else every document. */
  candidates(filter: Filter): Iterable<Doc> {
    const id = filter._id;
    const idValue = equalityValue(id);
    if (typeof idValue === 'string') {
      const doc = this.docs.get(idValue);
      return doc ? [doc] : [];
    }
    if (id && typeof id === 'object' && Array.isArray((id as AnyObject).$in)) {
      const found: Doc[] = [];
      for (const value of (id as { $in: unknown[] }).$in) {
        const doc = typeof value === 'string' ? this.docs.get(value) : undefined;
        if (doc) found.push(doc);
      }
      return found;
    }
    let best: { index: HashIndex; key: string; size: number } | undefined;
    for (const index of this.indexes) {
      if (index.spec.partialFilter) continue; // a partial index does not hold every candidate
      const key = index.lookupKey(filter);
      if (key === undefined) continue;
      const size = (index.entries.get(key)?.size ?? 0) + index.multikey.size;
      if (!best || size < best.size) best = { index, key, size };
    }
    if (!best) return this.docs.values();
    const { index, key } = best;
    const found: Doc[] = [];
    for (const docId of index.entries.get(key) ?? []) found.push(this.docs.get(docId)!);
    for (const docId of index.multikey) found.push(this.docs.get(docId)!);
    return found;
  }
}

function sortDocuments(docs: Doc[], sort: SortSpec): Doc[] {
  const fields = Object.entries(sort);
  return docs.sort((a, b) => {
    for (const [field, direction] of fields) {
      const order = compare(resolve(a, field), resolve(b, field));
      if (order !== 0) return order * direction;
    }
    return 0;
  });
}

function project(docs: Doc[], projection: Record<string, 0 | 1>): Doc[] {
  return new Query({}).find<Doc>(docs, projection).all();
}

/** The fields an upsert copies from a filter: its top-level equality conditions, as MongoDB does. */
function seedFromFilter(filter: Filter): AnyObject {
  const seed: AnyObject = {};
  for (const [field, condition] of Object.entries(filter)) {
    if (field.startsWith('$')) continue;
    const value = equalityValue(condition);
    if (value !== undefined) setValue(seed, field, value);
  }
  return seed;
}

const freezeDocuments = process.env.WAYFARER_STORE_FREEZE === '1';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The in-memory half of the embedded store: one collection, partitioned by workspace, queried with
 * mingo (MongoDB's query language) over hash-index candidates.
 *
 * Documents returned are the stored objects themselves and must be treated as read-only; documents
 * handed in belong to the collection afterwards. Tests set `WAYFARER_STORE_FREEZE=1` to freeze stored
 * documents so any violation throws.
 */
export class MemoryCollection {
  private readonly partitions = new Map<string, Partition>();

  constructor(
    readonly name: string,
    private readonly indexSpecs: IndexSpec[],
  ) {}

  workspaces(): string[] {
    return [...this.partitions.entries()].filter(([, p]) => p.docs.size > 0).map(([w]) => w);
  }

  private partition(workspace: string): Partition {
    let partition = this.partitions.get(workspace);
    if (!partition) this.partitions.set(workspace, (partition = new Partition(this.indexSpecs)));
    return partition;
  }

  *matches(workspace: string, filter: Filter): Generator<Doc> {
    const partition = this.partitions.get(workspace);
    if (!partition) return;
    const query = new Query(filter);
    for (const doc of partition.candidates(filter)) if (query.test(doc)) yield doc;
  }

  find(workspace: string, filter: Filter, options: FindOptions = {}): Doc[] {
    let docs: Doc[];
    if (!options.sort && options.limit !== undefined) {
      docs = [];
      const wanted = (options.skip ?? 0) + options.limit;
      for (const doc of this.matches(workspace, filter)) {
        docs.push(doc);
        if (docs.length >= wanted) break;
      }
    } else {
      docs = [...this.matches(workspace, filter)];
      if (options.sort) sortDocuments(docs, options.sort);
    }
    if (options.skip || options.limit !== undefined) {
      const start = options.skip ?? 0;
      docs = docs.slice(start, options.limit === undefined ? undefined : start + options.limit);
    }
    return options.projection ? project(docs, options.projection) : docs;
  }

  count(workspace: string, filter: Filter): number {
    if (Object.keys(filter).length === 0) return this.partitions.get(workspace)?.docs.size ?? 0;
    let n = 0;
    for (const _ of this.matches(workspace, filter)) n++;
    return n;
  }

  aggregate(workspace: string, pipeline: AnyObject[]): AnyObject[] {
    const docs = [...(this.partitions.get(workspace)?.docs.values() ?? [])];
    return new Aggregator(pipeline).run(docs) as AnyObject[];
  }

  get(workspace: string, id: string): Doc | undefined {
    return this.partitions.get(workspace)?.docs.get(id);
  }

  /** Stores a document (insert or replace), or reports the unique index it would violate. */
  put(doc: Doc, undo: UndoLog, log: DocumentChange[]): CommitConflict | null {
    const partition = this.partition(doc.workspace);
    for (const index of partition.indexes) {
      if (!index.spec.unique) continue;
      if (index.findClash(doc) !== undefined) return { reason: 'duplicate-key', opIndex: -1, index: index.spec.name };
    }
    const before = partition.docs.get(doc._id);
    if (before) for (const index of partition.indexes) index.remove(before);
    if (freezeDocuments) deepFreeze(doc);
    partition.docs.set(doc._id, doc);
    for (const index of partition.indexes) index.add(doc);
    undo.push(() => this.restore(doc.workspace, doc._id, before));
    log.push({ collection: this.name, put: doc });
    return null;
  }

  remove(workspace: string, id: string, undo: UndoLog, log: DocumentChange[]): void {
    const partition = this.partitions.get(workspace);
    const before = partition?.docs.get(id);
    if (!partition || !before) return;
    for (const index of partition.indexes) index.remove(before);
    partition.docs.delete(id);
    undo.push(() => this.restore(workspace, id, before));
    log.push({ collection: this.name, workspace, delete: id });
  }

  /** Puts a document back as it was before a write (`undefined`: it did not exist). */
  private restore(workspace: string, id: string, before: Doc | undefined): void {
    const partition = this.partition(workspace);
    const current = partition.docs.get(id);
    if (current) for (const index of partition.indexes) index.remove(current);
    if (before) {
      partition.docs.set(id, before);
      for (const index of partition.indexes) index.add(before);
    } else {
      partition.docs.delete(id);
    }
  }

  /** Replays a logged change during recovery (no checks: the log only holds committed changes). */
  replay(change: DocumentChange): void {
    if ('put' in change) {
      const partition = this.partition(change.put.workspace);
      const before = partition.docs.get(change.put._id);
      if (before) for (const index of partition.indexes) index.remove(before);
      partition.docs.set(change.put._id, change.put);
      for (const index of partition.indexes) index.add(change.put);
    } else {
      const partition = this.partition(change.workspace);
      const before = partition.docs.get(change.delete);
      if (!before) return;
      for (const index of partition.indexes) index.remove(before);
      partition.docs.delete(change.delete);
    }
  }

  /** Every stored document, for snapshots. */
  *allDocuments(): Generator<Doc> {
    for (const partition of this.partitions.values()) yield* partition.docs.values();
  }
}

/** Applies a MongoDB update to a copy of `doc` and returns the copy. */
export function updatedCopy(doc: Doc, update: Update): Doc {
  const copy = cloneDeep(doc) as Doc;
  const { $setOnInsert: _ignored, ...modifier } = update;
  if (Object.keys(modifier).length > 0) applyUpdate(copy, modifier as never, undefined, undefined, { cloneMode: 'deep' });
  return copy;
}

/** The document an upsert creates: the filter's equality fields, then the update, then `$setOnInsert`. */
export function upsertedDocument(workspace: string, filter: Filter, update: Update): Doc {
  const seed = seedFromFilter(filter);
  const doc: AnyObject = { ...seed, workspace };
  const { $setOnInsert: _onInsert, ...modifier } = update;
  if (Object.keys(modifier).length > 0) applyUpdate(doc, modifier as never, undefined, undefined, { cloneMode: 'deep' });
  if (update.$setOnInsert) applyUpdate(doc, { $set: update.$setOnInsert } as never, undefined, undefined, { cloneMode: 'deep' });
  if (typeof doc._id !== 'string') doc._id = newDocumentId();
  doc.workspace = workspace;
  return doc as unknown as Doc;
}
