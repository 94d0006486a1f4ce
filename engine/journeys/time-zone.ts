import { DateTime, IANAZone } from 'luxon';

/** The zone used when neither the customer nor the journey names a valid one. */
export const defaultTimeZone = 'UTC';

// luxon's isValidZone builds an Intl formatter on every call (a third of a millisecond), and a step
// asks several times; zone names are few, so remember the answers (bounded: names come from data).
const zoneValidity = new Map<string, boolean>();
const zoneValidityLimit = 1000;

/** Whether a string names an IANA time zone luxon knows (`Europe/Berlin`, `UTC`). */
export function isValidTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneValidity.size >= zoneValidityLimit) zoneValidity.clear();
    zoneValidity.set(zone, valid);
  }
  return valid;
}

/**
 * The zone a customer's local times are computed in: `attributes.timezone` when it is a valid IANA
 * zone, else the journey's `settings.timezone`, else UTC. An invalid customer value falls back
 * silently because it is customer data, not the marketer's mistake.
 */
export function resolveTimeZone(attributes: Readonly<Record<string, unknown>> | undefined, fallback: string | undefined): string {
  const own = attributes?.timezone;
  if (isValidTimeZone(own)) return own;
  if (isValidTimeZone(fallback)) return fallback;
  return defaultTimeZone;
}

/** Parses `HH:MM` into hour and minute (the schema has already checked the form). */
export function parseTimeOfDay(time: string): { hour: number; minute: number } {
  const [hour, minute] = time.split(':').map(Number);
  return { hour, minute };
}

/**
 * The instant of a local wall-clock time on a local date. A time that does not exist (inside a
 * spring-forward gap) moves forward by the gap, as luxon does: 02:30 on the night clocks jump from
 * 02:00 to 03:00 becomes 03:30.
 */
export function atLocalTime(date: DateTime, time: { hour: number; minute: number }): DateTime {
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour: time.hour, minute: time.minute, second: 0, millisecond: 0 },
    { zone: date.zone },
  );
}
