import { type Db, type IndexDescription, MongoServerError } from 'mongodb';
import type { CollectionSpec, IndexSpec } from '../storage-port';

/** MongoDB error codes for an existing index of the same name with another definition. */
const INDEX_CONFLICT_CODES = new Set([85, 86]);
/** NamespaceExists: another process created the collection first. */
const NAMESPACE_EXISTS_CODE = 48;

/** The MongoDB index for a port index: `workspace` first, so every query of one workspace can use it. */
export function toIndexDescription(spec: IndexSpec): IndexDescription {
  const description: IndexDescription = { name: spec.name, key: { workspace: 1, ...spec.key } };
  if (spec.unique) description.unique = true;
  if (spec.partialFilter) description.partialFilterExpression = spec.partialFilter;
  return description;
}

/**
 * Creates missing collections and their declared indexes. Idempotent, and safe when several processes
 * start at once: MongoDB ignores an identical index, and a collection created meanwhile is fine.
 */
export async function setUpCollections(db: Db, specs: CollectionSpec[]): Promise<void> {
  const existing = new Set((await db.listCollections({}, { nameOnly: true }).toArray()).map((info) => info.name));
  for (const spec of specs) {
    if (!existing.has(spec.name)) {
      try {
        await db.createCollection(spec.name);
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === NAMESPACE_EXISTS_CODE)) throw error;
      }
    }
    // Every declared index starts with `workspace`; a collection without any still gets one, so
    // listWorkspaces and its queries never scan other workspaces' documents.
    const indexes = spec.indexes.length > 0 ? spec.indexes.map(toIndexDescription) : [toIndexDescription({ name: 'workspace', key: {} })];
    try {
      await db.collection(spec.name).createIndexes(indexes);
    } catch (error) {
      if (error instanceof MongoServerError && INDEX_CONFLICT_CODES.has(Number(error.code))) {
        throw new Error(
          `Collection "${spec.name}" already has an index with the same name or key but another definition (${error.message}). ` +
            'Rename the index in the collection spec, or drop the old index in MongoDB.',
          { cause: error },
        );
      }
      throw error;
    }
  }
}
