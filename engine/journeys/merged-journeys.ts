import type { Customer } from '../../schemas/types';
import type { StoragePort, StoredDocument, WriteOp } from '../store/index';
import { combineSendLogs } from './frequency-cap';
import { endInstanceWrites } from './instance-ending';
import { journeyCollectionNames } from './journey-collections';
import { readPresence, withPresence, type InstancePresence } from './journey-instance';
import { instanceTimerId } from './timer-record';

/** Why an instance ended when its customer was merged into one already running the same journey. */
export const mergedEndReason = 'merged';

/**
 * The journeys of customers merged into `customer` (an anonymous visitor who identifies, an alias),
 * taken over so that a journey started before sign-in goes on after it:
 *
 * - a journey only an absorbed customer is in: its presence moves to `customer`, and its instance
 *   document and pending timer are re-pointed to it — a delay or wait carries on where it was;
 * - a journey both are in: a running instance of `customer` carries on, and a running one of the
 *   absorbed customer is ended (`endReason: 'merged'`, its timer deleted); when only the absorbed
 *   customer's instance is running, it takes the place of `customer`'s finished one; when neither is
 *   running, the one entered last is the presence (see keepsOwnPresence) and both stay as they ended;
 * - every other instance document and every message of the absorbed customer is re-pointed, so
 *   reports, the customer's history and `GET /api/messages?userId=` see one customer;
 * - the send log that frequency caps count is combined.
 *
 * Returns the draft and the writes for the merging event's commit; reads only the absorbed
 * customers' instance and message ids.
 */
export async function adoptMergedJourneys(store: StoragePort, workspace: string, customer: Customer, merged: readonly Customer[], now: number): Promise<{ customer: Customer; writes: WriteOp[] }> {
  const nowIso = new Date(now).toISOString();
  let draft = customer;
  const writes: WriteOp[] = [];
  for (const absorbed of merged) {
    // Never the case in ingestion; taking a customer's journeys "over" from itself would end its own runs.
    if (absorbed._id === draft._id) continue;
    const handled = new Set<string>();
    for (const journeyId of Object.keys(absorbed.journeys)) {
      const theirs = readPresence(absorbed, journeyId);
      if (!theirs) continue;
      const ours = readPresence(draft, journeyId);
      // The same instance: taken over by a merge applied before (a partial commit); nothing to end.
      if (ours?.instanceId === theirs.instanceId) continue;
      if (ours !== undefined && keepsOwnPresence(ours, theirs)) {
        if (theirs.status === 'active') {
          writes.push(...endInstanceWrites(theirs, { workspace, journeyId, customerId: draft._id }, nowIso, mergedEndReason));
          handled.add(theirs.instanceId);
        }
        continue;
      }
      // Its instance document is re-pointed below with the absorbed customer's others (one this same
      // request started, not stored yet, by the ingestion pipeline with its insert).
      draft = withPresence(draft, journeyId, theirs);
      const visit = theirs.status === 'active' ? theirs.context.v[theirs.state] : undefined;
      if (visit !== undefined) {
        writes.push({ collection: journeyCollectionNames.timers, op: 'update', filter: { _id: instanceTimerId(theirs.instanceId, theirs.state, visit) }, update: { $set: { customerId: draft._id } } });
      }
    }
    const instances = await store.collection(journeyCollectionNames.instances).find(workspace, { customerId: absorbed._id }, { projection: { _id: 1 } });
    for (const { _id } of instances) {
      if (!handled.has(_id)) writes.push(repoint(journeyCollectionNames.instances, _id, absorbed._id, { customerId: draft._id }));
    }
    const messages = await store.collection<StoredDocument>(journeyCollectionNames.messages).find(workspace, { customerId: absorbed._id }, { projection: { _id: 1 } });
    for (const { _id } of messages) writes.push(repoint(journeyCollectionNames.messages, _id, absorbed._id, { customerId: draft._id, userId: draft.userId }));
    draft = combineSendLogs(draft, absorbed);
  }
  return { customer: draft, writes };
}

/**
 * Whether the remaining customer's presence in a journey stays when an absorbed customer was in it too.
 * A running instance wins over a finished one, and of two running ones the remaining customer's carries
 * on. Of two finished ones, the one entered last stays, as if one customer had made both runs: it is the
 * customer's latest instance, whose end a re-entry cool-down counts from and whose goal window a later
 * conversion falls in (goals count after the end). A tie keeps the remaining customer's.
 */
function keepsOwnPresence(ours: InstancePresence, theirs: InstancePresence): boolean {
  if (ours.status === 'active' || theirs.status === 'active') return ours.status === 'active';
  return Date.parse(ours.enteredAt) >= Date.parse(theirs.enteredAt);
}

/** Moves one document of the absorbed customer to the one who remains (a no-op if it moved already). */
function repoint(collection: string, _id: string, from: string, to: { customerId: string; userId?: string | null }): WriteOp {
  return { collection, op: 'update', filter: { _id, customerId: from }, update: { $set: to } };
}
