import { type ClientSession, type Collection as DriverCollection, type Document, MongoBulkWriteError, type UpdateFilter } from 'mongodb';
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
} from '../storage-port';
import { DuplicateKeyError } from '../storage-port';
import { DUPLICATE_KEY_CODE, duplicateKeyIndexOf } from './duplicate-key';
import { scopeDocument, scopeFilter, scopePipeline, scopeReplacement, scopeUpdate } from './workspace-scope';

type Session = ClientSession | undefined;

/** Documents as the driver sees them here: string `_id`s (the driver's default type assumes ObjectId). */
export type StoredShape = Document & { _id: string };

function toDriverUpdate(update: Update): UpdateFilter<StoredShape> {
  return update as UpdateFilter<StoredShape>;
}

/** Runs a single-document write, turning E11000 into the port's `DuplicateKeyError`. */
async function throwingDuplicates<R>(write: () => Promise<R>): Promise<R> {
  try {
    return await write();
  } catch (error) {
    const index = duplicateKeyIndexOf(error);
    if (index !== null) throw new DuplicateKeyError(index);
    throw error;
  }
}

/**
 * One MongoDB collection as the port's `Collection`: every filter scoped to the workspace, every written
 * document stamped with it (see workspace-scope.ts). The write methods take an optional session so
 * `MongoStore.commit` can run the same code inside a transaction.
 */
export class MongoCollection<T extends StoredDocument> implements Collection<T> {
  readonly name: string;

  constructor(private readonly collection: DriverCollection<StoredShape>) {
    this.name = collection.collectionName;
  }

  async findOne(workspace: string, filter: Filter, options: Omit<FindOptions, 'limit'> = {}): Promise<T | null> {
    return (await this.collection.findOne(scopeFilter(workspace, filter), options)) as unknown as T | null;
  }

  async find(workspace: string, filter: Filter, options: FindOptions = {}): Promise<T[]> {
    return (await this.collection.find(scopeFilter(workspace, filter), options).toArray()) as unknown as T[];
  }

  async *iterate(workspace: string, filter: Filter, options: FindOptions = {}): AsyncIterable<T> {
    for await (const doc of this.collection.find(scopeFilter(workspace, filter), options)) yield doc as unknown as T;
  }

  async count(workspace: string, filter: Filter): Promise<number> {
    return this.collection.countDocuments(scopeFilter(workspace, filter));
  }

  async distinct(workspace: string, field: string, filter: Filter): Promise<unknown[]> {
    return this.collection.distinct(field, scopeFilter(workspace, filter));
  }

  async aggregate<R = Record<string, unknown>>(workspace: string, pipeline: Record<string, unknown>[]): Promise<R[]> {
    return (await this.collection.aggregate(scopePipeline(workspace, pipeline)).toArray()) as R[];
  }

  async insertOne(workspace: string, doc: NewDocument<T>): Promise<CommitResult> {
    const conflict = await this.insertScoped(workspace, doc, undefined);
    return conflict ? { ok: false, conflict: { ...conflict, opIndex: 0 } } : { ok: true };
  }

  async insertMany(workspace: string, docs: NewDocument<T>[]): Promise<{ inserted: number; duplicates: number[] }> {
    if (docs.length === 0) return { inserted: 0, duplicates: [] };
    try {
      const result = await this.collection.insertMany(
        docs.map((doc) => scopeDocument(workspace, doc)),
        { ordered: false },
      );
      return { inserted: result.insertedCount, duplicates: [] };
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      const other = writeErrors.find((writeError) => writeError.code !== DUPLICATE_KEY_CODE);
      if (other || error.writeConcernError) throw error;
      return { inserted: error.insertedCount, duplicates: writeErrors.map((writeError) => writeError.index).sort((a, b) => a - b) };
    }
  }

  async updateOne(workspace: string, filter: Filter, update: Update, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return throwingDuplicates(() => this.updateScoped(workspace, filter, update, options.upsert ?? false, undefined));
  }

