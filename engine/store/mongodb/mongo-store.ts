import { type ClientSession, type Db, MongoClient, type TransactionOptions } from 'mongodb';
import type { AnyDocument, Collection, CollectionSpec, CommitConflict, CommitResult, StoragePort, StoreInfo, StoredDocument, WriteOp } from '../storage-port';
import { setUpCollections } from './collection-setup';
import { duplicateKeyIndexOf } from './duplicate-key';
import { MongoCollection, type StoredShape } from './mongo-collection';
import { scopeFilter } from './workspace-scope';

export interface MongoStoreOptions {
  /** A MongoDB connection string (`mongodb://…` or `mongodb+srv://…`). */
  uri: string;
  /** Database name; default: the one in the URI's path, else `wayfarer`. */
  database?: string;
}

export type MongoTopology = 'standalone' | 'replicaSet' | 'sharded';

/** Acknowledged by a majority of the replica set and journaled: an acknowledged write survives failover. */
const durableWrites = { w: 'majority', journal: true } as const;

const transactionOptions: TransactionOptions = {
  readConcern: { level: 'snapshot' },
  writeConcern: durableWrites,
  readPreference: 'primary',
};

/** Thrown inside a transaction callback to abort it when an op conflicts; never escapes `commit`. */
class CommitConflictAbort extends Error {
  constructor(readonly conflict: CommitConflict) {
    super('commit conflict');
  }
}

/** The database named in a connection string's path, if any. */
function databaseInUri(uri: string): string | undefined {
  const path = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]*)/.exec(uri)?.[1];
  return path ? decodeURIComponent(path) : undefined;
}

/**
 * The MongoDB adapter, on the official driver. Collections and their indexes are created on `open`
 * (with `workspace` leading every index key). `commit` runs in a transaction with majority write concern
 * on a replica set or sharded cluster; a standalone server has no transactions, so there the ops are
 * applied one by one, in order (see docs/storage.md for what that means after a crash or a conflict).
 */
export class MongoStore implements StoragePort {
  readonly kind = 'mongodb' as const;
  private readonly client: MongoClient;
  private readonly databaseName: string;
  private db: Db | null = null;
  private topology: MongoTopology = 'standalone';
  private serverVersion = 'unknown';
  private opening: Promise<void> | null = null;

  constructor(options: MongoStoreOptions) {
    this.client = new MongoClient(options.uri, { appName: 'wayfarer', writeConcern: durableWrites, ignoreUndefined: true });
    this.databaseName = options.database ?? databaseInUri(options.uri) ?? 'wayfarer';
  }

  async open(collections: CollectionSpec[]): Promise<void> {
    // A failed connection is not cached: the next open() tries again.
    this.opening ??= this.connect().catch((error: unknown) => {
      this.opening = null;
      throw error;
    });
    await this.opening;
    await setUpCollections(this.db!, collections);
  }

  private async connect(): Promise<void> {
    await this.client.connect();
    const db = this.client.db(this.databaseName);
    const hello = await db.command({ hello: 1 });
    this.topology = hello.msg === 'isdbgrid' ? 'sharded' : hello.setName ? 'replicaSet' : 'standalone';
    const build = await db.command({ buildInfo: 1 });
    this.serverVersion = String(build.version);
    this.db = db;
  }

  /** Whether `commit` is atomic here: MongoDB has multi-document transactions on replica sets and sharded clusters only. */
  get hasTransactions(): boolean {
    return this.topology !== 'standalone';
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  async info(): Promise<StoreInfo> {
    return {
      kind: 'mongodb',
      detail: { database: this.databaseName, serverVersion: this.serverVersion, topology: this.topology, atomicCommits: this.hasTransactions },
    };
  }

  /** Writes are durable when MongoDB acknowledges them (majority, journaled), so there is nothing to wait for. */
  async flush(): Promise<void> {}

  async listWorkspaces(collection: string): Promise<string[]> {
    return (await this.database().collection(collection).distinct('workspace', {})) as string[];
  }

  collection<T extends StoredDocument = AnyDocument>(name: string): Collection<T> {
    return new MongoCollection<T>(this.database().collection<StoredShape>(name));
  }

  async commit(workspace: string, ops: WriteOp[]): Promise<CommitResult> {
    if (!this.hasTransactions) return this.applyInOrder(workspace, ops, undefined);
    const session = this.client.startSession();
    try {
      // withTransaction retries the whole callback on transient errors (write conflicts, failover).
      return await session.withTransaction(async () => {
        const result = await this.applyInOrder(workspace, ops, session);
        if (!result.ok) throw new CommitConflictAbort(result.conflict);
        return result;
      }, transactionOptions);
    } catch (error) {
      if (error instanceof CommitConflictAbort) return { ok: false, conflict: error.conflict };
      throw error;
    } finally {
      await session.endSession();
    }
  }

  /** Applies ops one after another; stops at the first conflict (inside a transaction, which then aborts). */
  private async applyInOrder(workspace: string, ops: WriteOp[], session: ClientSession | undefined): Promise<CommitResult> {
    for (let opIndex = 0; opIndex < ops.length; opIndex++) {
      const conflict = await this.applyOp(workspace, ops[opIndex], session);
      if (conflict) return { ok: false, conflict: { ...conflict, opIndex } };
    }
    return { ok: true };
  }

  private async applyOp(workspace: string, op: WriteOp, session: ClientSession | undefined): Promise<CommitConflict | null> {
    const collection = new MongoCollection(this.database().collection<StoredShape>(op.collection));
    try {
      switch (op.op) {
        case 'insert':
          return await collection.insertScoped(workspace, op.doc, session);
        case 'replace': {
          const result = await collection.replaceScoped(workspace, op.filter, op.doc, op.upsert ?? false, session);
          return op.mustMatch && result.matched === 0 && result.upsertedId === undefined ? { reason: 'no-match', opIndex: -1 } : null;
        }
        case 'update': {
          const result = await collection.updateScoped(workspace, op.filter, op.update, op.upsert ?? false, session);
          return op.mustMatch && result.matched === 0 && result.upsertedId === undefined ? { reason: 'no-match', opIndex: -1 } : null;
        }
        case 'delete': {
          const deleted = (await this.database().collection(op.collection).deleteOne(scopeFilter(workspace, op.filter), { session })).deletedCount;
          return op.mustMatch && deleted === 0 ? { reason: 'no-match', opIndex: -1 } : null;
        }
      }
    } catch (error) {
      const index = duplicateKeyIndexOf(error);
      if (index !== null) return { reason: 'duplicate-key', opIndex: -1, index };
      throw error;
    }
  }

  private database(): Db {
    if (!this.db) throw new Error('The MongoDB store is not open; call store.open(collections) first.');
    return this.db;
  }
}
