import { describe, expect, it } from 'vitest';
import { ingestBatch, ingestMessage } from '../../engine/ingest/index';
import type { Customer } from '../../schemas/types';
import { action, entry, exit, go, journey, onEvent, timeout, waitFor, when } from '../support/journey-factory';
import { JourneyHarness } from '../support/journey-harness';

/** Signed Up → plan trial, legacy_flag gone, tagged, 50 points, stage convert. */
function onboarding() {
  return journey(
    'onboard',
    [
      entry('in', onEvent('Signed Up')),
      action({ id: 'set-plan', kind: 'update-attributes', params: { set: { plan: 'trial' }, unset: ['legacy_flag'] } }),
      action({ id: 'tag', kind: 'tags', params: { add: ['trial'] } }),
      action({ id: 'points', kind: 'loyalty', params: { operation: 'award', points: 50 } }),
      action({ id: 'stage', kind: 'lifecycle-stage', params: { stage: 'convert' } }),
      exit('done'),
    ],
    [go('in', 'set-plan'), go('set-plan', 'tag'), go('tag', 'points'), go('points', 'stage'), go('stage', 'done')],
  );
}

/**
 * What a journey writes to a customer is written at the step's time, like an identify at that time:
 * an identify stamped earlier that arrives later does not undo it, a later one does, and an identity
 * merge keeps it.
 */
