import type { Customer } from '../../schemas/types';
import type { RuntimeContext } from '../runtime/index';
import type { WriteOp } from '../store/index';
import type { MembershipUpdate } from './membership-update';
import { segmentCollectionNames } from './segment-collections';

/** How often one customer's update is planned afresh after a conflicting commit before it is left to the next run. */
const maxAttempts = 3;

/** Re-plans one customer's update on a fresh read (null: nothing to write any more). */
export type ReplanUpdate = (customer: Customer) => Promise<MembershipUpdate | null>;

/**
 * Commits many customers' membership updates: all in one atomic commit when nothing conflicts (the
 * common case, and far fewer commits for a large recompute); otherwise one by one, each re-read and
 * re-planned after a conflict (ingestion changed the customer meanwhile — it evaluated the segments
 * itself, so the fresh plan usually has nothing left to do). Returns the updates that were committed.
 */
export async function commitMembershipUpdates(runtime: RuntimeContext, workspace: string, updates: readonly MembershipUpdate[], replan: ReplanUpdate): Promise<MembershipUpdate[]> {
  if (updates.length === 0) return [];
  const all: WriteOp[] = updates.flatMap((update) => update.writes);
  if ((await runtime.store.commit(workspace, all)).ok) return [...updates];
  const committed: MembershipUpdate[] = [];
  const customers = runtime.store.collection<Customer>(segmentCollectionNames.customers);
  for (const first of updates) {
    let update: MembershipUpdate | null = first;
    for (let attempt = 1; update && attempt <= maxAttempts; attempt++) {
      if ((await runtime.store.commit(workspace, update.writes)).ok) {
        committed.push(update);
        break;
      }
      const fresh = await customers.findOne(workspace, { _id: update.customerId });
      update = fresh ? await replan(fresh) : null;
    }
  }
  return committed;
}
