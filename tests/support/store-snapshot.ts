import { allCollections } from '../../engine/runtime/index';
import type { StoragePort } from '../../engine/store/storage-port';

/**
 * Every document of every collection in every workspace, as one canonical JSON string (documents
 * sorted by `_id`): two equal snapshots mean the store holds exactly the same bytes of data.
 */
export async function snapshotStore(store: StoragePort): Promise<string> {
  const snapshot: Record<string, Record<string, unknown[]>> = {};
  for (const { name } of allCollections) {
    const byWorkspace: Record<string, unknown[]> = {};
    for (const workspace of (await store.listWorkspaces(name)).sort()) {
      const docs = await store.collection(name).find(workspace, {});
      byWorkspace[workspace] = [...docs].sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
    }
    snapshot[name] = byWorkspace;
  }
  return JSON.stringify(snapshot);
}
