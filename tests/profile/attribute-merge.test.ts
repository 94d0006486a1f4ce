import { describe, expect, it } from 'vitest';
import { attributesOfEvent, isSafeAttributeKey, maxAttributeDepth, readProfileMeta, toEventTime, type ProfileEvent } from '../../engine/profile/index';
import { applyEvents, createRandom, deepFreeze, makeEvent, newTestCustomer, randomEvent, shuffled } from '../support/profile-event-factory';

/**
 * The reference: sort the events by (event time, messageId) and apply each one's attributes naively —
 * objects merged key by key, everything else replaced. The engine must reach the same attributes
 * incrementally from ANY arrival order.
 */
function replayAttributes(events: readonly ProfileEvent[]): Record<string, unknown> {
  const ordered = [...events].sort((a, b) => {
    const ka = `${toEventTime(a.timestamp)} ${a.messageId}`;
    const kb = `${toEventTime(b.timestamp)} ${b.messageId}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const attributes: Record<string, unknown> = {};
  for (const event of ordered) {
    const assigned = attributesOfEvent(event);
    if (assigned) assignNaively(attributes, structuredClone(assigned), 0);
  }
  return attributes;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function assignNaively(target: Record<string, unknown>, incoming: Record<string, unknown>, depth: number): void {
  for (const key of Object.keys(incoming)) {
    const value = incoming[key];
    if (value === undefined || !isSafeAttributeKey(key)) continue;
    if (isObject(value) && depth < maxAttributeDepth) {
      if (!Object.hasOwn(target, key) || !isObject(target[key])) target[key] = {};
      assignNaively(target[key] as Record<string, unknown>, value, depth + 1);
    } else {
      target[key] = value;
    }
  }
}

const t1 = '2024-03-01T10:00:00.000Z';
const t2 = '2024-03-02T10:00:00.000Z';
const t3 = '2024-03-03T10:00:00.000Z';

function identify(timestamp: string, traits: Record<string, unknown>, messageId?: string): ProfileEvent {
  return makeEvent({ type: 'identify', timestamp, traits, ...(messageId ? { messageId } : {}) });
}

function permutations<T>(values: readonly T[]): T[][] {
  if (values.length <= 1) return [[...values]];
  return values.flatMap((value, i) => permutations([...values.slice(0, i), ...values.slice(i + 1)]).map((rest) => [value, ...rest]));
}

/** Attributes after every permutation of the events; all must be equal, and equal to the replay. */
function expectSameInEveryOrder(events: ProfileEvent[], expected: Record<string, unknown>): void {
  for (const order of permutations(events)) {
    expect(applyEvents(newTestCustomer(), order).attributes).toEqual(expected);
  }
  expect(replayAttributes(events)).toEqual(expected);
}

describe('attribute merge by event time', () => {
  it('keeps the newest value when an older identify arrives late', () => {
    const newer = identify(t2, { plan: 'pro', email: 'new@example.com' });
    const older = identify(t1, { plan: 'free', email: 'old@example.com', city: 'Leeds' });
    const customer = applyEvents(newTestCustomer(), [newer, older]);
    expect(customer.attributes).toEqual({ plan: 'pro', email: 'new@example.com', city: 'Leeds' });
    expectSameInEveryOrder([newer, older], { plan: 'pro', email: 'new@example.com', city: 'Leeds' });
  });

  it('merges nested objects key by key, each key by its own time', () => {
    const events = [
      identify(t1, { consent: { email: true, sms: true }, address: { city: 'Leeds', zip: 'LS1' } }),
      identify(t2, { consent: { email: false } }),
      identify(t3, { address: { city: 'York' } }),
    ];
    expectSameInEveryOrder(events, { consent: { email: false, sms: true }, address: { city: 'York', zip: 'LS1' } });
  });

  it('lets a newer scalar replace an object, and a newer object start afresh over a scalar', () => {
    const events = [
      identify(t1, { address: { city: 'Leeds', zip: 'LS1' } }),
      identify(t2, { address: '1 Main Street, York' }),
      identify(t3, { address: { zip: 'YO1' } }),
    ];
    // At t2 the scalar wiped city and zip; at t3 the object starts again from nothing but its own keys.
    expectSameInEveryOrder(events, { address: { zip: 'YO1' } });
  });

  it('replaces arrays whole and stores null as a value', () => {
    const events = [identify(t1, { tags: ['a', 'b'], nickname: 'Al' }), identify(t2, { tags: ['c'], nickname: null })];
    expectSameInEveryOrder(events, { tags: ['c'], nickname: null });
  });

  it('breaks ties between events of the same millisecond by messageId, in every arrival order', () => {
    const events = [identify(t1, { plan: 'free' }, 'msg-a'), identify(t1, { plan: 'pro' }, 'msg-b')];
    expectSameInEveryOrder(events, { plan: 'pro' });
  });

  it('compares times by instant, whatever ISO spelling reached the profile', () => {
    const events = [identify('2024-03-01T11:00:00+01:00', { plan: 'a' }), identify('2024-03-01T10:30:00Z', { plan: 'b' })];
    expectSameInEveryOrder(events, { plan: 'b' });
  });

  it('takes attributes from context.traits of any event, identify traits winning within one event', () => {
    const track = makeEvent({ type: 'track', event: 'Signed Up', timestamp: t1, context: { traits: { plan: 'trial', country: 'UK' } } });
    const both = makeEvent({ type: 'identify', timestamp: t2, traits: { plan: 'pro', address: { city: 'York' } }, context: { traits: { plan: 'stale', address: { zip: 'YO1' } } } });
    const group = makeEvent({ type: 'group', timestamp: t3, traits: { plan: 'enterprise', employees: 50 } });
    expectSameInEveryOrder([track, both, group], { plan: 'pro', country: 'UK', address: { city: 'York', zip: 'YO1' } });
  });

  it('never copies __proto__, constructor or prototype keys and never touches Object.prototype', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 2}}, "prototype": 3, "profile": {"__proto__": {"polluted": 4}, "ok": 1}}');
    const customer = applyEvents(newTestCustomer(), [identify(t1, hostile)]);
    expect(customer.attributes).toEqual({ profile: { ok: 1 } });
    expect(Object.keys(customer.attributes)).toEqual(['profile']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(customer.attributes)).toBe(Object.prototype);
  });

  it('treats keys that look like Object.prototype members as ordinary keys', () => {
    const events = [identify(t1, { toString: 'x', hasOwnProperty: { a: 1 } }), identify(t2, { valueOf: 2 })];
    expectSameInEveryOrder(events, { toString: 'x', hasOwnProperty: { a: 1 }, valueOf: 2 });
  });

  it('stores objects nested deeper than the bound as one value, without recursing into them', () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    const customer = applyEvents(newTestCustomer(), [identify(t1, { deep })]);
    let cursor: unknown = customer.attributes.deep;
    let source: unknown = deep;
    for (let depth = 1; depth < maxAttributeDepth; depth++) {
      cursor = (cursor as Record<string, unknown>).next;
      source = (source as Record<string, unknown>).next;
    }
    // Below the bound the engine keeps the event's own object as the value.
    expect((cursor as Record<string, unknown>).next).toBe((source as Record<string, unknown>).next);
  });

  it('never mutates the customer or the event it is given', () => {
    const customer = deepFreeze(applyEvents(newTestCustomer(), [identify(t1, { address: { city: 'Leeds' }, plan: 'free' })]));
    const event = deepFreeze(identify(t2, { address: '1 Main Street', plan: { tier: 'pro' } }));
    const after = applyEvents(customer, [event]);
    expect(after.attributes).toEqual({ address: '1 Main Street', plan: { tier: 'pro' } });
    expect(customer.attributes).toEqual({ address: { city: 'Leeds' }, plan: 'free' });
  });

  it('records the stamp of every attribute path in meta, not in attributes', () => {
    const event = identify(t2, { address: { city: 'York' } }, 'msg-stamp');
    const meta = readProfileMeta(applyEvents(newTestCustomer(), [event]));
    expect(meta.attributeStamps).toEqual({ address: [`${t2} msg-stamp`, null, { city: `${t2} msg-stamp` }] });
  });
});

describe('attribute merge under random arrival orders (property)', () => {
  it('equals the event-time replay for every order, and keeps the same stamps', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const random = createRandom(seed);
      const count = 1 + Math.floor(random() * 9);
      const events = Array.from({ length: count }, (_, i) => randomEvent(random, i));
      const expected = replayAttributes(events);
      let firstStamps: unknown;
      for (let round = 0; round < 6; round++) {
        const customer = applyEvents(newTestCustomer(), shuffled(random, events));
        expect(customer.attributes, `seed ${seed}, round ${round}`).toEqual(expected);
        const stamps = readProfileMeta(customer).attributeStamps;
        if (round === 0) firstStamps = stamps;
        else expect(stamps, `seed ${seed}, round ${round}`).toEqual(firstStamps);
      }
    }
  });
});
