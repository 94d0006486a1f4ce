import { IANAZone } from 'luxon';

// luxon's isValidZone builds an Intl formatter on every call (a third of a millisecond), and a journey
// step asks several times, ingestion once per event with a device zone; zone names are few, so remember
// the answers (bounded: names come from data).
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
