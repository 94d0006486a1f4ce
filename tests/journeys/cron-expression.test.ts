import { describe, expect, it } from 'vitest';
import { nextCronOccurrence, nextScheduledRun, parseCronExpression } from '../../engine/journeys';

const next = (expression: string, after: string, zone = 'UTC') => {
  const parsed = parseCronExpression(expression);
  if (!parsed.ok) throw new Error(parsed.message);
  const at = nextCronOccurrence(parsed.value, Date.parse(after), zone);
  return at === null ? null : new Date(at).toISOString();
};

describe('cron schedules', () => {
  it('finds the next run strictly after a time', () => {
    expect(next('0 9 * * *', '2024-06-03T08:59:00Z')).toBe('2024-06-03T09:00:00.000Z');
    expect(next('0 9 * * *', '2024-06-03T09:00:00Z')).toBe('2024-06-04T09:00:00.000Z');
    expect(next('*/15 * * * *', '2024-06-03T09:01:00Z')).toBe('2024-06-03T09:15:00.000Z');
    expect(next('30 8 1 * *', '2024-06-03T00:00:00Z')).toBe('2024-07-01T08:30:00.000Z');
  });

  it('reads weekday and month names, ranges and lists', () => {
    expect(next('0 9 * * mon-fri', '2024-06-07T10:00:00Z')).toBe('2024-06-10T09:00:00.000Z'); // Friday after 9 → Monday
    expect(next('0 0 1 jan,jul *', '2024-02-01T00:00:00Z')).toBe('2024-07-01T00:00:00.000Z');
    expect(next('0 12 * * 0', '2024-06-03T00:00:00Z')).toBe('2024-06-09T12:00:00.000Z'); // 0 = Sunday
  });

  it('runs on either day field when both are restricted, as cron does', () => {
    // The 15th of the month OR any Monday.
    expect(next('0 6 15 * mon', '2024-06-11T00:00:00Z')).toBe('2024-06-15T06:00:00.000Z');
    expect(next('0 6 15 * mon', '2024-06-15T07:00:00Z')).toBe('2024-06-17T06:00:00.000Z');
  });

  it('reads the fields as wall-clock time in the schedule zone, across DST', () => {
    expect(next('0 9 * * *', '2024-03-09T15:00:00Z', 'America/New_York')).toBe('2024-03-10T13:00:00.000Z');
    expect(next('0 9 * * *', '2024-03-08T15:00:00Z', 'America/New_York')).toBe('2024-03-09T14:00:00.000Z');
  });

  it('says what is wrong with a bad expression', () => {
    expect(parseCronExpression('0 9 * *')).toMatchObject({ ok: false, message: expect.stringContaining('five fields') });
    expect(parseCronExpression('0 25 * * *')).toMatchObject({ ok: false, message: expect.stringContaining('hour') });
    expect(next('0 0 31 2 *', '2024-01-01T00:00:00Z')).toBeNull();
  });

  it('counts interval schedules from their anchor in calendar steps', () => {
    const trigger = { type: 'schedule', segmentId: 's', every: 'P1M', anchor: '2024-01-31T09:00:00.000Z' } as const;
    expect(new Date(nextScheduledRun(trigger, Date.parse('2024-02-01T00:00:00Z'), 'UTC', 0)!).toISOString()).toBe('2024-02-29T09:00:00.000Z');
    const hourly = { type: 'schedule', segmentId: 's', every: 'PT6H' } as const;
    expect(new Date(nextScheduledRun(hourly, Date.parse('2024-02-01T07:00:00Z'), 'UTC', Date.parse('2024-01-01T00:00:00Z'))!).toISOString()).toBe('2024-02-01T12:00:00.000Z');
  });
});
