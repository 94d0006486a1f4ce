import type { StoragePort, StoredDocument } from '../store/index';

/**
 * The documents of a collection with these `_id`s (missing ones left out): one `$in` query, which
 * both stores answer by `_id` lookups (MongoDB in one round trip).
 */
export async function findDocumentsByIds<T extends StoredDocument>(store: StoragePort, collection: string, workspace: string, ids: readonly string[]): Promise<T[]> {
  if (ids.length === 0) return [];
  return store.collection<T>(collection).find(workspace, { _id: { $in: [...ids] } });
}
