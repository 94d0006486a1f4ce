import type { ProfileEvent } from './profile-event';

/**
 * An event's position in event-time order: its ISO timestamp, a space, its messageId.
 *
 * ISO-8601 UTC timestamps from `toISOString()` are always 24 characters, so comparing two stamps as
 * strings orders them by time first and breaks ties by messageId. That total order is what makes every
 * profile the same whatever order its events arrive in: two identify calls in the same millisecond
 * resolve the same way on every server.
 */
export type EventStamp = string;

const isoUtcPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The canonical 24-character ISO form of an event time. Ingestion already stores this form; other
 * spellings (no milliseconds, an offset) are normalised so string comparisons stay correct.
 *
 * @example toEventTime('2011-01-05T13:40:00Z') // '2011-01-05T13:40:00.000Z'
 */
export function toEventTime(timestamp: string): string {
  if (isoUtcPattern.test(timestamp)) return timestamp;
  const time = Date.parse(timestamp);
  // An unparseable time is a broken invariant: ingestion validates timestamps before storing events.
  if (Number.isNaN(time)) throw new Error(`Event timestamp "${timestamp}" is not an ISO-8601 time; ingestion must normalise it.`);
  return new Date(time).toISOString();
}

/** The stamp of an event: its time, then its messageId. */
export function stampOfEvent(event: ProfileEvent): EventStamp {
  return `${toEventTime(event.timestamp)} ${event.messageId}`;
}

/** The event time part of a stamp. */
export function timeOfStamp(stamp: EventStamp): string {
  return stamp.slice(0, 24);
}
