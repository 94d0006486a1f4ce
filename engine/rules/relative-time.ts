/**
 * withinLastDays / notWithinLastDays: relative-time tests on timestamp facts.
 *
 * Stored timestamps are `toISOString()` text, which orders like time, so a fact is compared as text
 * with the ISO form of the window's bounds — exactly what a MongoDB filter does with `$gte`/`$lt` on
 * strings. A value counts only when it starts with `YYYY-MM-DD`; a date without a time is the very
 * start of that day (UTC). "Now" is always passed in.
 */

export const dayMilliseconds = 86_400_000;

/** Regex source (JavaScript and PCRE alike) that a date-valued fact must match to count. */
export const datePrefixSource = '^\\d{4}-\\d{2}-\\d{2}';

/** The earliest and latest instants whose ISO text has a four-digit year (text order = time order). */
const firstInstant = Date.parse('0000-01-01T00:00:00.000Z');
const lastInstant = Date.parse('9999-12-31T23:59:59.999Z');
const canonicalTimestamp = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** Whether a fact value can take part in a date test: text starting with `YYYY-MM-DD` (the regex above, by hand: it runs per evaluation). */
export function hasDatePrefix(value: unknown): value is string {
  if (typeof value !== 'string' || value.length < 10) return false;
  return (
    isDigit(value.charCodeAt(0)) && isDigit(value.charCodeAt(1)) && isDigit(value.charCodeAt(2)) && isDigit(value.charCodeAt(3)) &&
    value.charCodeAt(4) === 45 && isDigit(value.charCodeAt(5)) && isDigit(value.charCodeAt(6)) &&
    value.charCodeAt(7) === 45 && isDigit(value.charCodeAt(8)) && isDigit(value.charCodeAt(9))
  );
}

/** The window length in milliseconds for a number of days (fractions allowed, rounded to the ms). */
export function daysToMilliseconds(days: number): number {
  return Math.round(days * dayMilliseconds);
}

/** ISO text of an instant, clamped to the four-digit-year range. */
export function toIsoText(time: number): string {
  return new Date(Math.min(Math.max(time, firstInstant), lastInstant)).toISOString();
}

/** The bounds `[from, to]` (ISO text) of "within the last `days` days" at `now`. */
export function recentWindow(days: number, now: number): { from: string; to: string } {
  return { from: toIsoText(now - daysToMilliseconds(days)), to: toIsoText(now) };
}

export function isWithinLastDays(value: unknown, days: number, now: number): boolean {
  if (!hasDatePrefix(value)) return false;
  const { from, to } = recentWindow(days, now);
  return value >= from && value <= to;
}

/** Has a date, and it is older than `days` days. A missing or non-date fact is false (see docs/conditions.md). */
export function isNotWithinLastDays(value: unknown, days: number, now: number): boolean {
  return hasDatePrefix(value) && value < toIsoText(now - daysToMilliseconds(days));
}

/** The smallest instant in range whose ISO text satisfies a monotone test, or `null`. */
function searchFirstInstant(satisfies: (iso: string) => boolean): number | null {
  if (!satisfies(toIsoText(lastInstant))) return null;
  let low = firstInstant;
  let high = lastInstant;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (satisfies(toIsoText(middle))) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The last few answers of canonicalInstant. Performance notes: when a customer is re-evaluated, every
 * time-dependent segment asks when it next changes, and most of them read the same one or two
 * timestamps (`traits.last_order_at`, `traits.last_seen_at`): parsing and re-formatting the same text
 * for each was most of the cost of keeping memberships on the clock. A pure function, so a memo of
 * its recent answers cannot be stale.
 */
const canonicalMemo: Array<{ text: string; time: number | null }> = [];
const canonicalMemoSize = 4;

/** The instant a canonical timestamp names, when the text is one. */
function canonicalInstant(text: string): number | null {
  for (let i = 0; i < canonicalMemo.length; i++) if (canonicalMemo[i].text === text) return canonicalMemo[i].time;
  let time: number | null = null;
  if (canonicalTimestamp.test(text)) {
    const parsed = Date.parse(text);
    time = Number.isNaN(parsed) || toIsoText(parsed) !== text ? null : parsed;
  }
  if (canonicalMemo.length >= canonicalMemoSize) canonicalMemo.pop();
  canonicalMemo.unshift({ text, time });
  return time;
}

/** min t with iso(t) >= text, or null. */
function firstInstantNotBefore(text: string): number | null {
  return canonicalInstant(text) ?? searchFirstInstant((iso) => iso >= text);
}

/** min t with iso(t) > text, or null. */
function firstInstantAfter(text: string): number | null {
  const canonical = canonicalInstant(text);
  return canonical !== null ? canonical + 1 : searchFirstInstant((iso) => iso > text);
}

/** When "within the last `days` days" next changes for this value without an event, or `null`. */
export function nextWithinLastDaysChange(value: unknown, days: number, now: number): number | null {
  if (!hasDatePrefix(value)) return null;
  const canonical = canonicalInstant(value);
  const entersAt = canonical ?? firstInstantNotBefore(value);
  if (entersAt === null) return null;
  const after = canonical !== null ? canonical + 1 : firstInstantAfter(value);
  // The value stays inside while now - span <= (last instant whose text is <= value) = after - 1.
  const leavesAt = (after ?? lastInstant + 1) + daysToMilliseconds(days);
  if (entersAt >= leavesAt) return null; // e.g. a date without time and a window of 0 days: never inside
  if (now < entersAt) return entersAt;
  if (now < leavesAt) return leavesAt;
  return null;
}

/** When "not within the last `days` days" next changes for this value without an event, or `null`. */
export function nextNotWithinLastDaysChange(value: unknown, days: number, now: number): number | null {
  if (!hasDatePrefix(value)) return null;
  const after = firstInstantAfter(value);
  if (after === null) return null;
  const becomesTrueAt = after + daysToMilliseconds(days);
  return now < becomesTrueAt ? becomesTrueAt : null;
}
