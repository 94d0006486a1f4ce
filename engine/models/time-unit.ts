/**
 * The unit in which BG/NBD measures time (t_x, T, α, forecast horizons). Fitted parameters are only
 * meaningful in the unit they were fitted in: α scales with it, r, a and b do not.
 */
export type TimeUnit = 'days' | 'weeks';

export const timeUnits: readonly TimeUnit[] = ['days', 'weeks'];

const daysPerUnit: Record<TimeUnit, number> = { days: 1, weeks: 7 };

/** 1 for days, 7 for weeks. */
export function daysPerTimeUnit(unit: TimeUnit): number {
  return daysPerUnit[unit];
}

export function isTimeUnit(value: unknown): value is TimeUnit {
  return typeof value === 'string' && Object.hasOwn(daysPerUnit, value);
}
