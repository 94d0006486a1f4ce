/**
 * Random customer documents for the differential test and the benchmark: the document shape of
 * schemas/customer.schema.json at the top, with the facts of condition-universe.ts set to right and
 * wrong types, nulls and arrays, and containers (traits.rfm, attributes.consent, …) that are sometimes
 * arrays of objects — the case where MongoDB would otherwise match element by element.
 */
import { arrayPool, createDatePool, numberPool, numericTextPool, objectPool, stringPool, universeNow } from './condition-universe';
import type { SeededRandom } from './seeded-random';

type Json = Record<string, unknown>;

const datePool = createDatePool();

function valueOfType(random: SeededRandom, type: string): unknown {
  switch (type) {
    case 'number':
      return random.chance(0.85) ? random.pick(numberPool) : random.pick(numericTextPool);
    case 'string':
      return random.pick(stringPool);
    case 'boolean':
      return random.chance(0.5);
    case 'date':
      return random.chance(0.85) ? random.pick(datePool.valid) : random.pick(datePool.odd);
    case 'birthday':
      return random.chance(0.8) ? random.pick(datePool.birthdays) : random.pick(datePool.valid);
    case 'array':
      return structuredClone(random.pick(arrayPool));
    default:
      return random.pick(stringPool);
  }
}

/** Any JSON value at all: the "wrong type" draw. */
function anyValue(random: SeededRandom): unknown {
  return valueOfType(random, random.pick(['number', 'string', 'boolean', 'date', 'array', 'null', 'object', 'numeric-text']));
}

function leaf(random: SeededRandom, type: string): unknown {
  if (random.chance(0.08)) return null;
  if (random.chance(0.22)) {
    const kind = random.pick(['number', 'string', 'boolean', 'date', 'array', 'null', 'object', 'numeric-text']);
    if (kind === 'null') return null;
    if (kind === 'object') return structuredClone(random.pick(objectPool));
    if (kind === 'numeric-text') return random.pick(numericTextPool);
    return valueOfType(random, kind);
  }
  return valueOfType(random, type);
}

/** Sets `fields` (name → type) on a container, each present with some probability. */
function fill(random: SeededRandom, fields: Record<string, string>, presence = 0.8): Json {
  const object: Json = {};
  for (const [name, type] of Object.entries(fields)) if (random.chance(presence)) object[name] = leaf(random, type);
  return object;
}

/** A container: usually an object, sometimes missing, null, a scalar, or an array of objects. */
function container(random: SeededRandom, fields: Record<string, string>): unknown {
  const roll = random.next();
  if (roll < 0.7) return fill(random, fields);
  if (roll < 0.78) return undefined;
  if (roll < 0.84) return [fill(random, fields, 1), fill(random, fields)];
  if (roll < 0.88) return [];
  if (roll < 0.93) return null;
  return anyValue(random);
}

function set(target: Json, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

/** One random customer document (without `workspace`; the store stamps it). */
export function generateCustomer(random: SeededRandom, id: string): Json {
  const attributes: Json = fill(random, { age: 'number', city: 'string', country: 'string', plan: 'any', birthday: 'birthday', tags: 'array', interests: 'array' }, 0.75);
  set(attributes, 'consent', container(random, { email: 'boolean', sms: 'boolean' }));
  set(attributes, 'address', container(random, { city: 'string' }));
  const traits: Json = fill(random, { orders_count: 'number', revenue_total: 'number', last_order_at: 'date', first_order_at: 'date' }, 0.75);
  set(traits, 'value_tier', container(random, { tier: 'string' }));
  set(traits, 'rfm', container(random, { r: 'number', m: 'number', group: 'string', score: 'string' }));
  set(traits, 'clv', container(random, { p_alive: 'number' }));
  set(traits, 'event_counts', container(random, { 'Order Completed': 'number' }));
  const journeys: Json = {};
  set(journeys, 'j1', container(random, { state: 'string' }));
  const segmentsEnteredAt: Json = {};
  if (random.chance(0.6)) segmentsEnteredAt.seg_a = leaf(random, 'date');
  const customer: Json = {
    _id: id,
    userId: random.chance(0.8) ? random.pick(['user_1', 'user_2', 'London', 'welcome']) : null,
    anonymousIds: [],
    attributes,
    traits,
    segments: random.chance(0.9) ? structuredClone(random.pick(arrayPool)) : leaf(random, 'string'),
    segmentsEnteredAt,
    journeys,
    createdAt: random.chance(0.9) ? random.pick(datePool.valid) : leaf(random, 'date'),
    updatedAt: new Date(universeNow).toISOString(),
    version: 1,
  };
  return customer;
}

/** A random triggering event for event-scoped conditions. */
export function generateEvent(random: SeededRandom): Json | undefined {
  if (random.chance(0.05)) return undefined;
  const properties = container(random, { total: 'number', currency: 'string', coupon: 'any' });
  const event: Json = {
    type: 'track',
    event: random.pick(['Order Completed', 'Order Refunded', 'Product Viewed', 'London']),
    timestamp: random.chance(0.9) ? random.pick(datePool.valid) : leaf(random, 'date'),
  };
  set(event, 'properties', properties);
  return event;
}
