import { describe, expect, it } from 'vitest';
import { ingestMessage } from '../../engine/ingest';
import { JourneyHarness } from '../support/journey-harness';
import { email, entry, exit, go, goal, journey, onEvent, timeout, waitFor, when } from '../support/journey-factory';

const abandonedCart = journey(
  'abandoned-cart',
  [entry('added', onEvent('Product Added')), waitFor('checkout', 'PT4H'), email('reminder', 'You left something behind'), email('thanks', 'Thanks!'), exit('done')],
  [
    go('added', 'checkout'),
    when('checkout', 'thanks', 'Order Completed', { all: [{ fact: 'event.properties.total', operator: 'greaterThan', value: 0 }] }),
    timeout('checkout', 'reminder'),
    go('reminder', 'done'),
    go('thanks', 'done'),
  ],
  { reentry: { policy: 'after-exit' } },
);

describe('wait for event', () => {
  it('moves on when the awaited event meets its condition, and drops the timeout timer', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(abandonedCart);
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Product Added');
    expect(await h.timers()).toHaveLength(1);
    await h.track('u', 'Order Completed', { total: 0 }, '2024-05-01T11:00:00.000Z'); // condition not met: keeps waiting
    expect((await h.customer('u')).journeys['abandoned-cart'].state).toBe('checkout');
    await h.track('u', 'Order Completed', { total: 30 }, '2024-05-01T12:00:00.000Z');
    expect(await h.pathOf('u', 'abandoned-cart')).toEqual(['added', 'checkout', 'thanks', 'done']);
    expect(await h.timers()).toHaveLength(0);
    await h.advanceTo('2024-05-02T00:00:00.000Z');
    expect((await h.messages()).map((m) => m.stepId)).toEqual(['thanks']);
    await h.close();
  });

  it('ignores a late-arriving event that happened before the customer entered', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(abandonedCart);
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Product Added');
    const { ingestMessage } = await import('../../engine/ingest');
    await ingestMessage(h.runtime, h.workspace, { userId: 'u', event: 'Order Completed', properties: { total: 9 }, timestamp: '2024-05-01T09:00:00.000Z' }, 'track');
    expect((await h.customer('u')).journeys['abandoned-cart'].state).toBe('checkout');
    await h.close();
  });

  it('takes the timeout branch when nothing arrives in time', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(abandonedCart);
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Product Added');
    await h.advanceTo('2024-05-01T13:59:59.999Z');
    expect(await h.messages()).toHaveLength(0);
    await h.advanceTo('2024-05-01T14:00:00.000Z');
    const [reminder] = await h.messages();
    expect([reminder.stepId, reminder.createdAt]).toEqual(['reminder', '2024-05-01T14:00:00.000Z']);
    // The order after the timeout no longer matters to this (finished) instance.
    await h.track('u', 'Order Completed', { total: 30 }, '2024-05-01T15:00:00.000Z');
    expect((await h.messages()).map((m) => m.stepId)).toEqual(['reminder']);
    await h.close();
  });

  it('handles the arrival and the timeout in the same request batch in event order', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(abandonedCart);
    const { ingestBatch } = await import('../../engine/ingest');
    const at = '2024-05-01T10:00:00.000Z';
    const report = await ingestBatch(h.runtime, h.workspace, {
      batch: [
        { type: 'identify', userId: 'u', traits: { email: 'u@example.com' }, timestamp: at },
        { type: 'track', userId: 'u', event: 'Product Added', timestamp: at },
        { type: 'track', userId: 'u', event: 'Order Completed', properties: { total: 12 }, timestamp: at },
      ],
    });
    expect(report.stored).toBe(3);
    // One commit carried the entry and the move on: the second event saw the instance the first created.
    expect(await h.pathOf('u', 'abandoned-cart')).toEqual(['added', 'checkout', 'thanks', 'done']);
    expect(await h.timers()).toHaveLength(0);
    await h.close();
  });

  describe('in event time', () => {
    const trackAt = async (h: JourneyHarness, event: string, timestamp: string, properties: Record<string, unknown> = {}) => {
      const report = await ingestMessage(h.runtime, h.workspace, { userId: 'u', event, properties, timestamp }, 'track');
      expect(report.rejected).toEqual([]);
    };

    it('answers the wait with an order placed a minute after the entry event, though both arrive later together', async () => {
      const h = await JourneyHarness.create('2024-05-01T10:02:00.000Z');
      await h.publish(abandonedCart);
      await h.identify('u', { email: 'u@example.com' });
      await trackAt(h, 'Product Added', '2024-05-01T10:00:00.000Z');
      await trackAt(h, 'Order Completed', '2024-05-01T10:01:00.000Z', { total: 30 });
      expect(await h.pathOf('u', 'abandoned-cart')).toEqual(['added', 'checkout', 'thanks', 'done']);
      await h.close();
    });

    it('takes no event that happened at or after the timeout, even before the timer fired', async () => {
      const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
      await h.publish(abandonedCart);
      await h.identify('u', { email: 'u@example.com' });
      await trackAt(h, 'Product Added', '2024-05-01T10:00:00.000Z');
      h.clock.advanceTo(Date.parse('2024-05-01T16:00:00.000Z')); // the worker is behind: the 14:00 timeout has not fired
      await trackAt(h, 'Order Completed', '2024-05-01T14:00:00.000Z', { total: 30 });
      expect((await h.customer('u')).journeys['abandoned-cart'].state).toBe('checkout');
      await trackAt(h, 'Order Completed', '2024-05-01T13:59:00.000Z', { total: 30 }); // within the wait: taken
      expect(await h.pathOf('u', 'abandoned-cart')).toEqual(['added', 'checkout', 'thanks', 'done']);
      await h.close();
    });

    it('ends no instance by an exit event that happened before the customer entered', async () => {
      const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
      await h.publish({ ...abandonedCart, settings: { ...abandonedCart.settings, exitCriteria: [{ type: 'event', event: 'Unsubscribed' }] } });
      await h.identify('u', { email: 'u@example.com' });
      await trackAt(h, 'Product Added', '2024-05-01T10:00:00.000Z');
      await trackAt(h, 'Unsubscribed', '2022-03-01T10:00:00.000Z'); // an import of old history
      expect((await h.customer('u')).journeys['abandoned-cart']).toMatchObject({ status: 'active', state: 'checkout' });
      await trackAt(h, 'Unsubscribed', '2024-05-01T10:30:00.000Z');
      expect((await h.customer('u')).journeys['abandoned-cart']).toMatchObject({ status: 'exited', endReason: 'exit-criterion:0' });
      await h.close();
    });

    it('answers the wait with an order that arrived before the event that entered the customer', async () => {
      // The app flushes "Product Added" (10:00:00) at 10:00:30; the backend's order (10:00:10) came at 10:00:15.
      const h = await JourneyHarness.create('2024-05-01T10:00:15.000Z');
      await h.publish(abandonedCart);
      await h.identify('u', { email: 'u@example.com' });
      await trackAt(h, 'Order Completed', '2024-05-01T10:00:10.000Z', { total: 30 });
      h.clock.advanceTo(Date.parse('2024-05-01T10:00:30.000Z'));
      await trackAt(h, 'Product Added', '2024-05-01T10:00:00.000Z');
      expect(await h.pathOf('u', 'abandoned-cart')).toEqual(['added', 'checkout', 'thanks', 'done']);
      expect(await h.timers()).toEqual([]);
      await h.advanceTo('2024-05-02T00:00:00.000Z');
      expect((await h.messages()).map((m) => m.stepId)).toEqual(['thanks']);
      await h.close();
    });

    it('counts a goal and meets an exit criterion with events that arrived before the entering one', async () => {
      const h = await JourneyHarness.create('2024-05-01T10:00:15.000Z');
      await h.publish(journey(
        'nudge',
        [entry('added', onEvent('Product Added')), waitFor('later', 'PT4H'), email('reminder', 'Forgot something?'), exit('done'), goal('bought', 'Order Completed', 'P1D', true), exit('converted')],
        [go('added', 'later'), when('later', 'done', 'Never Happens'), timeout('later', 'reminder'), go('reminder', 'done'), go('bought', 'converted')],
      ));
      await h.identify('u', { email: 'u@example.com' });
      await trackAt(h, 'Order Completed', '2024-05-01T10:00:10.000Z', { total: 30 });
      h.clock.advanceTo(Date.parse('2024-05-01T10:00:30.000Z'));
      await trackAt(h, 'Product Added', '2024-05-01T10:00:00.000Z');
      const [instance] = await h.instances();
      expect(instance).toMatchObject({ status: 'completed', endReason: 'goal:bought', convertedAt: expect.any(String) });
      expect(await h.timers()).toEqual([]);
      // An event from before the entry still counts for nothing.
      await trackAt(h, 'Order Completed', '2024-04-30T10:00:00.000Z', { total: 30 });
      h.clock.advanceTo(Date.parse('2024-05-03T10:00:00.000Z'));
      await trackAt(h, 'Product Added', '2024-05-03T10:00:00.000Z');
      expect((await h.instances()).filter((i) => i.status === 'active')).toHaveLength(0);
      await h.close();

      // An unsubscribe (10:00:10) that arrived before the cart event (10:00:00) ends the new instance.
      const x = await JourneyHarness.create('2024-05-01T10:00:15.000Z');
      await x.publish({ ...abandonedCart, settings: { ...abandonedCart.settings, exitCriteria: [{ type: 'event', event: 'Unsubscribed' }] } });
      await x.identify('u', { email: 'u@example.com' });
      await trackAt(x, 'Unsubscribed', '2024-05-01T10:00:10.000Z');
      x.clock.advanceTo(Date.parse('2024-05-01T10:00:30.000Z'));
      await trackAt(x, 'Product Added', '2024-05-01T10:00:00.000Z');
      expect((await x.customer('u')).journeys['abandoned-cart']).toMatchObject({ status: 'exited', endReason: 'exit-criterion:0' });
      await x.advanceTo('2024-05-02T00:00:00.000Z');
      expect(await x.messages()).toEqual([]);
      await x.close();
    });
  });
});