describe('attributes a journey writes', () => {
  it('are not overwritten by an identify stamped before the step, however late it arrives; a later identify wins', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(onboarding());
    await h.identify('u', { plan: 'free', legacy_flag: true });
    await h.track('u', 'Signed Up', {}, '2024-05-01T13:00:00.000Z');
    // A CRM sync, delayed in a queue, replays what it knew at 12:30.
    const stale = { userId: 'u', timestamp: '2024-05-01T12:30:00.000Z', traits: { plan: 'free', legacy_flag: true, tags: ['prospect'], loyalty_points: 0, lifecycle_stage: 'acquire' } };
    expect((await ingestMessage(h.runtime, h.workspace, stale, 'identify')).stored).toBe(1);
    let customer = await h.customer('u');
    expect(customer.attributes).toMatchObject({ plan: 'trial', tags: ['trial'], loyalty_points: 50, lifecycle_stage: 'convert' });
    expect(customer.attributes).not.toHaveProperty('legacy_flag');

    await h.identify('u', { plan: 'paid', legacy_flag: false }, '2024-05-01T14:00:00.000Z');
    customer = await h.customer('u');
    expect(customer.attributes).toMatchObject({ plan: 'paid', legacy_flag: false, tags: ['trial'] });
    await h.close();
  });

  it('are never outranked by the value they were computed from: two journeys awarding points on one event both count', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    for (const id of ['points-a', 'points-b', 'points-c']) {
      await h.publish(journey(id, [entry('in', onEvent('Order Completed')), action({ id: 'award', kind: 'loyalty', params: { operation: 'award', points: 10 } }), exit('done')], [go('in', 'award'), go('award', 'done')]));
    }
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Order Completed', {}, '2024-05-01T12:00:01.000Z');
    expect((await h.customer('u')).attributes.loyalty_points).toBe(30);
    await h.close();
  });

  it('of two steps in one request (a batch) both stay, though they share the millisecond', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(journey(
      'tagger',
      [
        entry('in', onEvent('Signed Up')),
        action({ id: 'tag-signed-up', kind: 'tags', params: { add: ['signed-up'] } }),
        waitFor('activation', 'P7D'),
        action({ id: 'tag-activated', kind: 'tags', params: { add: ['activated'] } }),
        exit('done'),
        exit('never-activated'),
      ],
      [go('in', 'tag-signed-up'), go('tag-signed-up', 'activation'), when('activation', 'tag-activated', 'Activated'), timeout('activation', 'never-activated'), go('tag-activated', 'done')],
    ));
    const at = new Date(h.clock.now()).toISOString();
    const batch = [
      { type: 'track', userId: 'v', event: 'Signed Up', timestamp: at, messageId: 'm1' },
      { type: 'track', userId: 'v', event: 'Activated', timestamp: at, messageId: 'm2' },
    ];
    expect((await ingestBatch(h.runtime, h.workspace, { batch })).rejected).toEqual([]);
    expect((await h.customer('v')).attributes.tags).toEqual(['signed-up', 'activated']);
    await h.close();
  });

  it('apply over an identify from a clock running ahead, which they were computed from', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(onboarding());
    const ahead = { userId: 'u', timestamp: '2024-05-01T12:00:02.000Z', traits: { tags: ['lead'], loyalty_points: 10, legacy_flag: true } };
    expect((await ingestMessage(h.runtime, h.workspace, ahead, 'identify')).stored).toBe(1);
    await h.track('u', 'Signed Up');
    const customer = await h.customer('u');
    expect(customer.attributes).toMatchObject({ plan: 'trial', tags: ['lead', 'trial'], loyalty_points: 60, lifecycle_stage: 'convert' });
    expect(customer.attributes).not.toHaveProperty('legacy_flag');
    await h.close();
  });

  it('survive an identity merge: an anonymous visitor tagged and awarded points keeps them as the known customer', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(onboarding());
    await h.identify('known', { email: 'k@example.com', loyalty_points: 5, tags: ['lead'] });
    const track = { anonymousId: 'visitor-1', event: 'Signed Up', timestamp: '2024-05-01T12:00:00.000Z' };
    expect((await ingestMessage(h.runtime, h.workspace, track, 'track')).stored).toBe(1);
    const anonymous = await h.store.collection<Customer>('customers').findOne(h.workspace, { anonymousIds: 'visitor-1' });
    expect(anonymous?.attributes).toMatchObject({ plan: 'trial', tags: ['trial'], loyalty_points: 50 });

    h.clock.advanceBy(60_000);
    const signIn = { userId: 'known', anonymousId: 'visitor-1', traits: {}, timestamp: '2024-05-01T12:01:00.000Z' };
    expect((await ingestMessage(h.runtime, h.workspace, signIn, 'identify')).stored).toBe(1);
    const merged = await h.customer('known');
    expect(merged.anonymousIds).toContain('visitor-1');
    // The visitor's 50 points and `trial` tag came after the known customer's 5 points and `lead` tag were set: both stay.
    expect(merged.attributes).toMatchObject({ email: 'k@example.com', plan: 'trial', tags: ['lead', 'trial'], loyalty_points: 55, lifecycle_stage: 'convert' });
    await h.close();
  });

  it('write an object whole, as the journey wrote it: no key of the old object stays', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(journey('remember', [entry('in', onEvent('Order Completed')), action({ id: 'keep', kind: 'update-attributes', params: { set: { last_order: '{{ event.properties }}', note: { seen: true } } } }), exit('done')], [go('in', 'keep'), go('keep', 'done')], { reentry: { policy: 'always' } }));
    await h.identify('u', { note: { by_crm: 'x' } });
    await h.track('u', 'Order Completed', { order_id: 'o1', coupon: 'SPRING' }, '2024-05-01T12:01:00.000Z');
    await h.track('u', 'Order Completed', { order_id: 'o2' }, '2024-05-01T12:02:00.000Z');
    expect((await h.customer('u')).attributes.last_order).toEqual({ order_id: 'o2' });
    expect((await h.customer('u')).attributes.note).toEqual({ seen: true });
    await h.close();
  });

  it('move past a key stamped ahead only for that key: the others keep the step time, and a later CRM identify still wins them', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(journey('prefs', [entry('in', onEvent('Signed Up')), action({ id: 'set', kind: 'update-attributes', params: { set: { plan: 'trial', theme: 'light' } } }), exit('done')], [go('in', 'set'), go('set', 'done')]));
    const aDayAhead = { userId: 'u', timestamp: '2024-05-02T12:00:00.000Z', traits: { theme: 'dark' } };
    expect((await ingestMessage(h.runtime, h.workspace, aDayAhead, 'identify')).stored).toBe(1);
    await h.track('u', 'Signed Up');
    expect((await h.customer('u')).attributes).toMatchObject({ plan: 'trial', theme: 'light' });
    await h.identify('u', { plan: 'paid' }, '2024-05-01T13:00:00.000Z');
    expect((await h.customer('u')).attributes).toMatchObject({ plan: 'paid', theme: 'light' });
    await h.close();
  });

  it('apply over a value stamped at the end of time', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(onboarding());
    const endOfTime = { userId: 'u', timestamp: '9999-12-31T23:59:59.999Z', traits: { loyalty_points: 10 } };
    expect((await ingestMessage(h.runtime, h.workspace, endOfTime, 'identify')).stored).toBe(1);
    await h.track('u', 'Signed Up');
    expect((await h.customer('u')).attributes.loyalty_points).toBe(60);
    await h.close();
  });
});
