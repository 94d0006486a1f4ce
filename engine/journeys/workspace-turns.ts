import type { StoragePort } from '../store/index';

/**
 * Fairness between workspaces for the delivery claims (messages and timers): workspaces take turns,
 * so one tenant's backlog never holds up another tenant's due work.
 *
 * Why turns and not "earliest due first across workspaces": picking the globally earliest needs a
 * look at every workspace's head before every claim, and it still lets a big campaign that was due
 * earlier hold up another tenant's password reset until the campaign has drained — the noisy
 * neighbour is only moved, not isolated. Turns cost one indexed lookup of the earliest due record per
 * workspace visited (what a poll that found nothing already cost), never walk a backlog, and need no
 * query across workspaces, which the storage port does not have: they work the same on both adapters.
 * Within a workspace the claim is unchanged: earliest due first.
 *
 * How: each visit gives a workspace an equal share of what is left of the claim's limit (at least one)
 * among the workspaces not yet found drained; a workspace that yields less than its share has nothing
 * more due and is skipped for the rest of the claim, so the share it left goes to the others. Visits
 * follow the workspaces in name order from where the last claim on this store stopped, so successive
 * claims (and a worker's concurrent ones) rotate the workspace served first, and with more workspaces
 * than a claim's limit the next claim goes on from the first workspace not yet served.
 */

/** Where the turns among one collection's workspaces stand: the workspace visited last. */
class WorkspaceRotation {
  private last: string | null = null;

  /**
   * The first workspace after the one visited last (in `sorted` order, wrapping round) that `skip` does
   * not rule out, now counted as visited; null when `skip` rules out every one.
   */
  next(sorted: readonly string[], skip: (workspace: string) => boolean): string | null {
    // Held by name, not position: workspaces that appear or empty between claims do not shift the turn.
    const start = this.last === null ? 0 : firstAfter(sorted, this.last);
    for (let i = 0; i < sorted.length; i++) {
      const workspace = sorted[(start + i) % sorted.length];
      if (skip(workspace)) continue;
      this.last = workspace;
      return workspace;
    }
    return null;
  }
}

/** The index of the first name in `sorted` greater than `name` (`sorted.length` when none is). */
function firstAfter(sorted: readonly string[], name: string): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] <= name) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Kept per store and collection in this process, so every claim on a store (a worker's concurrent
 * ones, several workers in one process) shares the turn. Each process keeps its own: workers in other
 * processes start elsewhere, which only spreads them further.
 */
const rotationsByStore = new WeakMap<StoragePort, Map<string, WorkspaceRotation>>();

function rotationOf(store: StoragePort, collection: string): WorkspaceRotation {
  let rotations = rotationsByStore.get(store);
  if (!rotations) rotationsByStore.set(store, (rotations = new Map()));
  let rotation = rotations.get(collection);
  if (!rotation) rotations.set(collection, (rotation = new WorkspaceRotation()));
  return rotation;
}

/**
 * Claims up to `limit` records of `collection` across its workspaces, taking turns (see above).
 * `claimFrom(workspace, most)` claims up to `most` of that workspace's due records, earliest due first,
 * and returns them; returning fewer than `most` says it has no more due now.
 */
export async function claimInTurns<T>(
  store: StoragePort,
  collection: string,
  limit: number,
  claimFrom: (workspace: string, most: number) => Promise<T[]>,
): Promise<T[]> {
  // Sorted here, not by the adapter: MongoDB's `distinct` sorts, the embedded store lists in creation order.
  const workspaces = (await store.listWorkspaces(collection)).sort();
  const rotation = rotationOf(store, collection);
  const drained = new Set<string>();
  const claimed: T[] = [];
  while (claimed.length < limit) {
    const workspace = rotation.next(workspaces, (name) => drained.has(name));
    if (workspace === null) break;
    const share = Math.max(1, Math.floor((limit - claimed.length) / (workspaces.length - drained.size)));
    const taken = await claimFrom(workspace, share);
    claimed.push(...taken);
    if (taken.length < share) drained.add(workspace);
  }
  return claimed;
}
