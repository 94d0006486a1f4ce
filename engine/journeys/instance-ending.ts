import { withFields, type WriteOp } from '../store/index';
import { journeyCollectionNames } from './journey-collections';
import { instanceFromPresence, type InstancePresence, type JourneyInstance } from './journey-instance';
import { instanceTimerId } from './timer-record';

/**
 * The writes that end a running instance from outside its journey (the customer re-enters, or is
 * merged into another customer already in the journey): the instance document marked `exited` with
 * the reason, and its timer deleted. A resting instance has at most one timer, its current delay or
 * wait's, whose id is known from the presence: no read needed.
 */
export function endInstanceWrites(presence: InstancePresence, owner: { workspace: string; journeyId: string; customerId: string }, nowIso: string, endReason: string): WriteOp[] {
  const instance = instanceFromPresence(presence, owner);
  const ended: JourneyInstance = withFields(instance, { status: 'exited' as const, endedAt: nowIso, endReason, updatedAt: nowIso, rev: instance.rev + 1, endedRev: instance.rev + 1 });
  const visit = presence.context.v[presence.state];
  const writes: WriteOp[] = [{ collection: journeyCollectionNames.instances, op: 'replace', filter: { _id: instance._id, rev: instance.rev }, doc: ended, mustMatch: true }];
  if (visit !== undefined) writes.push({ collection: journeyCollectionNames.timers, op: 'delete', filter: { _id: instanceTimerId(instance._id, presence.state, visit) } });
  return writes;
}