  async updateMany(workspace: string, filter: Filter, update: Update): Promise<UpdateResult> {
    return throwingDuplicates(async () => {
      const result = await this.collection.updateMany(scopeFilter(workspace, filter), toDriverUpdate(scopeUpdate(workspace, update, null)));
      return { matched: result.matchedCount, modified: result.modifiedCount };
    });
  }

  async replaceOne(workspace: string, filter: Filter, doc: NewDocument<T>, options: { upsert?: boolean } = {}): Promise<UpdateResult> {
    return throwingDuplicates(() => this.replaceScoped(workspace, filter, doc, options.upsert ?? false, undefined));
  }

  async findOneAndUpdate(workspace: string, filter: Filter, update: Update, options: FindOneAndUpdateOptions = {}): Promise<T | null> {
    return throwingDuplicates(async () => {
      const upsert = options.upsert ?? false;
      const result = await this.collection.findOneAndUpdate(scopeFilter(workspace, filter), toDriverUpdate(scopeUpdate(workspace, update, upsert ? { filter } : null)), {
        sort: options.sort,
        upsert,
        returnDocument: options.returnDocument ?? 'after',
      });
      return result as unknown as T | null;
    });
  }

  async deleteOne(workspace: string, filter: Filter): Promise<number> {
    return (await this.collection.deleteOne(scopeFilter(workspace, filter))).deletedCount;
  }

  async deleteMany(workspace: string, filter: Filter): Promise<number> {
    return (await this.collection.deleteMany(scopeFilter(workspace, filter))).deletedCount;
  }

  /** Inserts one document; a unique-index violation is returned, not thrown. */
  async insertScoped(workspace: string, doc: OpDocument, session: Session): Promise<CommitConflict | null> {
    try {
      await this.collection.insertOne(scopeDocument(workspace, doc), { session });
      return null;
    } catch (error) {
      const index = duplicateKeyIndexOf(error);
      if (index === null) throw error;
      return { reason: 'duplicate-key', opIndex: -1, index };
    }
  }

  async updateScoped(workspace: string, filter: Filter, update: Update, upsert: boolean, session: Session): Promise<UpdateResult> {
    const result = await this.collection.updateOne(scopeFilter(workspace, filter), toDriverUpdate(scopeUpdate(workspace, update, upsert ? { filter } : null)), { upsert, session });
    const upsertedId = result.upsertedId === null || result.upsertedId === undefined ? undefined : String(result.upsertedId);
    return upsertedId === undefined ? { matched: result.matchedCount, modified: result.modifiedCount } : { matched: 0, modified: 0, upsertedId };
  }

  /**
   * Replaces the first match, keeping its `_id`. An upsert that matches nothing inserts with the
   * document's `_id` or a new string one: MongoDB's own upsert would mint an ObjectId, or refuse an `_id`
   * differing from a matched document's. If another writer inserts the match in between, the replace is
   * tried once more.
   */
  async replaceScoped(workspace: string, filter: Filter, doc: OpDocument, upsert: boolean, session: Session): Promise<UpdateResult> {
    const replacement = scopeReplacement(workspace, doc);
    for (let attempt = 0; ; attempt++) {
      const result = await this.collection.replaceOne(scopeFilter(workspace, filter), replacement, { session });
      if (result.matchedCount > 0 || !upsert) return { matched: result.matchedCount, modified: result.modifiedCount };
      const id = typeof doc._id === 'string' ? doc._id : newDocumentId();
      try {
        await this.collection.insertOne({ ...replacement, _id: id }, { session });
        return { matched: 0, modified: 0, upsertedId: id };
      } catch (error) {
        // Inside a transaction the failed insert aborted it; outside, a concurrent upsert may have won.
        if (session || attempt > 0 || duplicateKeyIndexOf(error) === null) throw error;
      }
    }
  }
}
