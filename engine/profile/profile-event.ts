import { isValidTimeZone } from '../time/index';

/**
 * The fields of a stored event that the profile reads. The stored event (schemas/event.schema.json,
 * owned by ingestion) has more; any `StoredEvent` is assignable to this shape, so the profile functions
 * accept stored events without depending on everything ingestion stores.
 */
export interface ProfileEvent {
  type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';
  /** Unique per workspace; breaks ties between events with the same timestamp. */
  messageId: string;
  /** Track: the event name. */
  event?: string;
  /** Page / screen: the page or screen name. */
  name?: string;
  userId?: string | null;
  anonymousId?: string | null;
  /** Event time, ISO-8601 UTC, already corrected for client clock skew. */
  timestamp: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context?: Record<string, unknown>;
}

/** The name under which an event is counted in `traits.event_counts`, or null when it is not counted. */
export function countedEventName(event: ProfileEvent): string | null {
  switch (event.type) {
    case 'track':
      return typeof event.event === 'string' && event.event !== '' ? event.event : null;
    case 'page':
      return 'Page Viewed';
    case 'screen':
      return 'Screen Viewed';
    default:
      // identify, group and alias say who someone is, not what they did.
      return null;
  }
}

/**
 * A store filter for the events that `countedEventName` calls one of `names`: track events by their
 * name, page and screen views by their type.
 */
export function eventsNamedFilter(names: readonly string[]): Record<string, unknown> {
  const named = { type: 'track', event: { $in: [...new Set(names)] } };
  const types = [...(names.includes('Page Viewed') ? ['page'] : []), ...(names.includes('Screen Viewed') ? ['screen'] : [])];
  return types.length === 0 ? named : { $or: [named, { type: { $in: types } }] };
}

/**
 * The attributes an event sets: `context.traits` (any event type — Segment libraries use it to carry the
 * user's traits on track and page calls), overlaid by `traits` of an identify. Group traits describe the
 * group, not the person, and are not attributes. Null when the event sets none.
 */
export function attributesOfEvent(event: ProfileEvent): Record<string, unknown> | null {
  const contextTraits = isPlainRecord(event.context) ? event.context.traits : undefined;
  const identifyTraits = event.type === 'identify' ? event.traits : undefined;
  const fromContext = isPlainRecord(contextTraits) ? contextTraits : null;
  const fromIdentify = isPlainRecord(identifyTraits) ? identifyTraits : null;
  if (fromContext && fromIdentify) return overlayRecords(fromContext, fromIdentify, 0);
  return fromIdentify ?? fromContext;
}

/**
 * The device's IANA time zone an event carries in `context.timezone` (Segment's libraries send it on
 * every call), or null when it has none or names no zone luxon knows: a bad value from a device must
 * not replace a good one.
 */
export function deviceTimeZoneOf(event: ProfileEvent): string | null {
  const zone = isPlainRecord(event.context) ? event.context.timezone : undefined;
  return isValidTimeZone(zone) ? zone : null;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `base` with `top` laid over it, objects merged key by key, `top` winning on every leaf. */
function overlayRecords(base: Record<string, unknown>, top: Record<string, unknown>, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(base)) if (key !== '__proto__') result[key] = base[key];
  for (const key of Object.keys(top)) {
    if (key === '__proto__') continue;
    const below = Object.hasOwn(result, key) ? result[key] : undefined;
    const value = top[key];
    // Past the attribute depth bound the deeper object is one value anyway, so `top` simply wins.
    result[key] = isPlainRecord(below) && isPlainRecord(value) && depth < 16 ? overlayRecords(below, value, depth + 1) : value;
  }
  return result;
}
