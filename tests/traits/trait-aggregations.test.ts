import { describe, expect, it } from 'vitest';
import {
  checkTraitDefinition,
  compileTrait,
  foldTraitEvents,
  maxDistinctValues,
  updateComputedTraits,
  type CompiledTrait,
  type StoredTraitDefinition,
  type TraitState,
} from '../../engine/traits';
import { createCustomer } from '../../engine/profile';
import type { Customer, StoredEvent } from '../../schemas/types';
import { SeededRandom } from '../support/seeded-random';

const day = 86_400_000;
const now = Date.parse('2024-06-15T12:00:00.000Z');

function compile(definition: Record<string, unknown>, revision = 1): CompiledTrait {
  const checked = checkTraitDefinition({ name: 'test', ...definition });
  if (!checked.ok) throw new Error(JSON.stringify(checked.problem));
  const stored: StoredTraitDefinition = {
    ...checked.value,
    _id: `ws/${checked.value.id}`,
    workspace: 'ws',
    revision,
    status: 'active',
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    backfill: { status: 'done', revision },
  };
  return compileTrait(stored);
}

let counter = 0;
function order(at: string, properties: Record<string, unknown>, event = 'Order Completed'): StoredEvent {
  counter++;
  return {
    _id: `e${counter}`,
    workspace: 'ws',
    messageId: `m${String(counter).padStart(5, '0')}`,
    type: 'track',
    event,
    userId: 'u1',
    anonymousId: null,
    customerId: 'c1',
    timestamp: at,
    receivedAt: at,
    properties,
  };
}

const daysAgo = (days: number, hour = 10): string => new Date(Date.parse('2024-06-15T00:00:00.000Z') - days * day + hour * 3_600_000).toISOString();

async function valueOf(trait: CompiledTrait, events: StoredEvent[], at = now): Promise<unknown> {
  const states = await foldTraitEvents(events, [trait], at);
  return trait.aggregation.valueOf(states[trait.id].data);
}

const history = [
  order(daysAgo(40), { revenue: 100, category: 'shoes', currency: 'GBP' }),
  order(daysAgo(20), { revenue: '25.50', category: 'hats', currency: 'GBP' }),
  order(daysAgo(6), { revenue: 10, category: 'hats', currency: 'EUR' }),
  order(daysAgo(6, 11), { revenue: 5, category: 'shoes', currency: 'GBP' }),
  order(daysAgo(1), { revenue: 7.25, category: 'socks', currency: 'GBP' }),
  order(daysAgo(0, 9), { category: 'hats', currency: 'GBP' }),
  order(daysAgo(0, 8), { revenue: 999 }, 'Order Refunded'),
];

describe('each aggregation over all time', () => {
  const cases: Array<[string, Record<string, unknown>, unknown]> = [
    ['count of events', { aggregation: 'count' }, 6],
    ['count of events with the property', { aggregation: 'count', property: 'event.properties.revenue' }, 5],
    ['sum (a numeric string counts, an order without revenue does not)', { aggregation: 'sum', property: 'event.properties.revenue' }, 147.75],
    ['avg', { aggregation: 'avg', property: 'event.properties.revenue' }, 29.55],
    ['min', { aggregation: 'min', property: 'event.properties.revenue' }, 5],
    ['max', { aggregation: 'max', property: 'event.properties.revenue' }, 100],
    ['first (by event time)', { aggregation: 'first', property: 'event.properties.category' }, 'shoes'],
    ['last (by event time)', { aggregation: 'last', property: 'event.properties.category' }, 'hats'],
    ['distinct_count', { aggregation: 'distinct_count', property: 'event.properties.category' }, 3],
    ['most_frequent', { aggregation: 'most_frequent', property: 'event.properties.category' }, 'hats'],
  ];
  for (const [name, definition, expected] of cases) {
    it(name, async () => {
      expect(await valueOf(compile({ id: 't', event: 'Order Completed', ...definition }), history)).toEqual(expected);
    });
  }

  it('applies the filter, an event-scoped condition', async () => {
    const gbp = compile({ id: 't', event: 'Order Completed', aggregation: 'sum', property: 'event.properties.revenue', filter: { all: [{ fact: 'event.properties.currency', operator: 'equal', value: 'GBP' }] } });
    expect(await valueOf(gbp, history)).toBe(137.75);
  });

  it('gives the empty values a customer without matching events has', async () => {
    const values = await Promise.all(
      (['count', 'sum', 'avg', 'min', 'max', 'first', 'last', 'distinct_count', 'most_frequent'] as const).map((aggregation) =>
        valueOf(compile({ id: 't', event: 'Never Sent', aggregation, ...(aggregation === 'count' ? {} : { property: 'event.properties.revenue' }) }), history),
      ),
    );
    expect(values).toEqual([0, 0, null, null, null, null, null, 0, null]);
  });

  it('counts page calls as "Page Viewed" and screen calls as "Screen Viewed", never identify calls', async () => {
    const page = { ...order(daysAgo(2), {}), type: 'page' as const, event: undefined, name: 'Pricing' };
    const screen = { ...order(daysAgo(2), {}), type: 'screen' as const, event: undefined, name: 'Home' };
    const identify = { ...order(daysAgo(2), {}), type: 'identify' as const, event: undefined, traits: { plan: 'pro' } };
    const pages = compile({ id: 't', event: 'Page Viewed', aggregation: 'last', property: 'event.name' });
    expect(await valueOf(pages, [page, screen, identify])).toBe('Pricing');
    expect(await valueOf(compile({ id: 't', event: 'Screen Viewed', aggregation: 'count' }), [page, screen, identify])).toBe(1);
  });
});

