import type { Customer, StoredEvent } from '../../schemas/types';
import { segmentEnteredEvent, segmentExitedEvent } from '../journeys/index';

/** Why membership changed: an ingested event, the clock, a batch recompute, or the segment being archived. */
export type MembershipCause = { kind: 'event'; messageId: string } | { kind: 'clock' } | { kind: 'recompute' } | { kind: 'archive' };

/** One customer entering or leaving one segment. */
export interface MembershipChange {
  segment: { id: string; name: string; version: number };
  entered: boolean;
}

/**
 * The deterministic messageId of a membership event, so a retried request or a second process
 * recording the same change collides on the events' unique messageId instead of recording it twice:
 * after an ingested event, derived from that event's messageId; otherwise from the customer's
 * `version` it was computed on (every write bumps it, so each change gets its own id).
 */
export function membershipMessageId(change: MembershipChange, customer: Pick<Customer, '_id' | 'version'>, cause: MembershipCause): string {
  const kind = change.entered ? 'entered' : 'exited';
  if (cause.kind === 'event') return `${cause.messageId}/segment-${kind}/${change.segment.id}`;
  return `wf-segment/${change.segment.id}/${kind}/${customer._id}/${customer.version}`;
}

/**
 * The `Segment Entered` / `Segment Exited` track event of a change, as stored in `events` (the
 * journeys stage starts journeys on it): `properties.segment_id`, `segment_name`, `segment_version`,
 * and `context.wayfarer.cause` saying what moved the customer.
 */
export function createMembershipEvent(workspace: string, customer: Customer, change: MembershipChange, cause: MembershipCause, now: string): StoredEvent {
  const messageId = membershipMessageId(change, customer, cause);
  return {
    _id: `${workspace}/${messageId}`,
    workspace,
    messageId,
    type: 'track',
    event: change.entered ? segmentEnteredEvent : segmentExitedEvent,
    userId: customer.userId,
    anonymousId: customer.anonymousIds[0] ?? null,
    customerId: customer._id,
    timestamp: now,
    receivedAt: now,
    properties: { segment_id: change.segment.id, segment_name: change.segment.name, segment_version: change.segment.version },
    context: { wayfarer: { cause: cause.kind, ...(cause.kind === 'event' ? { causeMessageId: cause.messageId } : {}) } },
  };
}

/** The customer with the changes applied: `segments` (sorted) and `segmentsEnteredAt`. Pure. */
export function applyMembershipChanges(customer: Customer, changes: readonly MembershipChange[], now: string): Customer {
  if (changes.length === 0) return customer;
  const segments = new Set(customer.segments);
  const enteredAt: Record<string, string> = { ...customer.segmentsEnteredAt };
  for (const change of changes) {
    if (change.entered) {
      segments.add(change.segment.id);
      enteredAt[change.segment.id] = now;
    } else {
      segments.delete(change.segment.id);
      delete enteredAt[change.segment.id];
    }
  }
  return { ...customer, segments: [...segments].sort(), segmentsEnteredAt: enteredAt };
}
