import { DateTime } from 'luxon';
import type { QuietHours } from '../../schemas/types';
import { memoizedZone } from './memoized-zone';
import { atLocalTime, parseTimeOfDay } from './time-zone';

/** Channels quiet hours hold back when the setting names none: the ones a person notices at night. */
export const defaultQuietChannels = ['email', 'sms', 'push'] as const;

/** Whether quiet hours apply to a channel. */
export function isQuietChannel(quietHours: QuietHours, channel: string): boolean {
  return (quietHours.channels ?? defaultQuietChannels).includes(channel as never);
}

/**
 * When a message may go out under quiet hours: `null` when `now` is outside the quiet window, else the
 * instant the window ends in the customer's zone. The window runs from `start` (inclusive) to `end`
 * (exclusive) local time and wraps midnight when `start` is later than `end` (21:00–08:00).
 *
 * @example quietHoursEnd({ start: '21:00', end: '08:00' }, Date.parse('2024-06-01T22:00:00Z'), 'UTC') // 2024-06-02T08:00Z
 */
export function quietHoursEnd(quietHours: QuietHours, now: number, zone: string): number | null {
  const local = DateTime.fromMillis(now, { zone: memoizedZone(zone) });
  const start = parseTimeOfDay(quietHours.start);
  const end = parseTimeOfDay(quietHours.end);
  const minuteOfDay = local.hour * 60 + local.minute;
  const startMinute = start.hour * 60 + start.minute;
  const endMinute = end.hour * 60 + end.minute;
  if (startMinute === endMinute) return null;
  const wraps = startMinute > endMinute;
  const quiet = wraps ? minuteOfDay >= startMinute || minuteOfDay < endMinute : minuteOfDay >= startMinute && minuteOfDay < endMinute;
  if (!quiet) return null;
  const endDay = wraps && minuteOfDay >= startMinute ? local.startOf('day').plus({ days: 1 }) : local.startOf('day');
  return atLocalTime(endDay, end).toMillis();
}
