import { countedEventName } from '../profile/index';

/**
 * The fields of a stored event (schemas/event.schema.json, owned by ingestion) that journeys read.
 * Any `StoredEvent` is assignable to it, so this area does not depend on everything ingestion stores.
 */
export interface JourneyEvent {
  _id?: string;
  messageId: string;
  type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';
  /** Track: the event name. */
  event?: string;
  /** Page / screen name. */
  name?: string;
  userId?: string | null;
  anonymousId?: string | null;
  customerId?: string;
  /** Event time, ISO-8601 UTC. */
  timestamp: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

/** The event segments emit when a customer joins one (`properties.segment_id`). */
export const segmentEnteredEvent = 'Segment Entered';
/** The event segments emit when a customer leaves one (`properties.segment_id`). */
export const segmentExitedEvent = 'Segment Exited';

/**
 * The name journeys match an event by: a track event's own name; page and screen views under the
 * names the profile counts them by (`Page Viewed`, `Screen Viewed`); identify, group and alias as
 * `$identify`, `$group`, `$alias`.
 *
 * @example nameOfEvent({ type: 'track', event: 'Order Completed', … }) // 'Order Completed'
 */
export function nameOfEvent(event: JourneyEvent): string {
  return countedEventName(event) ?? `$${event.type}`;
}

/** The segment an entered/exited event is about, if it is one. */
export function segmentOfEvent(event: JourneyEvent): string | undefined {
  const id = event.properties?.segment_id;
  return typeof id === 'string' ? id : undefined;
}
