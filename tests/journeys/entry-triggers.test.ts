import { describe, expect, it } from 'vitest';
import { enterJourney, journeyCollectionNames, type TimerRecord } from '../../engine/journeys';
import { JourneyHarness } from '../support/journey-harness';
import { email, entry, exit, go, journey, onEvent } from '../support/journey-factory';

const simple = (id: string, trigger: Parameters<typeof entry>[1], settings = {}) =>
  journey(id, [entry('in', trigger), email('hello', 'Hello'), exit('done')], [go('in', 'hello'), go('hello', 'done')], settings);

describe('entry triggers', () => {
  it('enters on an event whose properties meet the trigger condition', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(simple('big-order', onEvent('Order Completed', { all: [{ fact: 'event.properties.total', operator: 'greaterThanInclusive', value: 100 }] })));
    await h.identify('small', { email: 's@example.com' });
    await h.identify('big', { email: 'b@example.com' });
    await h.track('small', 'Order Completed', { total: 20 });
    await h.track('big', 'Order Completed', { total: 250 });
    await h.track('big', 'Signed Up');
    expect((await h.messages()).map((m) => m.userId)).toEqual(['big']);
    expect((await h.customer('big')).journeys['big-order']).toMatchObject({ status: 'completed', state: 'done' });
    await h.close();
  });

  it('enters on entering or leaving a segment (Segment Entered / Exited with properties.segment_id)', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(simple('joined-vip', { type: 'segment-entered', segmentId: 'vip' }));
    await h.publish(simple('left-vip', { type: 'segment-exited', segmentId: 'vip' }));
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Segment Entered', { segment_id: 'casual' });
    expect(await h.messages()).toHaveLength(0);
    await h.track('u', 'Segment Entered', { segment_id: 'vip' });
    await h.track('u', 'Segment Exited', { segment_id: 'vip' });
    expect((await h.messages()).map((m) => m.journeyId)).toEqual(['joined-vip', 'left-vip']);
    await h.close();
  });

  it('enters everyone in a segment on a cron schedule, once per run, and moves the timer to the next run', async () => {
    const h = await JourneyHarness.create('2024-05-06T07:00:00.000Z'); // a Monday
    const customers = h.store.collection('customers');
    for (const user of ['a', 'b', 'c']) await h.identify(user, { email: `${user}@example.com` });
    await customers.updateMany(h.workspace, { userId: { $in: ['a', 'b'] } }, { $set: { segments: ['newsletter'] } });
    await h.publish(simple('weekly-digest', { type: 'schedule', segmentId: 'newsletter', cron: '0 9 * * mon', timezone: 'Europe/Berlin' }, { reentry: { policy: 'after-exit' } }));
    const timers = h.store.collection<TimerRecord>(journeyCollectionNames.timers);
    expect((await timers.find(h.workspace, { 'event.type': 'schedule' })).map((t) => t.dueAt)).toEqual(['2024-05-06T07:00:00.000Z']);
    await h.advanceTo('2024-05-06T07:00:00.000Z');
    expect((await h.messages()).map((m) => m.userId).sort()).toEqual(['a', 'b']);
    expect((await timers.find(h.workspace, { 'event.type': 'schedule' })).map((t) => t.dueAt)).toEqual(['2024-05-13T07:00:00.000Z']);
    await customers.updateOne(h.workspace, { userId: 'c' }, { $set: { segments: ['newsletter'] } });
    await h.advanceTo('2024-05-13T08:00:00.000Z');
    expect((await h.messages()).map((m) => m.userId).sort()).toEqual(['a', 'a', 'b', 'b', 'c']);
    await h.close();
  });

  it('counts a monthly interval from when the version went live: 31 Jan, 29 Feb, 31 Mar, 30 Apr, 31 May', async () => {
    const h = await JourneyHarness.create('2024-01-31T09:00:00.000Z');
    await h.publish(simple('monthly', { type: 'schedule', segmentId: 'vip', every: 'P1M' }, { reentry: { policy: 'always' } }));
    const timers = h.store.collection<TimerRecord>(journeyCollectionNames.timers);
    const runs: string[] = [];
    for (let i = 0; i < 5; i++) {
      const [timer] = await timers.find(h.workspace, { 'event.type': 'schedule' });
      runs.push(timer.dueAt);
      await h.advanceTo(timer.dueAt);
    }
    expect(runs).toEqual(['2024-01-31T09:00:00.000Z', '2024-02-29T09:00:00.000Z', '2024-03-31T09:00:00.000Z', '2024-04-30T09:00:00.000Z', '2024-05-31T09:00:00.000Z']);
    await h.close();
  });

  it('keeps the schedule when a new version with the same trigger goes live: no extra run, same time of day', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    const daily = (version: number, every = 'P1D') => ({ ...simple('daily', { type: 'schedule', segmentId: 'vip', every }, { reentry: { policy: 'always' } }), version });
    await h.publish(daily(1));
    const timers = h.store.collection<TimerRecord>(journeyCollectionNames.timers);
    const schedule = async () => (await timers.find(h.workspace, { 'event.type': 'schedule' })).map((t) => [t.dueAt, t.event.type === 'schedule' ? t.event.version : null]);
    await h.advanceTo('2024-05-01T12:00:00.000Z');
    expect(await schedule()).toEqual([['2024-05-02T12:00:00.000Z', 1]]);
    h.clock.advanceTo(Date.parse('2024-05-01T13:00:00.000Z'));
    await h.publish(daily(2)); // a typo fix: the daily run stays at 12:00, and nobody gets a second one today
    expect(await schedule()).toEqual([['2024-05-02T12:00:00.000Z', 2]]);
    h.clock.advanceTo(Date.parse('2024-05-01T14:00:00.000Z'));
    await h.publish(daily(3, 'P7D')); // a new interval starts a new schedule, first run at publish
    expect(await schedule()).toEqual([['2024-05-01T14:00:00.000Z', 3]]);
    await h.close();
  });

  it('repeats an interrupted scheduled run without entering anyone twice', async () => {
    const h = await JourneyHarness.create('2024-05-06T09:00:00.000Z');
    for (const user of ['a', 'b']) await h.identify(user, { email: `${user}@example.com` });
    await h.store.collection('customers').updateMany(h.workspace, {}, { $set: { segments: ['all'] } });
    await h.publish(simple('daily', { type: 'schedule', segmentId: 'all', every: 'P1D' }, { reentry: { policy: 'always' } }));
    const timers = h.store.collection<TimerRecord>(journeyCollectionNames.timers);
    const schedule = (await timers.find(h.workspace, { 'event.type': 'schedule' }))[0];
    // A worker claimed the run and crashed after entering one customer: simulate by running it twice.
    const { fireTimer, claimDueTimers } = await import('../../engine/journeys');
    const [claimed] = await claimDueTimers(h.runtime, { owner: 'w1', leaseMs: 1000 });
    expect(claimed._id).toBe(schedule._id);
    await fireTimer(h.runtime, claimed, { owner: 'w1' });
    await timers.updateOne(h.workspace, { _id: schedule._id }, { $set: { dueAt: schedule.dueAt, leaseOwner: 'w2', leaseUntil: null } });
    await fireTimer(h.runtime, { ...claimed, leaseOwner: 'w2' }, { owner: 'w2' });
    expect((await h.messages()).map((m) => m.userId).sort()).toEqual(['a', 'b']);
    await h.close();
  });

  it('enters through the API into an api entry, and refuses journeys without one', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(simple('concierge', { type: 'api' }));
    await h.publish(simple('events-only', onEvent('X')));
    await h.identify('u', { email: 'u@example.com' });
    const customer = await h.customer('u');
    const entered = await enterJourney(h.runtime, h.workspace, { journeyId: 'concierge', customerId: customer._id });
    expect(entered).toMatchObject({ ok: true, value: { entered: true } });
    expect((await h.messages()).map((m) => m.journeyId)).toEqual(['concierge']);
    expect(await enterJourney(h.runtime, h.workspace, { journeyId: 'events-only', customerId: customer._id })).toMatchObject({ ok: false, problem: { code: 'NOT_FOUND' } });
    expect(await enterJourney(h.runtime, h.workspace, { journeyId: 'concierge', customerId: 'nobody' })).toMatchObject({ ok: false, problem: { code: 'NOT_FOUND' } });
    // The journey's re-entry policy (default: never) applies to API entries too.
    expect(await enterJourney(h.runtime, h.workspace, { journeyId: 'concierge', customerId: customer._id })).toMatchObject({ ok: true, value: { entered: false, reason: 'reentry-policy' } });
    await h.close();
  });

  it('starts nothing for events older than a day (imported history), yet profiles still count them', async () => {
    const h = await JourneyHarness.create('2024-05-10T10:00:00.000Z');
    await h.publish(simple('big-order', onEvent('Order Completed')));
    await h.identify('old', { email: 'o@example.com' });
    const { ingestMessage } = await import('../../engine/ingest');
    await ingestMessage(h.runtime, h.workspace, { userId: 'old', event: 'Order Completed', timestamp: '2024-05-09T09:59:00.000Z' }, 'track');
    expect(await h.messages()).toHaveLength(0);
    expect((await h.customer('old')).traits.orders_count).toBe(1);
    await ingestMessage(h.runtime, h.workspace, { userId: 'old', event: 'Order Completed', timestamp: '2024-05-09T10:01:00.000Z' }, 'track');
    expect(await h.messages()).toHaveLength(1);
    await h.close();
  });

  it('applies the entry condition to the customer', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(simple('uk-only', onEvent('Signed Up'), { entryCondition: { all: [{ fact: 'attributes.country', operator: 'equal', value: 'GB' }] } }));
    await h.identify('fr', { email: 'f@example.com', country: 'FR' });
    await h.identify('gb', { email: 'g@example.com', country: 'GB' });
    await h.track('fr', 'Signed Up');
    await h.track('gb', 'Signed Up');
    expect((await h.messages()).map((m) => m.userId)).toEqual(['gb']);
    await h.close();
  });
});
