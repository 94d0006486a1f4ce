import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTraitsDueAt, traitClockIntervalMilliseconds } from '../../engine/traits';
import { SeededRandom } from '../support/seeded-random';
import { TraitHarness, type TrackInput } from '../support/trait-harness';

let h: TraitHarness;
beforeEach(async () => {
  h = await TraitHarness.create('2024-05-10T12:00:00.000Z');
});
afterEach(async () => {
  await h.close();
});

const orders7d = { id: 'orders_7d', name: 'Orders, last 7 days', event: 'Order Completed', aggregation: 'count', window_days: 7 };
const spend = { id: 'spend_total', name: 'Spend', event: 'Order Completed', aggregation: 'sum', property: 'event.properties.revenue' };
const lastCategory = { id: 'last_category', name: 'Last category', event: 'Order Completed', aggregation: 'last', property: 'event.properties.category' };
const pages = { id: 'pages_seen', name: 'Pages seen', event: 'Page Viewed', aggregation: 'count' };

const order = (userId: string, at: string, revenue: number, category: string, messageId?: string): TrackInput => ({
  userId,
  event: 'Order Completed',
  at,
  properties: { revenue, category },
  ...(messageId ? { messageId } : {}),
});

describe('the traits stage keeps computed traits current on every event', () => {
  it('updates every affected trait in the commit that stores the event', async () => {
    await h.defineTrait(orders7d);
    await h.defineTrait(spend);
    await h.defineTrait(lastCategory);
    await h.track(order('u1', '2024-05-08T09:00:00.000Z', 20, 'hats'));
    expect(await h.customer('u1')).toMatchObject({ traits: { orders_7d: 1, spend_total: 20, last_category: 'hats' } });
    await h.track(order('u1', '2024-05-10T09:00:00.000Z', 5.5, 'socks'), { userId: 'u1', event: 'Product Viewed', at: '2024-05-10T10:00:00.000Z' });
    expect(await h.customer('u1')).toMatchObject({ traits: { orders_7d: 2, spend_total: 25.5, last_category: 'socks' } });
  });

  it('gives the same values whatever order the events arrive in (event time decides, then messageId)', async () => {
    await h.defineTrait(orders7d);
    await h.defineTrait(spend);
    await h.defineTrait(lastCategory);
    await h.defineTrait({ id: 'first_category', name: 'First category', event: 'Order Completed', aggregation: 'first', property: 'event.properties.category' });
    const random = new SeededRandom(42);
    const history = Array.from({ length: 40 }, (_, index) => {
      const at = new Date(Date.parse('2024-04-20T00:00:00.000Z') + random.integer(0, 20 * 24) * 3_600_000).toISOString();
      return { at, revenue: random.integer(1, 500) / 4, category: random.pick(['hats', 'socks', 'shoes']), id: `o${String(index).padStart(2, '0')}` };
    });
    // Two orders at the very same instant: the later messageId counts as later.
    history.push({ at: '2024-05-10T11:00:00.000Z', revenue: 1, category: 'tie-a', id: 'o98' }, { at: '2024-05-10T11:00:00.000Z', revenue: 1, category: 'tie-b', id: 'o99' });
    const inOrder = [...history].sort((a, b) => (a.at === b.at ? (a.id < b.id ? -1 : 1) : a.at < b.at ? -1 : 1));
    for (const item of inOrder) await h.track(order('forward', item.at, item.revenue, item.category, `f-${item.id}`));
    const shuffled = random.sample(history, history.length);
    for (let start = 0; start < shuffled.length; start += 7) {
      await h.track(...shuffled.slice(start, start + 7).map((item) => order('shuffled', item.at, item.revenue, item.category, `s-${item.id}`)));
    }
    const pick = async (userId: string) => {
      const { traits } = await h.customer(userId);
      return { orders_7d: traits.orders_7d, spend_total: traits.spend_total, last_category: traits.last_category, first_category: traits.first_category };
    };
    const forward = await pick('forward');
    expect(await pick('shuffled')).toEqual(forward);
    expect(forward.last_category).toBe('tie-b');
    expect(forward.first_category).toBe(inOrder[0].category);
    expect(forward.orders_7d).toBe(history.filter((item) => item.at >= '2024-05-04').length);
    expect(forward.spend_total).toBeCloseTo(history.reduce((sum, item) => sum + item.revenue, 0), 6);
  });

  it('combines both customers exactly when an anonymous visitor is identified, even within one batch', async () => {
    await h.defineTrait(pages);
    await h.send({ type: 'page', userId: 'u1', name: 'Home', timestamp: '2024-05-01T10:00:00.000Z' });
    await h.send({ type: 'page', anonymousId: 'anon-1', name: 'Pricing', timestamp: '2024-05-02T10:00:00.000Z' });
    await h.send(
      { type: 'page', anonymousId: 'anon-1', name: 'Checkout', timestamp: '2024-05-03T10:00:00.000Z' },
      { type: 'identify', userId: 'u1', anonymousId: 'anon-1', timestamp: '2024-05-03T10:05:00.000Z', traits: { email: 'u1@example.com' } },
    );
    const customer = await h.customer('u1');
    expect(customer.traits.pages_seen).toBe(3);
    expect(customer.traits.event_counts).toMatchObject({ 'Page Viewed': 3 });
    expect(Object.keys(customer.meta ?? {}).filter((key) => key.startsWith('traitStates:'))).toEqual([`traitStates:${customer._id}`]);
  });

  it('moves windowed values on the clock with no event: at 00:00 UTC of the day an event leaves', async () => {
    await h.defineTrait(orders7d);
    await h.track(order('u1', '2024-05-04T08:00:00.000Z', 10, 'hats'), order('u1', '2024-05-09T08:00:00.000Z', 10, 'hats'));
    expect(await h.trait('u1', 'orders_7d')).toBe(2);
    // The order of 4 May leaves the 7-day window at 11 May 00:00 UTC; the customer says so.
    expect(readTraitsDueAt(await h.customer('u1'))).toBe('2024-05-11T00:00:00.000Z');
    await h.advanceTo('2024-05-10T23:59:59.999Z');
    expect(await h.trait('u1', 'orders_7d')).toBe(2);
    // The scheduler polls, and the clock job runs every 10 s: the change lands within that bound.
    await h.advanceTo(new Date(Date.parse('2024-05-11T00:00:00.000Z') + traitClockIntervalMilliseconds).toISOString());
    expect(await h.trait('u1', 'orders_7d')).toBe(1);
    expect(readTraitsDueAt(await h.customer('u1'))).toBe('2024-05-16T00:00:00.000Z');
    await h.advanceTo('2024-05-16T00:00:30.000Z');
    expect(await h.trait('u1', 'orders_7d')).toBe(0);
    // Nothing windowed is left: what is still due is the lifecycle stage's next change.
    const customer = await h.customer('u1');
    expect(readTraitsDueAt(customer)).toBe((customer.traits.lifecycle_stage as { next_change_at: string }).next_change_at);
  });

  it('ignores a late event already outside the window and counts a late one inside it', async () => {
    await h.defineTrait(orders7d);
    await h.track(order('u1', '2024-05-09T08:00:00.000Z', 10, 'hats'));
    await h.track(order('u1', '2024-05-01T08:00:00.000Z', 10, 'hats'));
    expect(await h.trait('u1', 'orders_7d')).toBe(1);
    await h.track(order('u1', '2024-05-05T08:00:00.000Z', 10, 'hats'));
    expect(await h.trait('u1', 'orders_7d')).toBe(2);
    expect(readTraitsDueAt(await h.customer('u1'))).toBe('2024-05-12T00:00:00.000Z');
  });
});

