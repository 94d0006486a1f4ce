import type {
  Collection,
  CollectionSpec,
  CommitConflict,
  CommitResult,
  Filter,
  FindOneAndUpdateOptions,
  FindOptions,
  NewDocument,
  StoragePort,
  StoreInfo,
  StoredDocument,
  Update,
  UpdateResult,
  WriteOp,
} from '../storage-port';
import { DuplicateKeyError } from '../storage-port';
import { newDocumentId } from '../document-id';
import { type CommitLog, VolatileCommitLog } from './commit-log';
import { type Doc, type DocumentChange, MemoryCollection, type UndoLog, updatedCopy, upsertedDocument } from './memory-collection';

export interface EmbeddedStoreOptions {
  /** Where commits become durable; a volatile log when omitted (simulation, unit tests). */
  log?: CommitLog;
}

/**
 * The embedded store: every collection in memory, queried with MongoDB semantics (mingo), every
 * commit made durable by a commit log before it is acknowledged.
 *
 * Writes are applied synchronously, so a commit never interleaves with another; reads see applied
 * writes at once, and `flush()` waits until those are durable too.
 */
export class EmbeddedStore implements StoragePort {
  readonly kind = 'embedded' as const;
  private readonly collections = new Map<string, MemoryCollection>();
  private readonly log: CommitLog;
  private opened = false;

  constructor(options: EmbeddedStoreOptions = {}) {
    this.log = options.log ?? new VolatileCommitLog();
  }

  async open(specs: CollectionSpec[]): Promise<void> {
    for (const spec of specs) {
      if (!this.collections.has(spec.name)) this.collections.set(spec.name, new MemoryCollection(spec.name, spec.indexes));
    }
    if (this.opened) return;
    await this.log.recover((change) => this.memory(change.collection).replay(change));
    this.opened = true;
  }

  async close(): Promise<void> {
    await this.log.close();
  }

  async info(): Promise<StoreInfo> {
    return { kind: 'embedded', detail: this.log.describe() };
  }

  async flush(): Promise<void> {
    await this.log.flush();
  }

  async listWorkspaces(collection: string): Promise<string[]> {
    return this.memory(collection).workspaces();
  }

  collection<T extends StoredDocument>(name: string): Collection<T> {
    return new EmbeddedCollection<T>(this, this.memory(name));
  }

  memory(name: string): MemoryCollection {
    const collection = this.collections.get(name);
    if (!collection) throw new Error(`Unknown collection "${name}". Declare it in the collection specs passed to store.open().`);
    return collection;
  }

  async commit(workspace: string, ops: WriteOp[]): Promise<CommitResult> {
    const undo: UndoLog = [];
    const changes: DocumentChange[] = [];
    for (let i = 0; i < ops.length; i++) {
      const conflict = this.applyOp(workspace, ops[i], undo, changes);
      if (conflict) {
        for (let u = undo.length - 1; u >= 0; u--) undo[u]();
        return { ok: false, conflict: { ...conflict, opIndex: i } };
      }
    }
    if (changes.length > 0) await this.log.append(changes);
    else await this.log.flush();
    return { ok: true };
  }

  /** Applies one write in memory; returns the conflict that forbids it, if any. */
  applyOp(workspace: string, op: WriteOp, undo: UndoLog, changes: DocumentChange[]): CommitConflict | null {
    const collection = this.memory(op.collection);
    switch (op.op) {
      case 'insert': {
        const doc = { ...op.doc, workspace } as Doc;
        if (typeof doc._id !== 'string') doc._id = newDocumentId();
        if (collection.get(workspace, doc._id)) return { reason: 'duplicate-key', opIndex: -1, index: '_id' };
        return collection.put(doc, undo, changes);
      }
      case 'replace': {
        const [current] = collection.find(workspace, op.filter, { limit: 1 });
        if (!current && !op.upsert) return op.mustMatch ? { reason: 'no-match', opIndex: -1 } : null;
        const id = current?._id ?? (typeof op.doc._id === 'string' ? op.doc._id : newDocumentId());
        return collection.put({ ...op.doc, _id: id, workspace } as Doc, undo, changes);
      }
      case 'update': {
        const [current] = collection.find(workspace, op.filter, { limit: 1 });
        if (!current) {
          if (op.upsert) return collection.put(upsertedDocument(workspace, op.filter, op.update), undo, changes);
          return op.mustMatch ? { reason: 'no-match', opIndex: -1 } : null;
        }
        return collection.put(withIdentity(updatedCopy(current, op.update), current), undo, changes);
      }
      case 'delete': {
        const [current] = collection.find(workspace, op.filter, { limit: 1 });
        if (!current) return op.mustMatch ? { reason: 'no-match', opIndex: -1 } : null;
        collection.remove(workspace, current._id, undo, changes);
        return null;
      }
    }
  }

  /** Applies writes that each stand alone (no all-or-nothing), then makes them durable together. */
  async applyEach<R>(
    workspace: string,
    apply: (undo: UndoLog, changes: DocumentChange[]) => R,
  ): Promise<R> {
    const changes: DocumentChange[] = [];
    try {
      return apply([], changes);
    } finally {
      // Whatever was applied before a failure is already visible, so it must be logged too.
      if (changes.length > 0) await this.log.append(changes);
    }
  }
}

/** An update may not change a document's identity. */
function withIdentity(doc: Doc, original: Doc): Doc {
  doc._id = original._id;
  doc.workspace = original.workspace;
  return doc;
}

class EmbeddedCollection<T extends StoredDocument> implements Collection<T> {
  readonly name: string;

  constructor(
    private readonly store: EmbeddedStore,
    private readonly memory: MemoryCollection,
  ) {
    this.name = memory.name;
  }

