import { Aggregator, Query } from 'mingo';
import { isEqual } from 'mingo/util';
import type { CommitConflict, Filter, FindOptions, IndexSpec } from '../storage-port';
import { CollectionPartition, type QueryExplanation } from './collection-partition';
import type { Doc } from './document-filter';
import { applyDocumentPatch, diffDocuments, type PatchPath } from './document-patch';
import { compileProjection, UNDECIDED_PROJECTION } from './native-projection';
import type { IndexKeys } from './ordered-index';

export type { Doc } from './document-filter';

/**
 * One change to one document, as written to the log and replayed on recovery: the whole document, a
 * patch against its previous version (document-patch.ts), or a delete.
 */
export type DocumentChange =
  | { collection: string; put: Doc }
  | { collection: string; workspace: string; patch: string; set: Array<[PatchPath, unknown]>; unset?: PatchPath[] }
  | { collection: string; workspace: string; delete: string };

/** Closures that undo applied writes, run newest first when a commit fails part-way. */
export type UndoLog = Array<() => void>;

/** The filter within a partition: the partition is the workspace, so a `workspace` condition is the caller's, and ignored. */
function withinWorkspace(filter: Filter): Filter {
  if (!('workspace' in filter)) return filter;
  const { workspace: _ignored, ...rest } = filter;
  return rest;
}

/** Pipeline stages that read or write other collections, which would cross the workspace boundary. */
const crossCollectionStages = new Set(['$lookup', '$graphLookup', '$unionWith', '$out', '$merge']);

const freezeDocuments = process.env.WAYFARER_STORE_FREEZE === '1';

