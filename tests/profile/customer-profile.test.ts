import { describe, expect, it } from 'vitest';
import { applyEventToCustomer, createCustomer } from '../../engine/profile/index';
import { applyEvents, createRandom, deepFreeze, makeEvent, newTestCustomer, randomEvent, shuffled } from '../support/profile-event-factory';

describe('createCustomer', () => {
  it('makes an empty version-0 document that validates against the customer schema', async () => {
    const { validateAgainstSchema } = await import('../../engine/validation/index');
    const customer = createCustomer({ id: 'c1', workspace: 'ws_1', userId: null, anonymousId: 'anon-1', now: '2024-01-01T00:00:00.000Z' });
    expect(customer).toMatchObject({
      _id: 'c1',
      workspace: 'ws_1',
      userId: null,
      anonymousIds: ['anon-1'],
      attributes: {},
      traits: { events_count: 0, orders_count: 0, revenue_total: 0, first_order_at: null, last_order_at: null, average_order_value: null, event_counts: {} },
      segments: [],
      journeys: {},
      version: 0,
      createdAt: '2024-01-01T00:00:00.000Z',
    });
    expect(validateAgainstSchema('customer', customer).ok).toBe(true);
  });
});

describe('applyEventToCustomer', () => {
  it('gives the same customer document for any permutation of the same events (property)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = createRandom(seed * 7919);
      const events = Array.from({ length: 1 + Math.floor(random() * 12) }, (_, i) => randomEvent(random, i));
      const reference = applyEvents(newTestCustomer(), events);
      for (let round = 0; round < 4; round++) {
        expect(applyEvents(newTestCustomer(), shuffled(random, events)), `seed ${seed}`).toEqual(reference);
      }
    }
  });

  it('leaves version and updatedAt to the pipeline, and keeps meta keys other areas own', () => {
    const customer = deepFreeze({ ...newTestCustomer(), version: 4, updatedAt: '2024-02-01T00:00:00.000Z', meta: { ...newTestCustomer().meta, scoring: { x: 1 } } });
    const after = applyEventToCustomer(customer, makeEvent({ type: 'track', event: 'Order Completed', properties: { revenue: 5 } }));
    expect(after.version).toBe(4);
    expect(after.updatedAt).toBe('2024-02-01T00:00:00.000Z');
    expect(after.meta?.scoring).toEqual({ x: 1 });
    expect(after.traits.orders_count).toBe(1);
    expect(customer.traits.orders_count).toBe(0);
  });

  it('takes the userId of an event when the customer has none, and collects anonymousIds sorted', () => {
    const anonymous = newTestCustomer({ userId: null, anonymousId: 'anon-b' });
    const after = applyEvents(anonymous, [
      makeEvent({ type: 'page', anonymousId: 'anon-c', userId: null }),
      makeEvent({ type: 'identify', anonymousId: 'anon-a', userId: 'user-9', traits: {} }),
      makeEvent({ type: 'track', event: 'X', userId: 'user-other' }),
    ]);
    expect(after.userId).toBe('user-9');
    expect(after.anonymousIds).toEqual(['anon-a', 'anon-b', 'anon-c']);
  });

  it('produces a document the customer schema accepts after many kinds of event', async () => {
    const { validateAgainstSchema } = await import('../../engine/validation/index');
    const random = createRandom(42);
    const customer = applyEvents(newTestCustomer(), Array.from({ length: 50 }, (_, i) => randomEvent(random, i)));
    const result = validateAgainstSchema('customer', customer);
    expect(result.ok ? [] : result.problem.details).toEqual([]);
  });
});
