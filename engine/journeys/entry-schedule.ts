import { DateTime, Duration } from 'luxon';
import type { ScheduleEntryTrigger } from '../../schemas/types';
import { nextCronOccurrence, parseCronExpression } from './cron-expression';

/**
 * The next run of a scheduled entry strictly after `after`: a cron expression read in `zone`, or an
 * interval (`every`) counted from `anchor` (the trigger's own anchor, else the publish time given).
 * Interval steps are added in `zone`, so `P1D` keeps the wall-clock time across DST changes.
 * Returns null when the schedule never runs again.
 */
export function nextScheduledRun(trigger: ScheduleEntryTrigger, after: number, zone: string, defaultAnchor: number): number | null {
  if (trigger.cron !== undefined) {
    const parsed = parseCronExpression(trigger.cron);
    if (!parsed.ok) throw new Error(`Invalid cron "${trigger.cron}" reached the runtime: validation should have refused it. ${parsed.message}`);
    return nextCronOccurrence(parsed.value, after, zone);
  }
  if (trigger.every === undefined) throw new Error('A schedule trigger needs cron or every: validation should have refused it.');
  const step = Duration.fromISO(trigger.every);
  const anchor = DateTime.fromMillis(trigger.anchor !== undefined ? Date.parse(trigger.anchor) : defaultAnchor, { zone });
  if (anchor.toMillis() > after) return anchor.toMillis();
  // Jump close with the average step length, then walk: calendar units vary in length.
  const approximate = Math.max(1, step.toMillis());
  let count = Math.max(0, Math.floor((after - anchor.toMillis()) / approximate) - 2);
  for (;;) {
    const at = anchor.plus(scaleDuration(step, count)).toMillis();
    if (at > after) return at;
    count++;
  }
}

function scaleDuration(step: Duration, factor: number): Duration {
  const scaled: Record<string, number> = {};
  for (const [unit, value] of Object.entries(step.toObject())) scaled[unit] = (value ?? 0) * factor;
  return Duration.fromObject(scaled);
}