describe('windows of the last N UTC days', () => {
  it('count / sum / avg / min / max / first / last / distinct / most frequent over 7 days', async () => {
    const window = { event: 'Order Completed', window_days: 7 };
    expect(await valueOf(compile({ id: 't', aggregation: 'count', ...window }), history)).toBe(4);
    expect(await valueOf(compile({ id: 't', aggregation: 'sum', property: 'event.properties.revenue', ...window }), history)).toBe(22.25);
    expect(await valueOf(compile({ id: 't', aggregation: 'avg', property: 'event.properties.revenue', ...window }), history)).toBe(7.416667);
    expect(await valueOf(compile({ id: 't', aggregation: 'min', property: 'event.properties.revenue', ...window }), history)).toBe(5);
    expect(await valueOf(compile({ id: 't', aggregation: 'max', property: 'event.properties.revenue', ...window }), history)).toBe(10);
    expect(await valueOf(compile({ id: 't', aggregation: 'first', property: 'event.properties.category', ...window }), history)).toBe('hats');
    expect(await valueOf(compile({ id: 't', aggregation: 'last', property: 'event.properties.category', ...window }), history)).toBe('hats');
    expect(await valueOf(compile({ id: 't', aggregation: 'distinct_count', property: 'event.properties.category', ...window }), history)).toBe(3);
    expect(await valueOf(compile({ id: 't', aggregation: 'most_frequent', property: 'event.properties.category', ...window }), history)).toBe('hats');
  });

  it('expires events at 00:00 UTC of their day + N, with no new event, and says when', async () => {
    const trait = compile({ id: 'spend_7d', event: 'Order Completed', aggregation: 'sum', property: 'event.properties.revenue', window_days: 7 });
    let customer: Customer = { ...createCustomer({ id: 'c1', workspace: 'ws', userId: 'u1', anonymousId: null, now: daysAgo(10) }) };
    const noRebuild = async () => new Map<string, Record<string, TraitState>>();
    let at = now;
    for (const event of history) {
      const result = await updateComputedTraits(customer, { event, traits: [trait], now: at, isNew: customer.version === 0 && event === history[0], rebuild: noRebuild });
      customer = { ...result.customer, meta: { ...result.customer.meta, [`traitStates:${customer._id}`]: result.states } };
    }
    // The oldest order still inside (9 June, 10:00 and 11:00) leaves at 16 June 00:00.
    let result = await updateComputedTraits(customer, { event: null, traits: [trait], now: at, isNew: false, rebuild: noRebuild });
    expect(result.customer.traits.spend_7d).toBe(22.25);
    expect(new Date(result.nextChangeAt!).toISOString()).toBe('2024-06-16T00:00:00.000Z');
    at = Date.parse('2024-06-15T23:59:59.999Z');
    expect((await updateComputedTraits(customer, { event: null, traits: [trait], now: at, isNew: false, rebuild: noRebuild })).customer.traits.spend_7d).toBe(22.25);
    at = Date.parse('2024-06-16T00:00:00.000Z');
    result = await updateComputedTraits(customer, { event: null, traits: [trait], now: at, isNew: false, rebuild: noRebuild });
    expect(result.customer.traits.spend_7d).toBe(7.25);
    expect(new Date(result.nextChangeAt!).toISOString()).toBe('2024-06-21T00:00:00.000Z');
    at = Date.parse('2024-06-22T00:00:00.000Z');
    result = await updateComputedTraits(customer, { event: null, traits: [trait], now: at, isNew: false, rebuild: noRebuild });
    expect(result.customer.traits.spend_7d).toBe(0);
    expect(result.nextChangeAt).toBeNull();
  });

  it('keeps one bucket per day at most, and drops the ones that left', async () => {
    const trait = compile({ id: 't', event: 'Order Completed', aggregation: 'count', window_days: 30 });
    const many = Array.from({ length: 400 }, (_, index) => order(daysAgo(index % 100, index % 20), {}));
    const states = await foldTraitEvents(many, [trait], now);
    expect(Object.keys((states.t.data as { b: object }).b)).toHaveLength(30);
    expect(trait.aggregation.valueOf(states.t.data)).toBe(many.filter((event) => event.timestamp >= '2024-05-17').length);
  });
});

