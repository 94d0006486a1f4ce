import { newDocumentId } from '../document-id';
import type {
  AnyDocument,
  Collection,
  CollectionSpec,
  CommitConflict,
  CommitResult,
  OpDocument,
  StoragePort,
  StoreInfo,
  StoredDocument,
  WriteOp,
} from '../storage-port';
import { type CollectionImage, type CommitLog, VolatileCommitLog } from './commit-log';
import type { Doc } from './document-filter';
import { updatedCopy, upsertedDocument } from './document-update';
import { EmbeddedCollection, type WriteApplier, withIdentity } from './embedded-collection';
import type { MemoryBudget } from './memory-budget';
import { type DocumentChange, MemoryCollection, type UndoLog } from './memory-collection';

/** Undoes applied writes, newest first. */
function rollBack(undo: UndoLog): void {
  for (let u = undo.length - 1; u >= 0; u--) undo[u]();
}

export interface EmbeddedStoreOptions {
  /** Where commits become durable; a volatile log when omitted (simulation, unit tests). */
  log?: CommitLog;
  /** Refuses new documents once the heap is full (memory-budget.ts); none when omitted. */
  memory?: MemoryBudget;
}

/**
 * The embedded store: every collection in memory, queried with MongoDB semantics (mingo) over ordered
 * indexes, every commit made durable by a commit log before it is acknowledged.
 *
 * Writes are applied synchronously, so a commit never interleaves with another; reads see applied
 * writes at once (before they are durable, as MongoDB's default read concern does), and `flush()` waits
 * until those are durable too.
 */
export class EmbeddedStore implements StoragePort, WriteApplier {
  readonly kind = 'embedded' as const;
  private readonly collections = new Map<string, MemoryCollection>();
  private readonly log: CommitLog;
  private readonly memoryBudget: MemoryBudget | null;
  private recovery: Promise<void> | null = null;
  private closed = false;

  constructor(options: EmbeddedStoreOptions = {}) {
    this.log = options.log ?? new VolatileCommitLog();
    this.memoryBudget = options.memory ?? null;
  }

  async open(specs: CollectionSpec[]): Promise<void> {
    if (this.closed) throw new Error('This store was closed; create a new one to open the data again.');
    for (const spec of specs) {
      const existing = this.collections.get(spec.name);
      if (existing) existing.declareIndexes(spec.indexes);
      else this.collections.set(spec.name, this.budgeted(new MemoryCollection(spec.name, spec.indexes)));
    }
    this.recovery ??= this.recover();
    await this.recovery;
  }

  private async recover(): Promise<void> {
    await this.log.recover({
      apply: (change) => this.recoveredCollection(change.collection).load(change),
      capture: () => this.captureImage(),
    });
    for (const collection of this.collections.values()) collection.rebuildIndexes();
  }

  /** Recovery keeps collections the log holds even when this process did not declare them (yet). */
  private recoveredCollection(name: string): MemoryCollection {
    let collection = this.collections.get(name);
    if (!collection) this.collections.set(name, (collection = this.budgeted(new MemoryCollection(name))));
    return collection;
  }

  /** Puts a collection under the store's memory budget (recovery loads documents without asking it). */
  private budgeted(collection: MemoryCollection): MemoryCollection {
    const budget = this.memoryBudget;
    if (budget) collection.admitNewDocument = () => budget.admitNewDocument();
    return collection;
  }

  private captureImage(): CollectionImage[] {
    return [...this.collections.values()].map((collection) => ({ name: collection.name, docs: collection.documentsNow() }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.recovery) await this.recovery.catch(() => undefined);
    this.memoryBudget?.close();
    await this.log.close();
  }

  async info(): Promise<StoreInfo> {
    let documents = 0;
    for (const collection of this.collections.values()) documents += collection.size;
    const memory = this.memoryBudget?.state();
    return { kind: 'embedded', detail: { ...this.log.describe(), collections: this.collections.size, documents, ...(memory ? { memory } : {}) } };
  }

  async flush(): Promise<void> {
    await this.log.flush();
  }

  async listWorkspaces(collection: string): Promise<string[]> {
    return this.memory(collection).workspaces();
  }

  collection<T extends StoredDocument = AnyDocument>(name: string): Collection<T> {
    return new EmbeddedCollection<T>(this, this.memory(name));
  }

  /** The in-memory collection behind `name` (tests and benchmarks use it to explain queries). */
  memory(name: string): MemoryCollection {
    const collection = this.collections.get(name);
    if (!collection) throw new Error(`Unknown collection "${name}". Declare it in the collection specs passed to store.open().`);
    return collection;
  }

  async commit(workspace: string, ops: WriteOp[]): Promise<CommitResult> {
    this.assertWritable();
    const undo: UndoLog = [];
    const changes: DocumentChange[] = [];
    for (let i = 0; i < ops.length; i++) {
      let conflict: CommitConflict | null;
      try {
        conflict = this.applyOp(workspace, ops[i], undo, changes);
      } catch (error) {
        // A bug in an op (say, $inc on a string) must not leave half a commit in memory.
        rollBack(undo);
        throw error;
      }
      if (conflict) {
        rollBack(undo);
        return { ok: false, conflict: { ...conflict, opIndex: i } };
      }
    }
    // The log takes the record in this same tick, so a snapshot never sees a change its log lacks.
    if (changes.length > 0) await this.log.append(changes);
    else await this.log.flush();
    return { ok: true };
  }

  applyInsert(workspace: string, collection: MemoryCollection, input: OpDocument, undo: UndoLog, changes: DocumentChange[]): CommitConflict | null {
    // A document handed to a write belongs to the store, so it is stamped in place rather than copied.
    const doc = (Object.isExtensible(input) ? input : { ...input }) as Doc;
    doc.workspace = workspace;
    if (typeof doc._id !== 'string') doc._id = newDocumentId();
    return collection.put(doc, undo, changes, true);
  }

  /** Applies one write in memory; returns the conflict that forbids it, if any. */
  private applyOp(workspace: string, op: WriteOp, undo: UndoLog, changes: DocumentChange[]): CommitConflict | null {
    const collection = this.memory(op.collection);
    switch (op.op) {
      case 'insert':
        return this.applyInsert(workspace, collection, op.doc, undo, changes);
      case 'replace': {
        const [current] = collection.find(workspace, op.filter, { limit: 1 });
        if (!current && !op.upsert) return op.mustMatch ? { reason: 'no-match', opIndex: -1 } : null;
        const id = current?._id ?? (typeof op.doc._id === 'string' ? op.doc._id : newDocumentId());
        // The document belongs to the store now: when it already names its _id and workspace (ingestion's
        // customers do), it is stored as it is instead of being copied.
        const doc = op.doc._id === id && op.doc.workspace === workspace ? (op.doc as Doc) : ({ ...op.doc, _id: id, workspace } as Doc);
        return collection.put(doc, undo, changes);
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
  async applyEach<R>(apply: (undo: UndoLog, changes: DocumentChange[]) => R): Promise<R> {
    this.assertWritable();
    const changes: DocumentChange[] = [];
    try {
      return apply([], changes);
    } finally {
      // Whatever was applied before a failure is already visible, so it must be logged too.
      if (changes.length > 0) await this.log.append(changes);
    }
  }

  private assertWritable(): void {
    if (this.closed) throw new Error('The store is closed; writes after close() are a bug (stop workers before closing the store).');
    if (!this.recovery) throw new Error('The store is not open yet; call store.open(collections) before writing.');
  }
}
