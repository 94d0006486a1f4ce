import { DateTime } from 'luxon';
import { atLocalTime } from './time-zone';

/** A parsed five-field cron expression: the allowed values of each field. */
export interface CronExpression {
  minutes: number[];
  hours: number[];
  daysOfMonth: Set<number>;
  months: Set<number>;
  /** 1 = Monday … 7 = Sunday (luxon's numbering; cron's 0 and 7 both mean Sunday). */
  weekdays: Set<number>;
  /** Vixie cron: when both day fields are restricted, a day matching EITHER runs. */
  restrictsDayOfMonth: boolean;
  restrictsWeekday: boolean;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: string[];
}

const fields: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

function parseValue(text: string, spec: FieldSpec): number {
  const named = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + (spec.name === 'month' ? 1 : 0);
  if (!/^\d+$/.test(text)) throw new Error(`"${text}" is not a number`);
  const value = Number(text);
  if (value < spec.min || value > spec.max) throw new Error(`${value} is outside ${spec.min}–${spec.max}`);
  return value;
}

function parseField(text: string, spec: FieldSpec): number[] {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`step "${stepText}" must be a positive whole number`);
    let low: number;
    let high: number;
    if (range === '*') {
      low = spec.min;
      high = spec.max;
    } else if (range.includes('-')) {
      const [from, to] = range.split('-');
      low = parseValue(from, spec);
      high = parseValue(to, spec);
      if (low > high) throw new Error(`range ${range} runs backwards`);
    } else {
      low = parseValue(range, spec);
      high = stepText === undefined ? low : spec.max;
    }
    for (let value = low; value <= high; value += step) values.add(value);
  }
  return [...values].sort((a, b) => a - b);
}

/**
 * Parses a standard five-field cron expression (`minute hour day-of-month month day-of-week`) with
 * `*`, lists, ranges, steps and three-letter month/day names. Returns the problem as a message, for
 * the caller to point at.
 *
 * @example parseCronExpression('0 9 * * mon-fri') // weekdays at 09:00
 */
export function parseCronExpression(expression: string): { ok: true; value: CronExpression } | { ok: false; message: string } {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) return { ok: false, message: `A cron expression has five fields (minute hour day-of-month month day-of-week); "${expression}" has ${parts.length}.` };
  const parsed: number[][] = [];
  for (let i = 0; i < 5; i++) {
    try {
      parsed.push(parseField(parts[i], fields[i]));
    } catch (error) {
      return { ok: false, message: `Cron field ${i + 1} (${fields[i].name}) "${parts[i]}": ${(error as Error).message}.` };
    }
  }
  return {
    ok: true,
    value: {
      minutes: parsed[0],
      hours: parsed[1],
      daysOfMonth: new Set(parsed[2]),
      months: new Set(parsed[3]),
      weekdays: new Set(parsed[4].map((day) => (day === 0 ? 7 : day))),
      restrictsDayOfMonth: parts[2] !== '*',
      restrictsWeekday: parts[4] !== '*',
    },
  };
}

function isCronDay(cron: CronExpression, day: DateTime): boolean {
  if (!cron.months.has(day.month)) return false;
  const byMonthDay = cron.daysOfMonth.has(day.day);
  const byWeekday = cron.weekdays.has(day.weekday);
  if (cron.restrictsDayOfMonth && cron.restrictsWeekday) return byMonthDay || byWeekday;
  return byMonthDay && byWeekday;
}

/**
 * The first run strictly after `after`, with the fields read as wall-clock time in `zone`. A run
 * inside a spring-forward gap happens when the clocks resume (shifted by the gap); a wall-clock
 * time that occurs twice in autumn runs once. Returns null when nothing matches within five years
 * (`0 0 31 2 *`).
 */
export function nextCronOccurrence(cron: CronExpression, after: number, zone: string): number | null {
  const start = DateTime.fromMillis(after, { zone }).startOf('day');
  for (let offset = 0; offset < 366 * 5; offset++) {
    const day = start.plus({ days: offset });
    if (!isCronDay(cron, day)) continue;
    for (const hour of cron.hours) {
      for (const minute of cron.minutes) {
        const at = atLocalTime(day, { hour, minute }).toMillis();
        if (at > after) return at;
      }
    }
  }
  return null;
}