/** Marks an index whose keys a replace left as they were (OrderedIndex.hasSameKeys). */
const UNCHANGED_KEYS = Symbol('unchanged keys');
/** Marks a non-unique single-field index whose changed elements alone may be moved (OrderedIndex.moveChangedElements). */
const CHANGED_ELEMENTS = Symbol('changed elements');

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * The in-memory half of the embedded store: one collection, partitioned by workspace, with ordered
 * indexes per partition and mingo (MongoDB's query language) as the final judge of every match.
 *
 * Documents returned are the stored objects themselves and must be treated as read-only; documents
 * handed in belong to the collection afterwards. Tests set `WAYFARER_STORE_FREEZE=1` to freeze stored
 * documents so any violation throws.
 */
export class MemoryCollection {
  private readonly partitions = new Map<string, CollectionPartition>();
  private readonly indexSpecs: IndexSpec[] = [];
  /**
   * The workspace of every `_id`, because ids are unique per collection across workspaces, as in MongoDB.
   * Only kept once a second workspace appears: with one, its own map already answers.
   */
  private idOwners: Map<string, string> | null = null;
  /** Called before a write adds a document; throws to refuse it (the store's memory budget). */
  admitNewDocument: (() => void) | null = null;

  constructor(
    readonly name: string,
    specs: IndexSpec[] = [],
  ) {
    this.declareIndexes(specs);
  }

  /**
   * Adds indexes not declared yet and builds them over the documents already held. Redeclaring an
   * index by name with a different definition, or a unique index the data already violates, is a bug.
   */
  declareIndexes(specs: IndexSpec[]): void {
    for (const spec of specs) {
      const existing = this.indexSpecs.find((known) => known.name === spec.name);
      if (existing) {
        if (!isEqual(existing, spec)) {
          throw new Error(`Index "${spec.name}" of collection "${this.name}" is declared twice with different definitions: ${JSON.stringify(existing)} and ${JSON.stringify(spec)}.`);
        }
        continue;
      }
      if (spec.name === '_id') throw new Error(`Index name "_id" is reserved (collection "${this.name}"): every collection keeps _id in order already.`);
      for (const [workspace, partition] of this.partitions) {
        const index = partition.addIndex(spec);
        if (spec.unique && index.hasDuplicateKeys()) {
          for (const built of this.partitions.values()) {
            const position = built.indexes.findIndex((candidate) => candidate.spec === spec);
            if (position >= 0) built.indexes.splice(position, 1);
          }
          throw new Error(`Cannot declare unique index "${spec.name}" on collection "${this.name}": workspace ${workspace} already holds two documents with the same key ${JSON.stringify(spec.key)}.`);
        }
      }
      this.indexSpecs.push(spec);
    }
  }

  workspaces(): string[] {
    return [...this.partitions.entries()].filter(([, p]) => p.docs.size > 0).map(([w]) => w);
  }

  private partition(workspace: string): CollectionPartition {
    let partition = this.partitions.get(workspace);
    if (!partition) {
      this.partitions.set(workspace, (partition = new CollectionPartition(this.indexSpecs)));
      if (this.partitions.size === 2) {
        this.idOwners = new Map();
        for (const [owner, existing] of this.partitions) for (const id of existing.docs.keys()) this.idOwners.set(id, owner);
      }
    }
    return partition;
  }

  /** Whether `_id` is taken, in this workspace or another. */
  private isIdTaken(partition: CollectionPartition, id: string): boolean {
    return this.idOwners ? this.idOwners.has(id) : partition.docs.has(id);
  }

  /** Matching documents, streamed where possible; safe to consume while writes happen. */
  *matches(workspace: string, filter: Filter): Generator<Doc> {
    const partition = this.partitions.get(workspace);
    if (partition) yield* partition.stream(withinWorkspace(filter));
  }

  /** Every matching document, collected before any is changed (for multi-document writes). */
  matchAll(workspace: string, filter: Filter): Doc[] {
    return this.partitions.get(workspace)?.selectAll(withinWorkspace(filter)) ?? [];
  }

  find(workspace: string, filter: Filter, options: FindOptions = {}): Doc[] {
    const partition = this.partitions.get(workspace);
    if (!partition) return [];
    const docs = partition.select(withinWorkspace(filter), options);
    return options.projection ? project(docs, options.projection) : docs;
  }

  /** How a query runs: the plan chosen and how many documents it examined. */
  explain(workspace: string, filter: Filter, options: FindOptions = {}): QueryExplanation {
    const explanation: QueryExplanation = { plan: 'collection-scan', ranges: 0, examined: 0, returned: 0, sorted: false };
    this.partitions.get(workspace)?.select(withinWorkspace(filter), options, explanation);
    return explanation;
  }

  count(workspace: string, filter: Filter): number {
    return this.partitions.get(workspace)?.count(withinWorkspace(filter)) ?? 0;
  }

  aggregate(workspace: string, pipeline: Record<string, unknown>[]): Record<string, unknown>[] {
    for (const stage of pipeline) {
      const operator = Object.keys(stage)[0];
      if (crossCollectionStages.has(operator)) {
        throw new Error(`Aggregation stage ${operator} reads or writes another collection and is not part of the storage port; run one query per collection.`);
      }
    }
    const partition = this.partitions.get(workspace);
    if (!partition) return new Aggregator(pipeline).run([]) as Record<string, unknown>[];
    // A leading $match uses the indexes; the rest of the pipeline runs over its result.
    const [first, ...rest] = pipeline;
    if (first && '$match' in first && first.$match && typeof first.$match === 'object') {
      return new Aggregator(rest).run(partition.selectAll(first.$match as Filter)) as Record<string, unknown>[];
    }
    return new Aggregator(pipeline).run([...partition.docs.values()]) as Record<string, unknown>[];
  }

  get(workspace: string, id: string): Doc | undefined {
    return this.partitions.get(workspace)?.docs.get(id);
  }

  get size(): number {
    let total = 0;
    for (const partition of this.partitions.values()) total += partition.docs.size;
    return total;
  }

  /**
   * Stores a document, or reports the unique index it would violate. `insert` requires a new `_id`;
   * otherwise a document with the same `_id` in this workspace is replaced.
   */
  put(doc: Doc, undo: UndoLog, log: DocumentChange[], insert = false): CommitConflict | null {
    const partition = this.partition(doc.workspace);
    const before = insert ? undefined : partition.docs.get(doc._id);
    if (!before && this.isIdTaken(partition, doc._id)) return { reason: 'duplicate-key', opIndex: -1, index: '_id' };
    if (!before) this.admitNewDocument?.();
    const indexes = partition.indexes;
    const keys: Array<IndexKeys | null | typeof UNCHANGED_KEYS | typeof CHANGED_ELEMENTS> = new Array(indexes.length);
    for (let i = 0; i < indexes.length; i++) {
      const index = indexes[i];
      // Keys that cannot have changed cannot clash either: the document already holds them.
      if (before && index.hasSameKeys(before, doc)) {
        keys[i] = UNCHANGED_KEYS;
        continue;
      }
      // A non-unique index needs no clash check, so its keys are worked out only when applied.
      if (before && !index.spec.unique && index.movesElements) {
        keys[i] = CHANGED_ELEMENTS;
        continue;
      }
      const docKeys = (keys[i] = index.keysOf(doc));
      if (index.spec.unique && index.hasClash(doc._id, docKeys)) {
        return { reason: 'duplicate-key', opIndex: -1, index: index.spec.name };
      }
    }
    if (freezeDocuments) deepFreeze(doc);
    for (let i = 0; i < indexes.length; i++) {
      const docKeys = keys[i];
      if (docKeys === UNCHANGED_KEYS) continue;
      if (docKeys === CHANGED_ELEMENTS) {
        if (!indexes[i].moveChangedElements(doc._id, before!, doc)) indexes[i].replaceKeys(doc._id, indexes[i].keysOf(before!), indexes[i].keysOf(doc));
        continue;
      }
      indexes[i].replaceKeys(doc._id, before ? indexes[i].keysOf(before) : null, docKeys);
    }
    partition.docs.set(doc._id, doc);
    this.idOwners?.set(doc._id, doc.workspace);
    undo.push(() => this.restore(doc.workspace, doc._id, before));
    log.push(before ? this.changeFrom(before, doc) : { collection: this.name, put: doc });
    return null;
  }

  /** The log's record of replacing `before` by `doc`: a patch when that is smaller than the document. */
  private changeFrom(before: Doc, doc: Doc): DocumentChange {
    const patch = diffDocuments(before, doc);
    if (!patch) return { collection: this.name, put: doc };
    const change: DocumentChange = { collection: this.name, workspace: doc.workspace, patch: doc._id, set: patch.set };
    if (patch.unset.length > 0) change.unset = patch.unset;
    return change;
  }

  remove(workspace: string, id: string, undo: UndoLog, log: DocumentChange[]): void {
    const partition = this.partitions.get(workspace);
    const before = partition?.docs.get(id);
    if (!partition || !before) return;
    for (const index of partition.indexes) index.remove(before);
    partition.docs.delete(id);
    this.idOwners?.delete(id);
    undo.push(() => this.restore(workspace, id, before));
    log.push({ collection: this.name, workspace, delete: id });
  }

  /** Puts a document back as it was before a write (`undefined`: it did not exist). */
  private restore(workspace: string, id: string, before: Doc | undefined): void {
    const partition = this.partition(workspace);
    const current = partition.docs.get(id);
    for (const index of partition.indexes) {
      index.replaceKeys(id, current ? index.keysOf(current) : null, before ? index.keysOf(before) : null);
    }
    if (before) {
      partition.docs.set(id, before);
      this.idOwners?.set(id, workspace);
    } else {
      partition.docs.delete(id);
      this.idOwners?.delete(id);
    }
  }

  /**
   * Replays a logged change during recovery: documents only, no index upkeep and no checks (the log
   * holds committed changes). `rebuildIndexes()` runs once recovery is over.
   */
  load(change: DocumentChange): void {
    if ('put' in change) {
      if (freezeDocuments) deepFreeze(change.put);
      this.partition(change.put.workspace).docs.set(change.put._id, change.put);
      this.idOwners?.set(change.put._id, change.put.workspace);
    } else if ('patch' in change) {
      const docs = this.partitions.get(change.workspace)?.docs;
      const current = docs?.get(change.patch);
      if (!docs || !current) throw new Error(`The log patches document ${change.patch} of "${this.name}" in ${change.workspace}, which recovery has not seen: the log does not match its snapshot.`);
      const patched = applyDocumentPatch(current, { set: change.set, unset: change.unset ?? [] });
      if (freezeDocuments) deepFreeze(patched);
      docs.set(change.patch, patched);
    } else if (this.partitions.get(change.workspace)?.docs.delete(change.delete)) {
      this.idOwners?.delete(change.delete);
    }
  }

  /** Builds every index after a bulk load; recovered data that violates a unique index is reported. */
  rebuildIndexes(): void {
    for (const [workspace, partition] of this.partitions) {
      partition.rebuildIndexes();
      for (const index of partition.declaredIndexes) {
        if (index.spec.unique && index.hasDuplicateKeys()) {
          throw new Error(`Collection "${this.name}" in workspace ${workspace} holds two documents with the same key for unique index "${index.spec.name}" ${JSON.stringify(index.spec.key)}. Was the index declared after the data was written? Remove the duplicates or drop "unique".`);
        }
      }
    }
  }

  /**
   * Every stored document, for a snapshot's image: taken in one go, while no write can come between.
   *
   * Performance notes: spreading a generator that yielded each partition's documents took 13–20 ms for
   * the 180,000 documents of bench/journeys' store, a stall for every request then waiting; spreading a
   * Map's values is a builtin copy, about 1 ms.
   */
  documentsNow(): Doc[] {
    const perPartition = [...this.partitions.values()].map((partition) => [...partition.docs.values()]);
    return perPartition.length === 1 ? perPartition[0] : perPartition.flat();
  }
}

function project(docs: Doc[], projection: Record<string, 0 | 1>): Doc[] {
  // A batch recompute projects a few facts of up to every customer: inclusion projections run natively.
  const native = compileProjection(projection);
  if (!native) return new Query({}).find<Doc>(docs, projection).all();
  const projected = new Array<Doc>(docs.length);
  for (let i = 0; i < docs.length; i++) {
    const result = native(docs[i]);
    projected[i] = result === UNDECIDED_PROJECTION ? new Query({}).find<Doc>([docs[i]], projection).all()[0] : result;
  }
  return projected;
}
