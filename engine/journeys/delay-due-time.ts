import { DateTime, Duration } from 'luxon';
import type { DateAttributeDelay, DelayParams, TimeOfDayDelay } from '../../schemas/types';
import { memoizedZone } from './memoized-zone';
import { atLocalTime, parseTimeOfDay } from './time-zone';

/** When a delay elapses, or that it cannot be computed because the date attribute it needs is missing. */
export type DelayDueTime = { kind: 'due'; at: number } | { kind: 'missing'; attribute: string };

export interface DelayClock {
  /** The moment the customer entered the delay, ms since the epoch. */
  now: number;
  /** The customer's IANA zone (see resolveTimeZone). */
  zone: string;
  /** The customer's attributes, for date-attribute delays. */
  attributes: Readonly<Record<string, unknown>>;
}

const weekdayNumbers: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

/**
 * When a delay state entered at `clock.now` elapses. Durations are added in the customer's zone, so
 * `P1D` keeps the wall-clock time across a DST change; the other modes find the first matching local
 * time at or after now. Results at or before `now` mean "elapsed already" (the runtime continues at
 * once).
 *
 * @example computeDelayDueTime({ mode: 'until-time', time: '09:00', weekdays: ['mon'] }, { now, zone: 'Europe/Paris', attributes: {} })
 */
export function computeDelayDueTime(params: DelayParams, clock: DelayClock): DelayDueTime {
  switch (params.mode) {
    case 'duration':
      return { kind: 'due', at: addDuration(clock.now, params.duration, clock.zone) };
    case 'until-time':
      return { kind: 'due', at: nextLocalTime(params, clock) };
    case 'until-date':
      return dateAttributeDueTime(params, clock);
  }
}

/** Parsed durations (a journey uses a handful; bounded because durations also come from stored documents). */
const parsedDurations = new Map<string, { duration: Duration; fixedMs: number | null }>();

/** A parsed ISO-8601 duration, and its length in ms when it has no calendar units (days and up vary with DST). */
function parseDuration(text: string): { duration: Duration; fixedMs: number | null } {
  let parsed = parsedDurations.get(text);
  if (!parsed) {
    const duration = Duration.fromISO(text);
    const calendar = ['years', 'quarters', 'months', 'weeks', 'days'].some((unit) => (duration.get(unit as 'days') ?? 0) !== 0);
    parsed = { duration, fixedMs: calendar ? null : duration.toMillis() };
    if (parsedDurations.size >= 1000) parsedDurations.clear();
    parsedDurations.set(text, parsed);
  }
  return parsed;
}

/** `now` plus an ISO-8601 duration, calendar units counted in `zone`. */
export function addDuration(now: number, duration: string, zone: string): number {
  const parsed = parseDuration(duration);
  if (parsed.fixedMs !== null) return now + parsed.fixedMs;
  return DateTime.fromMillis(now, { zone: memoizedZone(zone) }).plus(parsed.duration).toMillis();
}

/** `now` minus an ISO-8601 duration, calendar units counted in `zone`. */
export function subtractDuration(now: number, duration: string, zone: string): number {
  const parsed = parseDuration(duration);
  if (parsed.fixedMs !== null) return now - parsed.fixedMs;
  return DateTime.fromMillis(now, { zone: memoizedZone(zone) }).minus(parsed.duration).toMillis();
}

function nextLocalTime(params: TimeOfDayDelay, clock: DelayClock): number {
  const time = parseTimeOfDay(params.time ?? '00:00');
  const allowed = new Set((params.weekdays ?? Object.keys(weekdayNumbers)).map((day) => weekdayNumbers[day]));
  const today = DateTime.fromMillis(clock.now, { zone: memoizedZone(clock.zone) }).startOf('day');
  // Eight days always contain the next allowed weekday, including today's time having passed.
  for (let offset = 0; offset <= 8; offset++) {
    const day = today.plus({ days: offset });
    if (!allowed.has(day.weekday)) continue;
    const candidate = atLocalTime(day, time).toMillis();
    // Strictly after now: a loop back into this delay at the very moment it ended (a timer fired on
    // its due millisecond) waits for the next occurrence instead of ending again at once, forever.
    if (candidate > clock.now) return candidate;
  }
  throw new Error(`No weekday in ${JSON.stringify(params.weekdays)} within eight days: the schema should have refused this delay.`);
}

/** Reads a dotted path under attributes. */
function readAttribute(attributes: Readonly<Record<string, unknown>>, path: string): unknown {
  let current: unknown = attributes;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * A local calendar date from an attribute: `YYYY-MM-DD` as written, or an ISO timestamp as its date in
 * the customer's zone. Anything else is missing.
 */
export function readLocalDate(value: unknown, zone: string): { year: number; month: number; day: number } | null {
  if (typeof value !== 'string' || value.length < 10) return null;
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? DateTime.fromISO(value, { zone }) : DateTime.fromISO(value, { setZone: true }).setZone(zone);
  if (!parsed.isValid) return null;
  return { year: parsed.year, month: parsed.month, day: parsed.day };
}

/**
 * The anniversary of a month/day in a given year. February 29 falls on February 28 in years without
 * one, so a leap-day birthday is celebrated every year, on the last day of February.
 */
export function anniversaryIn(year: number, month: number, day: number): { year: number; month: number; day: number } {
  if (month === 2 && day === 29 && !DateTime.fromObject({ year }).isInLeapYear) return { year, month: 2, day: 28 };
  return { year, month, day };
}

function dateAttributeDueTime(params: DateAttributeDelay, clock: DelayClock): DelayDueTime {
  const date = readLocalDate(readAttribute(clock.attributes, params.attribute), clock.zone);
  if (!date) return { kind: 'missing', attribute: params.attribute };
  const time = parseTimeOfDay(params.time ?? '00:00');
  const offsetDays = params.offsetDays ?? 0;
  const momentOf = (local: { year: number; month: number; day: number }): number =>
    atLocalTime(DateTime.fromObject(local, { zone: memoizedZone(clock.zone) }).plus({ days: offsetDays }), time).toMillis();

  if (params.recurrence === 'once') return { kind: 'due', at: momentOf(date) };
  const thisYear = DateTime.fromMillis(clock.now, { zone: memoizedZone(clock.zone) }).year;
  // Offsets reach a year either way, so last year's anniversary plus an offset may still lie ahead.
  for (let year = thisYear - 1; year <= thisYear + 2; year++) {
    const at = momentOf(anniversaryIn(year, date.month, date.day));
    // Strictly after now, as nextLocalTime: a yearly loop re-entering on the day waits a year.
    if (at > clock.now) return { kind: 'due', at };
  }
  throw new Error('No anniversary within three years: unreachable for offsets within ±366 days.');
}
