import { describe, expect, it } from 'vitest';
import { summarizeJourney } from '../../engine/journeys';
import { JourneyHarness } from '../support/journey-harness';
import { delay, elapsed, email, entry, exit, go, goal, journey, onEvent, wait } from '../support/journey-factory';

const nurture = (endsJourney: boolean, settings = {}) =>
  journey(
    'nurture',
    [
      entry('in', onEvent('Signed Up')),
      email('day-0', 'Welcome'),
      delay('pause', wait('P3D')),
      email('day-3', 'Still there?'),
      delay('pause-2', wait('P3D')),
      email('day-6', 'Last call'),
      exit('done'),
      goal('purchased', 'Order Completed', 'P5D', endsJourney, { all: [{ fact: 'event.properties.total', operator: 'greaterThan', value: 10 }] }),
      ...(endsJourney ? [email('thanks', 'Thanks for your order'), exit('converted')] : []),
    ],
    [go('in', 'day-0'), go('day-0', 'pause'), elapsed('pause', 'day-3'), go('day-3', 'pause-2'), elapsed('pause-2', 'day-6'), go('day-6', 'done'), ...(endsJourney ? [go('purchased', 'thanks'), go('thanks', 'converted')] : [])],
    settings,
  );

describe('goals', () => {
  it('counts a conversion within the window once, and the customer carries on', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(nurture(false));
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Signed Up');
    await h.track('u', 'Order Completed', { total: 5 }, '2024-05-02T10:00:00.000Z'); // too small for the goal condition
    expect((await h.customer('u')).journeys.nurture.convertedAt).toBeUndefined();
    await h.track('u', 'Order Completed', { total: 50 }, '2024-05-03T10:00:00.000Z');
    await h.track('u', 'Order Completed', { total: 60 }, '2024-05-03T11:00:00.000Z');
    await h.advanceTo('2024-05-10T00:00:00.000Z');
    const [instance] = await h.instances();
    expect(instance).toMatchObject({ status: 'completed', convertedAt: '2024-05-03T10:00:00.000Z' });
    expect(instance.context.g).toEqual(['purchased']);
    expect((await h.messages()).map((m) => m.stepId)).toEqual(['day-0', 'day-3', 'day-6']);
    const report = await summarizeJourney(h.runtime, h.workspace, 'nurture');
    expect(report.variants).toEqual([{ variant: null, holdout: false, entered: 1, converted: 1, conversionRate: 1 }]);
    await h.close();
  });

  it('does not count a conversion after the window', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(nurture(false));
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Signed Up');
    await h.track('u', 'Order Completed', { total: 50 }, '2024-05-06T10:00:01.000Z');
    expect((await h.customer('u')).journeys.nurture.convertedAt).toBeUndefined();
    await h.close();
  });

  it('ends the journey on conversion when the goal says so, going on from the goal state', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(nurture(true));
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Signed Up');
    await h.track('u', 'Order Completed', { total: 50 }, '2024-05-04T12:00:00.000Z');
    expect(await h.pathOf('u', 'nurture')).toEqual(['day-0', 'pause', 'day-3', 'pause-2', 'purchased', 'thanks', 'converted'].slice(-5));
    expect(await h.timers()).toHaveLength(0);
    await h.advanceTo('2024-06-01T00:00:00.000Z');
    expect((await h.messages()).map((m) => m.stepId)).toEqual(['day-0', 'day-3', 'thanks']);
    expect((await h.instances())[0]).toMatchObject({ status: 'completed', endReason: 'goal:purchased', convertedAt: '2024-05-04T12:00:00.000Z' });
    await h.close();
  });
});

describe('exit criteria', () => {
  it('ends the journey at once on an exit event, cancelling its timer', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(nurture(false, { exitCriteria: [{ type: 'event', event: 'Unsubscribed', condition: { all: [{ fact: 'event.properties.list', operator: 'equal', value: 'marketing' }] } }] }));
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Signed Up');
    await h.track('u', 'Unsubscribed', { list: 'billing' }, '2024-05-02T00:00:00.000Z');
    expect((await h.customer('u')).journeys.nurture.status).toBe('active');
    await h.track('u', 'Unsubscribed', { list: 'marketing' }, '2024-05-02T01:00:00.000Z');
    expect((await h.customer('u')).journeys.nurture).toMatchObject({ status: 'exited', endReason: 'exit-criterion:0' });
    expect(await h.timers()).toHaveLength(0);
    await h.advanceTo('2024-06-01T00:00:00.000Z');
    expect((await h.messages()).map((m) => m.stepId)).toEqual(['day-0']);
    await h.close();
  });

  it('ends the journey when the customer leaves a segment', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(nurture(false, { exitCriteria: [{ type: 'segment-exited', segmentId: 'trial-users' }] }));
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Signed Up');
    await h.track('u', 'Segment Exited', { segment_id: 'other' }, '2024-05-02T00:00:00.000Z');
    expect((await h.customer('u')).journeys.nurture.status).toBe('active');
    await h.track('u', 'Segment Exited', { segment_id: 'trial-users' }, '2024-05-02T01:00:00.000Z');
    expect((await h.customer('u')).journeys.nurture.status).toBe('exited');
    await h.close();
  });

  it('lets an exit win over a goal and a wait listening to the same event', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(nurture(true, { exitCriteria: [{ type: 'event', event: 'Order Completed', condition: { all: [{ fact: 'event.properties.fraud', operator: 'equal', value: true }] } }] }));
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Signed Up');
    await h.track('u', 'Order Completed', { total: 50, fraud: true }, '2024-05-02T00:00:00.000Z');
    expect((await h.instances())[0]).toMatchObject({ status: 'exited' });
    expect((await h.instances())[0].convertedAt).toBeUndefined();
    await h.close();
  });
});
