import type { Customer } from '../../schemas/types';
import { applyEventToCustomer, createCustomer, type ProfileEvent } from '../../engine/profile/index';

export { createRandom } from './seeded-random';
export function pickOne<T>(random: () => number, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)];
}

/** A shuffled copy (Fisher–Yates). */
export function shuffled<T>(random: () => number, values: readonly T[]): T[] {
  const copy = [...values];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** A fresh customer for profile tests. */
export function newTestCustomer(overrides: Partial<Parameters<typeof createCustomer>[0]> = {}): Customer {
  return createCustomer({ id: 'cus_1', workspace: 'ws_test', userId: 'u1', anonymousId: null, now: '2024-01-01T00:00:00.000Z', ...overrides });
}

let messageCounter = 0;

/** An event with defaults filled in: a track at 2024-01-01T00:00:00.000Z with a unique messageId. */
export function makeEvent(fields: Partial<ProfileEvent> & Pick<ProfileEvent, 'type'>): ProfileEvent {
  messageCounter += 1;
  return { messageId: `m-${messageCounter}`, timestamp: '2024-01-01T00:00:00.000Z', ...fields };
}

/** The customer after applying the events in the given order. */
export function applyEvents(customer: Customer, events: readonly ProfileEvent[]): Customer {
  return events.reduce(applyEventToCustomer, customer);
}

/** Deep-freezes a value, as the store does under WAYFARER_STORE_FREEZE=1. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value as Record<string, unknown>)) deepFreeze(inner);
  }
  return value;
}

const attributeKeys = ['plan', 'address', 'consent', 'tags', 'score'] as const;
const innerKeys = ['city', 'email', 'sms', 'zip'] as const;
const times = ['2024-03-01T10:00:00.000Z', '2024-03-01T10:00:00.000Z', '2024-03-02T09:30:00.000Z', '2024-02-28T23:59:59.999Z', '2024-03-05T00:00:00.000Z'];

function randomLeaf(random: () => number): unknown {
  return pickOne(random, [() => Math.floor(random() * 100), () => pickOne(random, ['a', 'b', 'c']), () => null, () => [1, 2], () => true, () => ({})])();
}

function randomValue(random: () => number, depth: number): unknown {
  if (depth < 3 && random() < 0.5) {
    const value: Record<string, unknown> = {};
    const keys = depth === 0 ? attributeKeys : innerKeys;
    const count = Math.floor(random() * 3);
    for (let i = 0; i < count; i++) value[pickOne(random, keys)] = randomValue(random, depth + 1);
    return value;
  }
  return randomLeaf(random);
}

/** Random identify traits over a small key space, so writes collide, nest and change type. */
export function randomTraits(random: () => number): Record<string, unknown> {
  const traits: Record<string, unknown> = {};
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) traits[pickOne(random, attributeKeys)] = randomValue(random, 1);
  return traits;
}

/** Device zones of screen events: two valid, one that the profile must ignore. */
const deviceZones = ['Europe/Berlin', 'Asia/Tokyo', 'Mars/Olympus_Mons'];

/** A random event: identify, page, screen, or track (orders, refunds, others), at one of a few colliding times. */
export function randomEvent(random: () => number, index: number): ProfileEvent {
  const timestamp = pickOne(random, times);
  const messageId = `msg-${index}-${Math.floor(random() * 1e6)}`;
  const kind = random();
  if (kind < 0.35) return { type: 'identify', messageId, timestamp, traits: randomTraits(random) };
  if (kind < 0.45) return { type: 'page', messageId, timestamp, name: 'Home', context: { traits: randomTraits(random) } };
  // The device zone comes from the index, not `random`, so the other events stay what they were.
  if (kind < 0.5) return { type: 'screen', messageId, timestamp, name: 'Cart', context: { timezone: deviceZones[index % deviceZones.length] } };
  if (kind < 0.75) {
    const revenue = Math.round(random() * 100000) / 100;
    return { type: 'track', messageId, timestamp, event: 'Order Completed', properties: { order_id: messageId, revenue, total: revenue } };
  }
  if (kind < 0.85) return { type: 'track', messageId, timestamp, event: 'Order Refunded', properties: { total: Math.round(random() * 5000) / 100 } };
  return { type: 'track', messageId, timestamp, event: pickOne(random, ['Product Viewed', 'Signed Up']) };
}
