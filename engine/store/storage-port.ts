/**
 * The storage port: the only way the engine reads or writes data.
 *
 * It is a deliberately small subset of MongoDB's collection API, so the MongoDB adapter is a thin
 * mapping and the embedded adapter implements the same semantics with mingo. Two rules hold for
 * every adapter and are checked by the contract suite (tests/store/storage-contract.ts):
 *
 * - **Workspace isolation.** Every call names a workspace. Adapters add `workspace` to every filter
 *   and stamp it on every written document, so no call can read or change another workspace's data.
 * - **Atomic commits.** `commit()` applies a list of writes all-or-nothing; when it resolves, the writes
 *   are durable (embedded: in the write-ahead log; MongoDB: acknowledged with majority write concern
 *   where available).
 *
 * Filters and updates are MongoDB's JSON (`{ 'traits.orders_count': { $gte: 3 } }`, `{ $set: {...} }`).
 */

/** Every stored document: an `_id` unique within its collection and the workspace that owns it. */
export interface StoredDocument {
  _id: string;
  workspace: string;
}

/** A document as the caller hands it in: the adapter stamps `workspace`. */
export type NewDocument<T extends StoredDocument> = Omit<T, 'workspace'> & { workspace?: string };

/** Any stored document, with whatever fields it has (what an untyped `collection(name)` holds). */
export type AnyDocument = StoredDocument & Record<string, unknown>;

/** A document a commit op carries: a typed `NewDocument`, or any fields; a missing `_id` is generated. */
export type OpDocument = NewDocument<StoredDocument> | ({ _id?: string; workspace?: string } & Record<string, unknown>);

/** A MongoDB query filter. */
export type Filter = Record<string, unknown>;

/** A MongoDB update document with the operators the port supports. */
export interface Update {
  $set?: Record<string, unknown>;
  $unset?: Record<string, '' | 1 | true>;
  $inc?: Record<string, number>;
  $min?: Record<string, unknown>;
  $max?: Record<string, unknown>;
  $push?: Record<string, unknown>;
  $pull?: Record<string, unknown>;
  $addToSet?: Record<string, unknown>;
  $setOnInsert?: Record<string, unknown>;
}

export type SortSpec = Record<string, 1 | -1>;

export interface FindOptions {
  sort?: SortSpec;
  skip?: number;
  limit?: number;
  /** Inclusion (`1`) or exclusion (`0`) projection; `_id` is always returned unless excluded. */
  projection?: Record<string, 0 | 1>;
}

export interface IndexSpec {
  /** Stable name, used by both adapters. */
  name: string;
  /** Indexed fields in order; `workspace` is prepended by the adapter. */
  key: SortSpec;
  unique?: boolean;
  /** Only documents matching this filter are indexed (and checked for uniqueness). */
  partialFilter?: Filter;
}

export interface CollectionSpec {
  name: string;
  indexes: IndexSpec[];
}

export interface UpdateResult {
  matched: number;
  modified: number;
  /** `_id` of the document created by an upsert, if one was. */
  upsertedId?: string;
}

export interface FindOneAndUpdateOptions {
  sort?: SortSpec;
  upsert?: boolean;
  /** Which version to return; default `'after'`. */
  returnDocument?: 'before' | 'after';
}

/** One write inside an atomic commit. */
export type WriteOp =
  | { collection: string; op: 'insert'; doc: OpDocument }
  | {
      collection: string;
      op: 'replace';
      filter: Filter;
      doc: OpDocument;
      upsert?: boolean;
      /** Reject the whole commit when the filter matches nothing (optimistic concurrency). */
      mustMatch?: boolean;
    }
  | { collection: string; op: 'update'; filter: Filter; update: Update; upsert?: boolean; mustMatch?: boolean }
  | { collection: string; op: 'delete'; filter: Filter; mustMatch?: boolean };

export type CommitConflict =
  | { reason: 'duplicate-key'; opIndex: number; index: string }
  | { reason: 'no-match'; opIndex: number };

/** Expected failures are values: a conflicting commit changed nothing and says which op conflicted. */
export type CommitResult = { ok: true } | { ok: false; conflict: CommitConflict };

export interface Collection<T extends StoredDocument> {
  readonly name: string;
  findOne(workspace: string, filter: Filter, options?: Omit<FindOptions, 'limit'>): Promise<T | null>;
  find(workspace: string, filter: Filter, options?: FindOptions): Promise<T[]>;
  /** Streams matches without holding them all; for scans over many documents. */
  iterate(workspace: string, filter: Filter, options?: FindOptions): AsyncIterable<T>;
  count(workspace: string, filter: Filter): Promise<number>;
  distinct(workspace: string, field: string, filter: Filter): Promise<unknown[]>;
  /** An aggregation pipeline; the adapter prepends `{ $match: { workspace } }`. */
  aggregate<R = Record<string, unknown>>(workspace: string, pipeline: Record<string, unknown>[]): Promise<R[]>;

  /** Inserts one document; `{ ok: false }` when it violates a unique index. */
  insertOne(workspace: string, doc: NewDocument<T>): Promise<CommitResult>;
  /**
   * Inserts many documents, unordered: every document that violates no unique index is inserted;
   * the indexes (into `docs`) of the rejected duplicates are returned.
   */
  insertMany(workspace: string, docs: NewDocument<T>[]): Promise<{ inserted: number; duplicates: number[] }>;
  updateOne(workspace: string, filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<UpdateResult>;
  updateMany(workspace: string, filter: Filter, update: Update): Promise<UpdateResult>;
  replaceOne(workspace: string, filter: Filter, doc: NewDocument<T>, options?: { upsert?: boolean }): Promise<UpdateResult>;
  /** Atomically finds, updates and returns one document — the primitive behind leases. */
  findOneAndUpdate(workspace: string, filter: Filter, update: Update, options?: FindOneAndUpdateOptions): Promise<T | null>;
  deleteOne(workspace: string, filter: Filter): Promise<number>;
  deleteMany(workspace: string, filter: Filter): Promise<number>;
}

export interface StoreInfo {
  kind: 'embedded' | 'mongodb';
  /** Adapter-specific detail for /health: data directory, server version, topology. */
  detail: Record<string, unknown>;
}

export interface StoragePort {
  readonly kind: StoreInfo['kind'];
  /** Creates collections and indexes if missing; recovers after a crash. Idempotent. */
  open(collections: CollectionSpec[]): Promise<void>;
  close(): Promise<void>;
  info(): Promise<StoreInfo>;
  collection<T extends StoredDocument = AnyDocument>(name: string): Collection<T>;
  /** Applies all writes or none; resolves once they are durable. */
  commit(workspace: string, ops: WriteOp[]): Promise<CommitResult>;
  /** Resolves once every write acknowledged so far is durable (a no-op where writes are durable on return). */
  flush(): Promise<void>;
  /** Workspaces that hold data in a collection, for jobs that run across all of them (schedulers). */
  listWorkspaces(collection: string): Promise<string[]>;
}

/**
 * Thrown by single-document writes (`updateOne`, `replaceOne`, `findOneAndUpdate` with upsert) that would
 * violate a unique index, as MongoDB's E11000. `commit` and `insertOne` report it as a value instead.
 */
export class DuplicateKeyError extends Error {
  readonly code = 11000;
  constructor(readonly index: string) {
    super(`E11000 duplicate key error: unique index "${index}" already holds this key.`);
  }
}
