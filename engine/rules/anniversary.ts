/**
 * anniversaryWithinDays: the next anniversary of a calendar date (a birthday `YYYY-MM-DD`, or a
 * timestamp whose first ten characters are its date) falls within the next N days, today included.
 *
 * Days are UTC calendar days. A Feb 29 date has its anniversary on Feb 28 in common years. The test
 * depends only on the value's month and day, so the set of matching `MM-DD` for a given day is
 * computed once and serves the predicate (a Set) and the MongoDB filter (an anchored regex) alike.
 */
import { dayMilliseconds, hasDatePrefix } from './relative-time';

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** The UTC day number (days since the epoch) of an instant. */
export function toDayNumber(time: number): number {
  return Math.floor(time / dayMilliseconds);
}

/** The month-days (`MM-DD`) whose anniversary falls in the `days`+1 days starting on `dayNumber`. */
export function listAnniversaryMonthDays(dayNumber: number, days: number): Set<string> {
  const monthDays = new Set<string>();
  const span = Math.min(Math.max(Math.floor(days), 0), 366);
  for (let offset = 0; offset <= span; offset++) {
    const date = new Date((dayNumber + offset) * dayMilliseconds);
    const month = date.getUTCMonth() + 1;
    const day = date.getUTCDate();
    monthDays.add(`${pad(month)}-${pad(day)}`);
    // A Feb 29 date is celebrated on Feb 28 when the year has no Feb 29.
    if (month === 2 && day === 28 && !isLeapYear(date.getUTCFullYear())) monthDays.add('02-29');
  }
  return monthDays;
}

/** The month-day (`MM-DD`) of a date-valued fact, or `undefined` when the value is not a date. */
export function toMonthDay(value: unknown): string | undefined {
  return hasDatePrefix(value) ? value.slice(5, 10) : undefined;
}

/** month * 100 + day of a date-valued fact (read from its characters), or -1. */
function toMonthDayNumber(value: unknown): number {
  if (!hasDatePrefix(value)) return -1;
  // Arithmetic on character codes (48 is "0"): this runs on every evaluation.
  return (value.charCodeAt(5) - 48) * 1000 + (value.charCodeAt(6) - 48) * 100 + (value.charCodeAt(8) - 48) * 10 + (value.charCodeAt(9) - 48);
}

export function isAnniversaryWithinDays(value: unknown, days: number, now: number): boolean {
  const monthDay = toMonthDay(value);
  return monthDay !== undefined && listAnniversaryMonthDays(toDayNumber(now), days).has(monthDay);
}

/**
 * A test that caches the month-day set per UTC day, for compiled predicates evaluated many times
 * with the same "now".
 */
export function createAnniversaryTest(days: number): (value: unknown, now: number) => boolean {
  let cachedDay = Number.NaN;
  // Indexed by month * 100 + day: the month-day Set as a lookup table.
  let cached = new Uint8Array(1300);
  return (value, now) => {
    const monthDay = toMonthDayNumber(value);
    if (monthDay < 0) return false;
    const day = Math.floor(now / dayMilliseconds);
    if (day !== cachedDay) {
      cached = new Uint8Array(1300);
      for (const text of listAnniversaryMonthDays(day, days)) cached[Number(text.slice(0, 2)) * 100 + Number(text.slice(3))] = 1;
      cachedDay = day;
    }
    return cached[monthDay] === 1;
  };
}

/** Regex source (JavaScript and PCRE alike) matching dates whose anniversary falls in the window. */
export function anniversaryRegexSource(dayNumber: number, days: number): string {
  const byMonth = new Map<string, string[]>();
  for (const monthDay of [...listAnniversaryMonthDays(dayNumber, days)].sort()) {
    const [month, day] = monthDay.split('-');
    byMonth.set(month, [...(byMonth.get(month) ?? []), day]);
  }
  const alternatives = [...byMonth].map(([month, monthDays]) => `${month}-(?:${monthDays.join('|')})`);
  return `^\\d{4}-(?:${alternatives.join('|')})`;
}

/** The anniversary of month/day in a year (Feb 29 → Feb 28 in common years), as a UTC day number. */
function anniversaryDay(year: number, month: number, day: number): number {
  const actualDay = month === 2 && day === 29 && !isLeapYear(year) ? 28 : day;
  return toDayNumber(Date.UTC(year, month - 1, actualDay));
}

/** Whether month/day has its next anniversary within `span` days of `dayNumber` (the Set rule, computed directly). */
function isAnniversaryInWindow(month: number, day: number, dayNumber: number, span: number): boolean {
  const year = new Date(dayNumber * dayMilliseconds).getUTCFullYear();
  for (const y of [year, year + 1]) {
    const anniversary = anniversaryDay(y, month, day);
    if (new Date(anniversary * dayMilliseconds).getUTCMonth() + 1 !== month) return false; // 04-31 is no date
    if (anniversary >= dayNumber) return anniversary <= dayNumber + span;
  }
  return false;
}

/**
 * When the test next changes for this value without an event (always at a UTC midnight), or `null`.
 * It can only change on the day an anniversary enters the window (N days before it) or on the day
 * after it; those candidates are checked in time order.
 */
export function nextAnniversaryChange(value: unknown, days: number, now: number): number | null {
  const monthDay = toMonthDay(value);
  if (monthDay === undefined) return null;
  const [month, day] = monthDay.split('-').map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const today = toDayNumber(now);
  const span = Math.min(Math.max(Math.floor(days), 0), 366);
  const current = isAnniversaryInWindow(month, day, today, span);
  const year = new Date(now).getUTCFullYear();
  const candidates: number[] = [];
  for (let y = year - 1; y <= year + 3; y++) {
    const anniversary = anniversaryDay(y, month, day);
    candidates.push(anniversary - span, anniversary + 1);
  }
  for (const candidate of candidates.filter((d) => d > today).sort((a, b) => a - b)) {
    if (isAnniversaryInWindow(month, day, candidate, span) !== current) return candidate * dayMilliseconds;
  }
  return null;
}