  async findOne(workspace: string, filter: Filter, options: Omit<FindOptions, 'limit'> = {}): Promise<T | null> {
    return (this.memory.find(workspace, filter, { ...options, limit: 1 })[0] as T | undefined) ?? null;
  }

  async find(workspace: string, filter: Filter, options?: FindOptions): Promise<T[]> {
    return this.memory.find(workspace, filter, options) as T[];
  }

  async *iterate(workspace: string, filter: Filter, options?: FindOptions): AsyncIterable<T> {
    if (!options?.sort && !options?.projection && options?.skip === undefined && options?.limit === undefined) {
      // Unsorted scans stream straight from the partition, without building an array.
      for (const doc of this.memory.matches(workspace, filter)) yield doc as T;
      return;
    }
    for (const doc of this.memory.find(workspace, filter, options)) yield doc as T;
  }

  async count(workspace: string, filter: Filter): Promise<number> {
    return this.memory.count(workspace, filter);
  }

  async distinct(workspace: string, field: string, filter: Filter): Promise<unknown[]> {
    const rows = this.memory.aggregate(workspace, [{ $match: filter }, { $group: { _id: `$${field}` } }]);
    const values: unknown[] = [];
    for (const row of rows) {
      if (Array.isArray(row._id)) values.push(...row._id);
      else if (row._id !== undefined && row._id !== null) values.push(row._id);
    }
    return [...new Set(values)];
  }

  async aggregate<R>(workspace: string, pipeline: Record<string, unknown>[]): Promise<R[]> {
    return this.memory.aggregate(workspace, pipeline) as R[];
  }

  async insertOne(workspace: string, doc: NewDocument<T>): Promise<CommitResult> {
    return this.store.commit(workspace, [{ collection: this.name, op: 'insert', doc }]);
  }

  async insertMany(workspace: string, docs: NewDocument<T>[]): Promise<{ inserted: number; duplicates: number[] }> {
    return this.store.applyEach(workspace, (undo, changes) => {
      const duplicates: number[] = [];
      docs.forEach((doc, i) => {
        if (this.store.applyOp(workspace, { collection: this.name, op: 'insert', doc }, undo, changes)) duplicates.push(i);
      });
      return { inserted: docs.length - duplicates.length, duplicates };
    });
  }

  async updateOne(workspace: string, filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return this.store.applyEach(workspace, (undo, changes) => {
      const [current] = this.memory.find(workspace, filter, { limit: 1 });
      if (!current) {
        if (!options.upsert) return { matched: 0, modified: 0 };
        const doc = upsertedDocument(workspace, filter, update);
        throwOnConflict(this.memory.put(doc, undo, changes));
        return { matched: 0, modified: 0, upsertedId: doc._id };
      }
      throwOnConflict(this.memory.put(withIdentity(updatedCopy(current, update), current), undo, changes));
      return { matched: 1, modified: 1 };
    });
  }

  async updateMany(workspace: string, filter: Filter, update: Update): Promise<UpdateResult> {
    return this.store.applyEach(workspace, (undo, changes) => {
      const targets = [...this.memory.matches(workspace, filter)];
      for (const current of targets) throwOnConflict(this.memory.put(withIdentity(updatedCopy(current, update), current), undo, changes));
      return { matched: targets.length, modified: targets.length };
    });
  }

  async replaceOne(workspace: string, filter: Filter, doc: NewDocument<T>, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return this.store.applyEach(workspace, (undo, changes) => {
      const [current] = this.memory.find(workspace, filter, { limit: 1 });
      if (!current && !options.upsert) return { matched: 0, modified: 0 };
      const id = current?._id ?? (typeof doc._id === 'string' ? doc._id : newDocumentId());
      throwOnConflict(this.memory.put({ ...doc, _id: id, workspace } as Doc, undo, changes));
      return current ? { matched: 1, modified: 1 } : { matched: 0, modified: 0, upsertedId: id };
    });
  }

  async findOneAndUpdate(workspace: string, filter: Filter, update: Update, options: FindOneAndUpdateOptions = {}): Promise<T | null> {
    return this.store.applyEach(workspace, (undo, changes) => {
      const [current] = this.memory.find(workspace, filter, { limit: 1, sort: options.sort });
      if (!current) {
        if (!options.upsert) return null;
        const doc = upsertedDocument(workspace, filter, update);
        throwOnConflict(this.memory.put(doc, undo, changes));
        return options.returnDocument === 'before' ? null : (doc as T);
      }
      const next = withIdentity(updatedCopy(current, update), current);
      throwOnConflict(this.memory.put(next, undo, changes));
      return (options.returnDocument === 'before' ? current : next) as T;
    });
  }

  async deleteOne(workspace: string, filter: Filter): Promise<number> {
    return this.store.applyEach(workspace, (undo, changes) => {
      const [current] = this.memory.find(workspace, filter, { limit: 1 });
      if (!current) return 0;
      this.memory.remove(workspace, current._id, undo, changes);
      return 1;
    });
  }

  async deleteMany(workspace: string, filter: Filter): Promise<number> {
    return this.store.applyEach(workspace, (undo, changes) => {
      const targets = [...this.memory.matches(workspace, filter)];
      for (const doc of targets) this.memory.remove(workspace, doc._id, undo, changes);
      return targets.length;
    });
  }
}

/** Single-document writes outside `commit` surface a unique-index violation the way MongoDB does: as an error. */
function throwOnConflict(conflict: CommitConflict | null): void {
  if (conflict && conflict.reason === 'duplicate-key') {
    throw new DuplicateKeyError(conflict.index);
  }
}
