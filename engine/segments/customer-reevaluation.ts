import type { Customer } from '../../schemas/types';
import type { RuntimeContext } from '../runtime/index';
import { loadLiveSegments } from './live-segments';
import { commitMembershipUpdates } from './membership-commit';
import { planMembershipUpdate, type MembershipUpdate } from './membership-update';
import { segmentCollectionNames } from './segment-collections';

/**
 * Re-evaluates every segment for customers whose facts changed where the segments stage did not see
 * it — a journey action (tags, attributes, points, lifecycle stage) fired by a timer, an entry, or an
 * event's journey step after the segments stage — so their memberships,
 * the Segment Entered / Exited events and the journeys that react to them follow at once instead of
 * waiting for the customer's next event. Needs no lease: each customer's write is guarded by its
 * version, and a customer changed again meanwhile is re-planned (commitMembershipUpdates).
 */
export async function reevaluateChangedCustomers(runtime: RuntimeContext, workspace: string, customerIds: readonly string[]): Promise<MembershipUpdate[]> {
  if (customerIds.length === 0) return [];
  const live = await loadLiveSegments(runtime, workspace);
  if (live.ordered.length === 0) return [];
  const now = runtime.clock.now();
  const plan = (customer: Customer) => planMembershipUpdate(runtime, workspace, customer, live, { changed: 'all' }, { kind: 'recompute' }, now);
  const customers = await runtime.store.collection<Customer>(segmentCollectionNames.customers).find(workspace, { _id: { $in: [...customerIds] } });
  const updates: MembershipUpdate[] = [];
  for (const customer of customers) {
    const update = await plan(customer);
    if (update) updates.push(update);
  }
  return commitMembershipUpdates(runtime, workspace, updates, plan);
}