describe('backfill from the events collection', () => {
  it('gives every customer the value of a new definition from the events stored before it', async () => {
    await h.track(order('u1', '2024-05-01T08:00:00.000Z', 10, 'hats'), order('u1', '2024-05-09T08:00:00.000Z', 30, 'socks'), order('u2', '2024-05-02T08:00:00.000Z', 7, 'hats'));
    await h.send({ type: 'identify', userId: 'u3', traits: { email: 'u3@example.com' }, timestamp: '2024-05-03T08:00:00.000Z' });
    const created = await h.api('POST', '/api/traits', spend);
    expect(created.json().backfill.status).toBe('pending');
    expect(await h.trait('u1', 'spend_total')).toBeUndefined();
    const runs = await h.runDueJobs();
    expect(runs.find((run) => run.job === 'traits.backfill')?.result).toEqual({ computed: ['spend_total'], removed: [], customers: 3, changed_customers: 3 });
    expect([await h.trait('u1', 'spend_total'), await h.trait('u2', 'spend_total'), await h.trait('u3', 'spend_total')]).toEqual([40, 7, 0]);
    expect((await h.api('GET', '/api/traits/spend_total')).json().backfill).toMatchObject({ status: 'done', revision: 1, customers: 3, changed_customers: 3 });
  });

  it('recomputes on a changed definition (a customer with an event meanwhile is already right) and removes a deleted one', async () => {
    await h.defineTrait(spend);
    await h.track(order('u1', '2024-05-01T08:00:00.000Z', 10, 'hats'), order('u1', '2024-05-09T08:00:00.000Z', 30, 'socks'), order('u2', '2024-05-02T08:00:00.000Z', 7, 'hats'));
    const hatsOnly = { ...spend, filter: { fact: 'event.properties.category', operator: 'equal', value: 'hats' } };
    expect((await h.api('PUT', '/api/traits/spend_total', hatsOnly)).json().revision).toBe(2);
    // Before the backfill runs, u1's next event rebuilds u1 from its stored events.
    await h.track(order('u1', '2024-05-10T08:00:00.000Z', 1, 'hats'));
    expect(await h.trait('u1', 'spend_total')).toBe(11);
    expect(await h.trait('u2', 'spend_total')).toBe(7);
    await h.runDueJobs();
    expect(await h.trait('u1', 'spend_total')).toBe(11);
    expect(await h.trait('u2', 'spend_total')).toBe(7);

    expect((await h.api('DELETE', '/api/traits/spend_total')).statusCode).toBe(204);
    await h.track(order('u2', '2024-05-10T09:00:00.000Z', 1, 'hats'));
    expect(await h.trait('u2', 'spend_total')).toBeUndefined();
    const runs = await h.runDueJobs();
    expect(runs.find((run) => run.job === 'traits.backfill')?.result).toMatchObject({ removed: ['spend_total'] });
    const customer = await h.customer('u1');
    expect(customer.traits.spend_total).toBeUndefined();
    expect(Object.keys(customer.meta ?? {}).some((key) => key.startsWith('traitStates:'))).toBe(false);
  });
});
