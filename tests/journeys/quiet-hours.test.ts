import { describe, expect, it } from 'vitest';
import { quietHoursEnd } from '../../engine/journeys';
import { JourneyHarness } from '../support/journey-harness';
import { delay, elapsed, email, entry, exit, go, journey, onEvent, send } from '../support/journey-factory';

const end = (now: string, zone: string, start = '21:00', finish = '08:00') => {
  const at = quietHoursEnd({ start, end: finish }, Date.parse(now), zone);
  return at === null ? null : new Date(at).toISOString();
};

describe('quiet hours', () => {
  it('holds sends inside a window that wraps midnight until it opens, in the customer zone', () => {
    expect(end('2024-06-03T20:59:00Z', 'UTC')).toBeNull();
    expect(end('2024-06-03T21:00:00Z', 'UTC')).toBe('2024-06-04T08:00:00.000Z');
    expect(end('2024-06-04T07:59:00Z', 'UTC')).toBe('2024-06-04T08:00:00.000Z');
    expect(end('2024-06-04T08:00:00Z', 'UTC')).toBeNull();
    // 22:00 UTC is 07:00 next morning in Tokyo (quiet) but 18:00 in New York (not quiet).
    expect(end('2024-06-03T22:00:00Z', 'Asia/Tokyo')).toBe('2024-06-03T23:00:00.000Z');
    expect(end('2024-06-03T22:00:00Z', 'America/New_York')).toBeNull();
  });

  it('handles a window within one day', () => {
    expect(end('2024-06-03T12:30:00Z', 'UTC', '12:00', '14:00')).toBe('2024-06-03T14:00:00.000Z');
    expect(end('2024-06-03T14:30:00Z', 'UTC', '12:00', '14:00')).toBeNull();
  });

  it('opens at 08:00 local on the morning clocks change', () => {
    // Europe/London springs forward at 01:00 UTC on 2024-03-31: 08:00 BST is 07:00 UTC.
    expect(end('2024-03-30T22:00:00Z', 'Europe/London')).toBe('2024-03-31T07:00:00.000Z');
    // And falls back on 2024-10-27: 08:00 GMT is 08:00 UTC.
    expect(end('2024-10-26T22:00:00Z', 'Europe/London')).toBe('2024-10-27T08:00:00.000Z');
  });

  it('queues a journey message for when quiet hours end, per customer time zone, across a DST change', async () => {
    const harness = await JourneyHarness.create('2024-03-30T21:30:00.000Z');
    await harness.publish(journey('night-owl', [entry('start', onEvent('Signed Up')), email('hello', 'Hello'), delay('day', { mode: 'duration', duration: 'P1D' }), send('ping', 'sms', { body: 'Ping' }), exit('done')], [go('start', 'hello'), go('hello', 'day'), elapsed('day', 'ping'), go('ping', 'done')], { quietHours: { start: '22:00', end: '08:00' }, consent: { sms: 'opt-out' } }));
    await harness.identify('london', { email: 'l@example.com', phone: '+441234', timezone: 'Europe/London' });
    await harness.identify('sydney', { email: 's@example.com', phone: '+611234', timezone: 'Australia/Sydney' });
    await harness.identify('la', { email: 'la@example.com', phone: '+11234', timezone: 'America/Los_Angeles' });
    // 22:30 UTC: 22:30 in London (quiet), 09:30 next morning in Sydney (not quiet), 15:30 in LA (not quiet).
    await harness.track('london', 'Signed Up', {}, '2024-03-30T22:30:00.000Z');
    await harness.track('sydney', 'Signed Up');
    await harness.track('la', 'Signed Up');
    const first = await harness.messages({ stepId: 'hello' });
    expect(first.map((m) => [m.userId, m.status, m.reason, m.availableAt])).toEqual([
      ['london', 'queued', 'quiet-hours', '2024-03-31T07:00:00.000Z'], // 08:00 BST, the clocks went forward overnight
      ['sydney', 'queued', null, '2024-03-30T22:30:00.000Z'],
      ['la', 'queued', null, '2024-03-30T22:30:00.000Z'],
    ]);
    // A day later (P1D in local time) London is at 22:30 BST = 21:30 UTC: quiet again until 08:00 BST.
    await harness.advanceTo('2024-04-01T00:00:00.000Z');
    const second = await harness.messages({ stepId: 'ping' });
    expect(second.map((m) => [m.userId, m.createdAt, m.reason, m.availableAt])).toEqual([
      ['london', '2024-03-31T21:30:00.000Z', 'quiet-hours', '2024-04-01T07:00:00.000Z'],
      ['sydney', '2024-03-31T22:30:00.000Z', null, '2024-03-31T22:30:00.000Z'],
      ['la', '2024-03-31T22:30:00.000Z', null, '2024-03-31T22:30:00.000Z'],
    ]);
    await harness.close();
  });

  it('holds a customer known only by the device zone (context.timezone) until 08:00 there; a stated attributes.timezone wins', async () => {
    const harness = await JourneyHarness.create('2024-06-03T21:30:00.000Z');
    await harness.publish(journey('device-zone', [entry('start', onEvent('Signed Up')), email('hello', 'Hello'), exit('done')], [go('start', 'hello'), go('hello', 'done')], { quietHours: { start: '21:00', end: '08:00' } }));
    await harness.identify('tokyo', { email: 't@example.com' });
    await harness.identify('stated', { email: 's@example.com', timezone: 'America/New_York' });
    // 22:00 UTC: 07:00 next morning in Tokyo (quiet), 18:00 in New York (not quiet), 22:00 UTC (quiet).
    await harness.track('tokyo', 'Signed Up', {}, '2024-06-03T22:00:00.000Z', { timezone: 'Asia/Tokyo' });
    await harness.track('stated', 'Signed Up', {}, undefined, { timezone: 'Asia/Tokyo' });
    expect((await harness.customer('tokyo')).traits.timezone).toBe('Asia/Tokyo');
    const messages = await harness.messages({ stepId: 'hello' });
    expect(messages.map((m) => [m.userId, m.status, m.reason, m.availableAt])).toEqual([
      ['tokyo', 'queued', 'quiet-hours', '2024-06-03T23:00:00.000Z'], // 08:00 in Tokyo, not 08:00 UTC
      ['stated', 'queued', null, '2024-06-03T22:00:00.000Z'],
    ]);
    await harness.close();
  });
});
