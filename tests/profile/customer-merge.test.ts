import { describe, expect, it } from 'vitest';
import { mergeCustomers, readProfileMeta } from '../../engine/profile/index';
import { applyEvents, createRandom, deepFreeze, makeEvent, newTestCustomer, randomEvent } from '../support/profile-event-factory';

const knownCustomer = () => newTestCustomer({ id: 'known', userId: 'user-1', anonymousId: 'anon-k', now: '2024-02-01T00:00:00.000Z' });
const anonymousCustomer = () => newTestCustomer({ id: 'anon', userId: null, anonymousId: 'anon-z', now: '2024-01-15T00:00:00.000Z' });

describe('mergeCustomers', () => {
  it('equals one customer that received every event of both (property)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = createRandom(seed * 104729);
      const events = Array.from({ length: 2 + Math.floor(random() * 14) }, (_, i) => randomEvent(random, i));
      const toKnown = events.filter(() => random() < 0.5);
      const toAnonymous = events.filter((event) => !toKnown.includes(event));
      const merged = mergeCustomers(deepFreeze(applyEvents(knownCustomer(), toKnown)), deepFreeze(applyEvents(anonymousCustomer(), toAnonymous)));
      const single = applyEvents(knownCustomer(), events);
      expect(merged.attributes, `seed ${seed}`).toEqual(single.attributes);
      expect(merged.traits, `seed ${seed}`).toEqual(single.traits);
      const mergedMeta = readProfileMeta(merged);
      const singleMeta = readProfileMeta(single);
      expect(mergedMeta.attributeStamps, `seed ${seed}`).toEqual(singleMeta.attributeStamps);
      expect(mergedMeta.orders, `seed ${seed}`).toEqual(singleMeta.orders);
      expect(mergedMeta.timezoneStamp, `seed ${seed}`).toEqual(singleMeta.timezoneStamp);
    }
  });

  it('keeps the known identity, segments and journeys; unions anonymousIds; takes the earlier createdAt', () => {
    const known = {
      ...applyEvents(knownCustomer(), [makeEvent({ type: 'identify', traits: { plan: 'pro' } })]),
      segments: ['seg-vip'],
      segmentsEnteredAt: { 'seg-vip': '2024-02-02T00:00:00.000Z' },
      journeys: { 'j-1': { instanceId: 'i-1', version: 1, state: 'welcome', status: 'active' as const, enteredAt: '2024-02-02T00:00:00.000Z' } },
      version: 7,
    };
    const anonymous = { ...applyEvents(anonymousCustomer(), [makeEvent({ type: 'page' })]), segments: ['seg-visitors'] };
    const merged = mergeCustomers(known, anonymous);
    expect(merged).toMatchObject({
      _id: 'known',
      userId: 'user-1',
      anonymousIds: ['anon-k', 'anon-z'],
      segments: ['seg-vip'],
      segmentsEnteredAt: { 'seg-vip': '2024-02-02T00:00:00.000Z' },
      journeys: { 'j-1': { state: 'welcome' } },
      version: 7,
      createdAt: '2024-01-15T00:00:00.000Z',
    });
    expect(merged.traits.events_count).toBe(2);
  });

  it('keeps the device time zone that came with the later event, from either customer', () => {
    const seen = (timestamp: string, timezone: string) => makeEvent({ type: 'page', timestamp, name: 'Home', context: { timezone } });
    const known = applyEvents(knownCustomer(), [seen('2024-03-01T00:00:00.000Z', 'Europe/Berlin')]);
    const laterAnonymous = applyEvents(anonymousCustomer(), [seen('2024-03-02T00:00:00.000Z', 'Asia/Tokyo')]);
    const earlierAnonymous = applyEvents(anonymousCustomer(), [seen('2024-02-01T00:00:00.000Z', 'Asia/Tokyo')]);
    expect(mergeCustomers(known, laterAnonymous).traits.timezone).toBe('Asia/Tokyo');
    expect(mergeCustomers(known, earlierAnonymous).traits.timezone).toBe('Europe/Berlin');
    expect(mergeCustomers(knownCustomer(), earlierAnonymous).traits.timezone).toBe('Asia/Tokyo');
    // And the merged customer still lets only a later event replace it.
    const merged = mergeCustomers(known, laterAnonymous);
    expect(applyEvents(merged, [seen('2024-03-01T12:00:00.000Z', 'America/New_York')]).traits.timezone).toBe('Asia/Tokyo');
  });

  it('keeps computed traits of the known customer and adds the ones only the anonymous customer has', () => {
    const known = { ...knownCustomer(), traits: { ...knownCustomer().traits, rfm: { r: 5 }, custom_a: 1 } };
    const anonymous = { ...anonymousCustomer(), traits: { ...anonymousCustomer().traits, rfm: { r: 1 }, custom_b: 2 } };
    const merged = mergeCustomers(known, anonymous);
    expect(merged.traits).toMatchObject({ rfm: { r: 5 }, custom_a: 1, custom_b: 2 });
  });

  it('is idempotent: merging the same anonymous customer again changes nothing', () => {
    const known = applyEvents(knownCustomer(), [makeEvent({ type: 'track', event: 'Order Completed', properties: { revenue: 10 } })]);
    const anonymous = applyEvents(anonymousCustomer(), [makeEvent({ type: 'track', event: 'Order Completed', properties: { revenue: 5 } })]);
    const once = mergeCustomers(known, anonymous);
    const twice = mergeCustomers(once, anonymous);
    expect(twice).toEqual(once);
    expect(twice.traits).toMatchObject({ orders_count: 2, revenue_total: 15 });
    expect(readProfileMeta(twice).mergedFrom).toEqual(['anon']);
  });

  it('remembers customers merged into the anonymous one, so a chain of merges is idempotent too', () => {
    const first = newTestCustomer({ id: 'anon-1', userId: null });
    const second = mergeCustomers(newTestCustomer({ id: 'anon-2', userId: null }), first);
    const known = mergeCustomers(knownCustomer(), second);
    expect(readProfileMeta(known).mergedFrom).toEqual(['anon-1', 'anon-2']);
    expect(mergeCustomers(known, first)).toBe(known);
  });
});
