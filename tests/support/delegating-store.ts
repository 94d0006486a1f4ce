import type { StoragePort } from '../../engine/store/index';

/**
 * A second "process" on the same data: a distinct StoragePort object over the same store, so every
 * per-store cache (compiled segments, journeys) starts empty and must be invalidated through the
 * store, as with two processes on one MongoDB. Closing it leaves the shared store open.
 */
export function createDelegatingStore(store: StoragePort): StoragePort {
  return {
    kind: store.kind,
    open: (collections) => store.open(collections),
    close: async () => undefined,
    info: () => store.info(),
    collection: (name) => store.collection(name),
    commit: (workspace, ops) => store.commit(workspace, ops),
    flush: () => store.flush(),
    listWorkspaces: (collection) => store.listWorkspaces(collection),
  };
}
