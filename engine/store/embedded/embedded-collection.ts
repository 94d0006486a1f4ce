import { newDocumentId } from '../document-id';
import type {
  Collection,
  CommitConflict,
  CommitResult,
  Filter,
  FindOneAndUpdateOptions,
  FindOptions,
  NewDocument,
  OpDocument,
  StoredDocument,
  Update,
  UpdateResult,
  WriteOp,
} from '../storage-port';
import { DuplicateKeyError } from '../storage-port';
import type { Doc } from './document-filter';
import { updatedCopy, upsertedDocument } from './document-update';
import type { DocumentChange, MemoryCollection, UndoLog } from './memory-collection';

/** What a collection needs from its store: applying single writes and making them durable. */
export interface WriteApplier {
  commit(workspace: string, ops: WriteOp[]): Promise<CommitResult>;
  applyEach<R>(apply: (undo: UndoLog, changes: DocumentChange[]) => R): Promise<R>;
  applyInsert(workspace: string, collection: MemoryCollection, doc: OpDocument, undo: UndoLog, changes: DocumentChange[]): CommitConflict | null;
}

/** An update may not change a document's identity. */
export function withIdentity(doc: Doc, original: Doc): Doc {
  doc._id = original._id;
  doc.workspace = original.workspace;
  return doc;
}

/** Single-document writes outside `commit` surface a unique-index violation the way MongoDB does: as an error. */
function throwOnConflict(conflict: CommitConflict | null): void {
  if (conflict && conflict.reason === 'duplicate-key') throw new DuplicateKeyError(conflict.index);
}

/** One collection of the embedded store, as the port's `Collection`. */
export class EmbeddedCollection<T extends StoredDocument> implements Collection<T> {
  readonly name: string;

  constructor(
    private readonly store: WriteApplier,
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
      // Unsorted scans stream from the partition without building an array.
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
    return this.store.applyEach((undo, changes) => {
      const duplicates: number[] = [];
      docs.forEach((doc, i) => {
        if (this.store.applyInsert(workspace, this.memory, doc, undo, changes)) duplicates.push(i);
      });
      return { inserted: docs.length - duplicates.length, duplicates };
    });
  }

  async updateOne(workspace: string, filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return this.store.applyEach((undo, changes) => {
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
    return this.store.applyEach((undo, changes) => {
      const targets = this.memory.matchAll(workspace, filter);
      for (const current of targets) throwOnConflict(this.memory.put(withIdentity(updatedCopy(current, update), current), undo, changes));
      return { matched: targets.length, modified: targets.length };
    });
  }

  async replaceOne(workspace: string, filter: Filter, doc: NewDocument<T>, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return this.store.applyEach((undo, changes) => {
      const [current] = this.memory.find(workspace, filter, { limit: 1 });
      if (!current && !options.upsert) return { matched: 0, modified: 0 };
      const id = current?._id ?? (typeof doc._id === 'string' ? doc._id : newDocumentId());
      throwOnConflict(this.memory.put({ ...doc, _id: id, workspace } as Doc, undo, changes));
      return current ? { matched: 1, modified: 1 } : { matched: 0, modified: 0, upsertedId: id };
    });
  }

  async findOneAndUpdate(workspace: string, filter: Filter, update: Update, options: FindOneAndUpdateOptions = {}): Promise<T | null> {
    return this.store.applyEach((undo, changes) => {
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
    return this.store.applyEach((undo, changes) => {
      const [current] = this.memory.find(workspace, filter, { limit: 1 });
      if (!current) return 0;
      this.memory.remove(workspace, current._id, undo, changes);
      return 1;
    });
  }

  async deleteMany(workspace: string, filter: Filter): Promise<number> {
    return this.store.applyEach((undo, changes) => {
      const targets = this.memory.matchAll(workspace, filter);
      for (const doc of targets) this.memory.remove(workspace, doc._id, undo, changes);
      return targets.length;
    });
  }
}
