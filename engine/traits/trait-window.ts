/**
 * The window of a computed trait: "the last N days" is the last N UTC calendar days, today included.
 * An event on UTC day d counts while today ≤ d + N − 1 and leaves the window at 00:00 UTC of day d + N.
 *
 * Whole days are what makes the per-customer state small and exact at once: events are kept as one
 * bucket per UTC day, and a bucket either counts entirely or not at all. (The condition operator
 * `withinLastDays` is a rolling window to the millisecond instead; a trait's window moves at midnight UTC.)
 * A trait without a window keeps everything in one all-time bucket.
 */

/** A bucket key: a UTC day `YYYY-MM-DD`, or the all-time bucket of a trait without a window. */
export type BucketKey = string;

/** The bucket of a trait without a window. */
export const allTimeBucket: BucketKey = '*';

const dayMilliseconds = 86_400_000;

/** The UTC day of a canonical ISO-8601 timestamp (`toISOString()` form), `YYYY-MM-DD`. */
export function dayKeyOf(timestamp: string): BucketKey {
  return timestamp.slice(0, 10);
}

/** The bucket an event at `timestamp` falls in, for a window of `windowDays` (null: no window). */
export function bucketKeyOf(timestamp: string, windowDays: number | null): BucketKey {
  return windowDays === null ? allTimeBucket : dayKeyOf(timestamp);
}

/** The oldest day inside a window of `windowDays` at `now` (epoch ms), or null without a window. */
export function firstDayOfWindow(now: number, windowDays: number | null): BucketKey | null {
  if (windowDays === null) return null;
  const dayNumber = Math.floor(now / dayMilliseconds) - windowDays + 1;
  let key = dayKeys.get(dayNumber);
  if (key === undefined) {
    // Called for every trait of every event: formatting a date each time shows in profiles.
    if (dayKeys.size > 4096) dayKeys.clear();
    key = new Date(dayNumber * dayMilliseconds).toISOString().slice(0, 10);
    dayKeys.set(dayNumber, key);
  }
  return key;
}

const dayKeys = new Map<number, BucketKey>();

/** Whether a bucket counts in the window that starts at `firstDay` (every bucket counts without one). */
export function isBucketInWindow(bucket: BucketKey, firstDay: BucketKey | null): boolean {
  return firstDay === null || bucket === allTimeBucket || bucket >= firstDay;
}

/** The instant (epoch ms) a day bucket leaves a window of `windowDays`: 00:00 UTC of day + N. */
export function bucketExpiryOf(bucket: BucketKey, windowDays: number): number {
  let start = dayStarts.get(bucket);
  if (start === undefined) {
    if (dayStarts.size > 4096) dayStarts.clear();
    start = Date.parse(`${bucket}T00:00:00.000Z`);
    dayStarts.set(bucket, start);
  }
  return start + windowDays * dayMilliseconds;
}

const dayStarts = new Map<BucketKey, number>();