describe('bounded value lists', () => {
  it(`counts distinct values exactly up to ${maxDistinctValues}, then reads the bound`, async () => {
    const trait = compile({ id: 't', event: 'Order Completed', aggregation: 'distinct_count', property: 'event.properties.sku' });
    const few = Array.from({ length: 120 }, (_, index) => order(daysAgo(index % 9), { sku: `sku-${index % 60}` }));
    expect(await valueOf(trait, few)).toBe(60);
    const lots = Array.from({ length: 800 }, (_, index) => order(daysAgo(index % 9), { sku: index }));
    expect(await valueOf(trait, lots)).toBe(maxDistinctValues);
  });

  it('stays exact in a window once the values beyond the bound have left it', async () => {
    const trait = compile({ id: 't', event: 'Order Completed', aggregation: 'distinct_count', property: 'event.properties.sku', window_days: 5 });
    // 600 distinct skus 20 days ago (beyond the bound), 40 in the last 5 days.
    const events = [
      ...Array.from({ length: 600 }, (_, index) => order(daysAgo(20), { sku: `old-${index}` })),
      ...Array.from({ length: 40 }, (_, index) => order(daysAgo(index % 5), { sku: `new-${index}` })),
    ];
    const state = await foldTraitEvents(new SeededRandom(7).sample(events, events.length), [trait], Date.parse('2024-05-27T12:00:00.000Z'));
    expect(trait.aggregation.valueOf(state.t.data)).toBe(maxDistinctValues);
    const later = trait.aggregation.prune(state.t.data, '2024-06-11');
    expect(trait.aggregation.valueOf(later)).toBe(40);
  });
});

describe('independent of arrival order and of identity merges', () => {
  const kinds: Array<Record<string, unknown>> = [
    { aggregation: 'count' },
    { aggregation: 'sum', property: 'event.properties.revenue' },
    { aggregation: 'avg', property: 'event.properties.revenue' },
    { aggregation: 'min', property: 'event.properties.revenue' },
    { aggregation: 'max', property: 'event.properties.revenue' },
    { aggregation: 'first', property: 'event.properties.category' },
    { aggregation: 'last', property: 'event.properties.category' },
    { aggregation: 'distinct_count', property: 'event.properties.category' },
    { aggregation: 'most_frequent', property: 'event.properties.category' },
  ];
  const random = new SeededRandom(20240615);
  const events = Array.from({ length: 300 }, (_, index) =>
    order(new Date(now - Math.floor(random.next() * 60 * day)).toISOString(), {
      revenue: Math.round(random.next() * 10_000) / 100,
      category: random.pick(['a', 'b', 'c', 'd', 'e', 'f']),
      ...(index % 7 === 0 ? { revenue: null } : {}),
    }),
  );

  for (const windowDays of [undefined, 14]) {
    for (const kind of kinds) {
      it(`${kind.aggregation}${windowDays ? ` over ${windowDays} days` : ''}: 20 shuffles and random two-customer merges give one answer`, async () => {
        const trait = compile({ id: 't', event: 'Order Completed', ...kind, ...(windowDays ? { window_days: windowDays } : {}) });
        const reference = await valueOf(trait, events);
        for (let round = 0; round < 20; round++) {
          const shuffled = random.sample(events, events.length);
          const cut = Math.floor(random.next() * shuffled.length);
          const [left, right] = await Promise.all([foldTraitEvents(shuffled.slice(0, cut), [trait], now), foldTraitEvents(shuffled.slice(cut), [trait], now)]);
          const merged = trait.aggregation.combine(left.t.data, right.t.data);
          expect(trait.aggregation.valueOf(trait.aggregation.prune(merged, windowDays ? '2024-06-02' : null))).toEqual(reference);
          expect(await valueOf(trait, shuffled)).toEqual(reference);
        }
      });
    }
  }
});
