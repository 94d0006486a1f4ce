import { describe, expect, it } from 'vitest';
import { computeDelayDueTime } from '../../engine/journeys';
import { JourneyHarness } from '../support/journey-harness';
import { delay, elapsed, email, entry, go, journey, onEvent } from '../support/journey-factory';

const at = (iso: string) => Date.parse(iso);
const due = (result: ReturnType<typeof computeDelayDueTime>) => (result.kind === 'due' ? new Date(result.at).toISOString() : result);

describe('delay due times', () => {
  it('adds calendar durations in the customer zone, keeping wall-clock time across DST', () => {
    // New York springs forward on 2024-03-10: one "day" later is 23 real hours later, still 09:00 local.
    const now = at('2024-03-09T14:00:00Z'); // 09:00 EST
    expect(due(computeDelayDueTime({ mode: 'duration', duration: 'P1D' }, { now, zone: 'America/New_York', attributes: {} }))).toBe('2024-03-10T13:00:00.000Z');
    expect(due(computeDelayDueTime({ mode: 'duration', duration: 'PT24H' }, { now, zone: 'America/New_York', attributes: {} }))).toBe('2024-03-10T14:00:00.000Z');
    expect(due(computeDelayDueTime({ mode: 'duration', duration: 'P1M' }, { now: at('2024-01-31T10:00:00Z'), zone: 'UTC', attributes: {} }))).toBe('2024-02-29T10:00:00.000Z');
  });

  it('waits until a local time of day, today if it is still ahead, else tomorrow', () => {
    const clock = (iso: string) => ({ now: at(iso), zone: 'Europe/Berlin', attributes: {} });
    expect(due(computeDelayDueTime({ mode: 'until-time', time: '09:00' }, clock('2024-06-03T05:00:00Z')))).toBe('2024-06-03T07:00:00.000Z');
    expect(due(computeDelayDueTime({ mode: 'until-time', time: '09:00' }, clock('2024-06-03T08:00:00Z')))).toBe('2024-06-04T07:00:00.000Z');
  });

  it('waits until a weekday (and time) in the customer zone', () => {
    // 2024-06-07 is a Friday; the next Monday 10:00 in Tokyo is 2024-06-10T01:00Z.
    expect(due(computeDelayDueTime({ mode: 'until-time', time: '10:00', weekdays: ['mon'] }, { now: at('2024-06-07T12:00:00Z'), zone: 'Asia/Tokyo', attributes: {} }))).toBe('2024-06-10T01:00:00.000Z');
    // Weekday only: midnight at the start of the next Saturday or Sunday.
    expect(due(computeDelayDueTime({ mode: 'until-time', weekdays: ['sat', 'sun'] }, { now: at('2024-06-05T12:00:00Z'), zone: 'UTC', attributes: {} }))).toBe('2024-06-08T00:00:00.000Z');
  });

  it('moves a time inside a spring-forward gap to when the clocks resume', () => {
    // Berlin jumps from 02:00 to 03:00 on 2024-03-31; 02:30 does not exist that night.
    expect(due(computeDelayDueTime({ mode: 'until-time', time: '02:30' }, { now: at('2024-03-30T23:00:00Z'), zone: 'Europe/Berlin', attributes: {} }))).toBe('2024-03-31T01:30:00.000Z');
  });

  it('waits until a birthday every year, at a local time, with an offset', () => {
    const clock = { now: at('2024-05-01T00:00:00Z'), zone: 'America/Los_Angeles', attributes: { birthday: '1988-05-20' } };
    expect(due(computeDelayDueTime({ mode: 'until-date', attribute: 'birthday', recurrence: 'yearly', time: '09:00' }, clock))).toBe('2024-05-20T16:00:00.000Z');
    expect(due(computeDelayDueTime({ mode: 'until-date', attribute: 'birthday', recurrence: 'yearly', time: '09:00', offsetDays: -7 }, clock))).toBe('2024-05-13T16:00:00.000Z');
    // This year's is past: next year's.
    expect(due(computeDelayDueTime({ mode: 'until-date', attribute: 'birthday', recurrence: 'yearly' }, { ...clock, now: at('2024-06-01T00:00:00Z') }))).toBe('2025-05-20T07:00:00.000Z');
  });

  it('celebrates a 29 February birthday on 28 February in other years', () => {
    const params = { mode: 'until-date', attribute: 'birthday', recurrence: 'yearly', time: '09:00' } as const;
    const clock = (iso: string) => ({ now: at(iso), zone: 'UTC', attributes: { birthday: '2000-02-29' } });
    expect(due(computeDelayDueTime(params, clock('2024-01-10T00:00:00Z')))).toBe('2024-02-29T09:00:00.000Z');
    expect(due(computeDelayDueTime(params, clock('2024-03-01T00:00:00Z')))).toBe('2025-02-28T09:00:00.000Z');
    expect(due(computeDelayDueTime(params, clock('2027-03-01T00:00:00Z')))).toBe('2028-02-29T09:00:00.000Z');
  });

  it('waits until a one-off date such as a renewal, offset before it, or goes on at once if that is past', () => {
    const params = { mode: 'until-date', attribute: 'contract.renews_on', recurrence: 'once', offsetDays: -30, time: '08:00' } as const;
    const attributes = { contract: { renews_on: '2024-09-15' } };
    expect(due(computeDelayDueTime(params, { now: at('2024-06-01T00:00:00Z'), zone: 'Europe/Paris', attributes }))).toBe('2024-08-16T06:00:00.000Z');
    const late = computeDelayDueTime(params, { now: at('2024-09-01T00:00:00Z'), zone: 'Europe/Paris', attributes });
    expect(late.kind === 'due' && late.at <= at('2024-09-01T00:00:00Z')).toBe(true);
  });

  it('never ends at the moment it is entered: a loop back into the delay on its due millisecond waits for the next one', () => {
    // Monday 09:00 UTC exactly: the next Monday 09:00 is a week on, not now.
    expect(due(computeDelayDueTime({ mode: 'until-time', time: '09:00', weekdays: ['mon'] }, { now: at('2024-05-06T09:00:00Z'), zone: 'UTC', attributes: {} }))).toBe('2024-05-13T09:00:00.000Z');
    expect(due(computeDelayDueTime({ mode: 'until-time', time: '09:00' }, { now: at('2024-05-06T09:00:00Z'), zone: 'UTC', attributes: {} }))).toBe('2024-05-07T09:00:00.000Z');
    // On the birthday's very moment: next year's.
    expect(due(computeDelayDueTime({ mode: 'until-date', attribute: 'birthday', recurrence: 'yearly', time: '09:00' }, { now: at('2024-05-20T09:00:00Z'), zone: 'UTC', attributes: { birthday: '1988-05-20' } }))).toBe('2025-05-20T09:00:00.000Z');
  });

  it('reports a missing or unreadable date attribute', () => {
    const params = { mode: 'until-date', attribute: 'birthday', recurrence: 'yearly' } as const;
    expect(computeDelayDueTime(params, { now: 0, zone: 'UTC', attributes: {} })).toEqual({ kind: 'missing', attribute: 'birthday' });
    expect(computeDelayDueTime(params, { now: 0, zone: 'UTC', attributes: { birthday: 'someday' } })).toEqual({ kind: 'missing', attribute: 'birthday' });
  });
});

describe('a loop back into a delay', () => {
  it('sends a weekly digest once a week when the timer fires on its due millisecond', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z'); // a Wednesday
    await h.publish(journey(
      'weekly-digest',
      [entry('in', onEvent('Subscribed')), delay('monday-9', { mode: 'until-time', time: '09:00', weekdays: ['mon'] }), email('digest', 'Your weekly digest')],
      [go('in', 'monday-9'), elapsed('monday-9', 'digest'), go('digest', 'monday-9')],
    ));
    await h.identify('u1', { email: 'u1@example.com' });
    await h.track('u1', 'Subscribed');
    await h.advanceTo('2024-05-20T12:00:00.000Z'); // three Mondays: 6, 13 and 20 May
    expect((await h.messages()).map((message) => message.createdAt)).toEqual(['2024-05-06T09:00:00.000Z', '2024-05-13T09:00:00.000Z', '2024-05-20T09:00:00.000Z']);
    const [instance] = await h.instances();
    expect([instance.status, instance.state]).toEqual(['active', 'monday-9']);
    await h.close();
  });
});
