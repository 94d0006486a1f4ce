import { describe, expect, it } from 'vitest';
import { readProfileMeta, type ProfileEvent } from '../../engine/profile/index';
import { applyEvents, createRandom, makeEvent, newTestCustomer, randomEvent, shuffled } from '../support/profile-event-factory';

function order(timestamp: string, properties: Record<string, unknown>): ProfileEvent {
  return makeEvent({ type: 'track', event: 'Order Completed', timestamp, properties });
}

function refund(timestamp: string, properties: Record<string, unknown>): ProfileEvent {
  return makeEvent({ type: 'track', event: 'Order Refunded', timestamp, properties });
}

describe('built-in traits', () => {
  it('counts every event and keeps first_seen_at / last_seen_at by event time, not arrival', () => {
    const events = [
      makeEvent({ type: 'track', event: 'Signed Up', timestamp: '2024-05-02T00:00:00.000Z' }),
      makeEvent({ type: 'identify', timestamp: '2024-05-03T00:00:00.000Z', traits: {} }),
      makeEvent({ type: 'page', timestamp: '2024-04-30T12:00:00.000Z', name: 'Home' }),
    ];
    const traits = applyEvents(newTestCustomer(), events).traits;
    expect(traits.events_count).toBe(3);
    expect(traits.first_seen_at).toBe('2024-04-30T12:00:00.000Z');
    expect(traits.last_seen_at).toBe('2024-05-03T00:00:00.000Z');
  });

  it('counts track events by name, pages as "Page Viewed", screens as "Screen Viewed", and not identify/group/alias', () => {
    const events: ProfileEvent[] = [
      makeEvent({ type: 'track', event: 'Product Viewed' }),
      makeEvent({ type: 'track', event: 'Product Viewed' }),
      makeEvent({ type: 'page', name: 'Pricing' }),
      makeEvent({ type: 'page' }),
      makeEvent({ type: 'screen', name: 'Cart' }),
      makeEvent({ type: 'identify', traits: { plan: 'pro' } }),
      makeEvent({ type: 'group', traits: { name: 'Acme' } }),
      makeEvent({ type: 'alias' }),
    ];
    const traits = applyEvents(newTestCustomer(), events).traits;
    expect(traits.event_counts).toEqual({ 'Product Viewed': 2, 'Page Viewed': 2, 'Screen Viewed': 1 });
    expect(traits.events_count).toBe(8);
  });

  it('never counts an event named __proto__ in event_counts (but still in events_count)', () => {
    const traits = applyEvents(newTestCustomer(), [makeEvent({ type: 'track', event: '__proto__' })]).traits;
    expect(traits.event_counts).toEqual({});
    expect(Object.getPrototypeOf(traits.event_counts)).toBe(Object.prototype);
    expect(traits.events_count).toBe(1);
  });

  it('counts Order Completed as orders with first/last order times by event time', () => {
    const traits = applyEvents(newTestCustomer(), [
      order('2024-02-10T09:00:00.000Z', { revenue: 10 }),
      order('2024-01-05T09:00:00.000Z', { revenue: 20 }),
      order('2024-03-01T09:00:00.000Z', { revenue: 30 }),
    ]).traits;
    expect(traits.orders_count).toBe(3);
    expect(traits.first_order_at).toBe('2024-01-05T09:00:00.000Z');
    expect(traits.last_order_at).toBe('2024-03-01T09:00:00.000Z');
  });

  it('sums revenue, else total, of orders minus refunds; refunds do not change orders_count', () => {
    const traits = applyEvents(newTestCustomer(), [
      order('2024-01-01T00:00:00.000Z', { revenue: 100, total: 120 }),
      order('2024-01-02T00:00:00.000Z', { total: 50.5 }),
      order('2024-01-03T00:00:00.000Z', { revenue: '19.50' }),
      order('2024-01-04T00:00:00.000Z', { revenue: 'a lot' }),
      refund('2024-01-05T00:00:00.000Z', { total: 30 }),
      refund('2024-01-06T00:00:00.000Z', { revenue: -10 }),
    ]).traits;
    expect(traits.orders_count).toBe(4);
    expect(traits.revenue_total).toBe(130);
    expect(traits.average_order_value).toBe(32.5);
  });

  it('has a null average order value and negative revenue for a customer with only refunds', () => {
    const traits = applyEvents(newTestCustomer(), [refund('2024-01-05T00:00:00.000Z', { total: 12.34 })]).traits;
    expect(traits.orders_count).toBe(0);
    expect(traits.revenue_total).toBe(-12.34);
    expect(traits.average_order_value).toBeNull();
    expect(traits.first_order_at).toBeNull();
  });

  it('sums money exactly, whatever the order of the additions', () => {
    const amounts = [0.1, 0.2, 0.3, 1234.56, 0.07];
    const events = amounts.map((revenue, i) => order(`2024-01-0${i + 1}T00:00:00.000Z`, { revenue }));
    expect(applyEvents(newTestCustomer(), events).traits.revenue_total).toBe(1235.23);
    expect(applyEvents(newTestCustomer(), [...events].reverse()).traits.revenue_total).toBe(1235.23);
  });

  it('rounds the average order value to micro-units', () => {
    const traits = applyEvents(newTestCustomer(), [
      order('2024-01-01T00:00:00.000Z', { revenue: 10 }),
      order('2024-01-02T00:00:00.000Z', { revenue: 10 }),
      order('2024-01-03T00:00:00.000Z', { revenue: 0.01 }),
    ]).traits;
    expect(traits.average_order_value).toBe(6.67);
  });

  it('keeps order days (UTC date → orders, gross micro-units) in meta for scoring', () => {
    const customer = applyEvents(newTestCustomer(), [
      order('2024-01-01T08:00:00.000Z', { revenue: 10 }),
      order('2024-01-01T23:59:59.999Z', { revenue: 5.5 }),
      order('2024-01-09T00:00:00.000Z', { revenue: 1 }),
      refund('2024-01-09T00:00:00.000Z', { total: 1 }),
    ]);
    expect(readProfileMeta(customer).orders).toEqual({
      completedMicros: 16_500_000,
      refundedMicros: 1_000_000,
      days: { '2024-01-01': [2, 15_500_000], '2024-01-09': [1, 1_000_000] },
      folded: null,
    });
  });

  it('keeps traits.timezone from context.timezone of the latest event by event time, whatever the arrival order', () => {
    const withZone = (timestamp: string, timezone: unknown, messageId?: string) =>
      makeEvent({ type: 'track', event: 'Product Viewed', timestamp, context: { timezone }, ...(messageId ? { messageId } : {}) });
    const events = [
      withZone('2024-05-01T10:00:00.000Z', 'Europe/Berlin'),
      withZone('2024-05-03T10:00:00.000Z', 'America/New_York'),
      // Same millisecond as the next: the messageId decides, as it does for attributes.
      withZone('2024-05-04T10:00:00.000Z', 'Europe/London', 'm-zone-a'),
      withZone('2024-05-04T10:00:00.000Z', 'Asia/Tokyo', 'm-zone-b'),
      // Later, but no zone luxon knows, or none at all: ignored.
      withZone('2024-05-05T10:00:00.000Z', 'Mars/Olympus_Mons'),
      withZone('2024-05-06T10:00:00.000Z', 42),
      makeEvent({ type: 'page', timestamp: '2024-05-07T10:00:00.000Z', name: 'Home' }),
      makeEvent({ type: 'identify', timestamp: '2024-05-08T10:00:00.000Z', traits: { plan: 'pro' }, context: { locale: 'en-US' } }),
    ];
    for (let seed = 1; seed <= 50; seed++) {
      const customer = applyEvents(newTestCustomer(), shuffled(createRandom(seed), events));
      expect(customer.traits.timezone, `seed ${seed}`).toBe('Asia/Tokyo');
      expect(customer.attributes.timezone, `seed ${seed}`).toBeUndefined();
    }
    expect(applyEvents(newTestCustomer(), [withZone('2024-05-05T10:00:00.000Z', 'Mars/Olympus_Mons')]).traits).not.toHaveProperty('timezone');
  });

  it('agrees with an independent tally on random event streams', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const random = createRandom(seed);
      const events = Array.from({ length: 1 + Math.floor(random() * 30) }, (_, i) => randomEvent(random, i));
      const traits = applyEvents(newTestCustomer(), shuffled(random, events)).traits;
      const orders = events.filter((e) => e.type === 'track' && e.event === 'Order Completed');
      const refunds = events.filter((e) => e.type === 'track' && e.event === 'Order Refunded');
      const cents = (e: ProfileEvent) => Math.round(Number(e.properties?.revenue ?? e.properties?.total) * 100);
      const netCents = orders.reduce((sum, e) => sum + cents(e), 0) - refunds.reduce((sum, e) => sum + cents(e), 0);
      const times = events.map((e) => e.timestamp).sort();
      const orderTimes = orders.map((e) => e.timestamp).sort();
      expect(traits.events_count, `seed ${seed}`).toBe(events.length);
      expect(traits.orders_count, `seed ${seed}`).toBe(orders.length);
      expect(traits.revenue_total, `seed ${seed}`).toBe(netCents / 100);
      expect(traits.first_seen_at).toBe(times[0]);
      expect(traits.last_seen_at).toBe(times[times.length - 1]);
      expect(traits.first_order_at).toBe(orderTimes[0] ?? null);
      expect(traits.last_order_at).toBe(orderTimes[orderTimes.length - 1] ?? null);
      expect(traits.average_order_value).toBe(orders.length ? Math.round((netCents / orders.length) * 1e4) / 1e6 : null);
    }
  });
});
