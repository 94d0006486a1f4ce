/**
 * Batch segment membership on the embedded store: one 10-condition segment over 1,000,000 synthetic
 * customers (target: membership in ≤ 2 s), plus the preview a marketer gets on every keystroke over
 * 100,000 customers.
 *
 * Measured, each as the median of `--runs` runs after a warm-up:
 * - recompute, steady state: `recomputeSegment` when nothing changed — the two diff queries with the
 *   compiled MongoDB filter (entering: match and not a member; leaving: member and no match), the size
 *   point — i.e. the membership of the segment over every customer;
 * - count: `count(filter)` through the store;
 * - recompute of a new segment (once): every matching customer enters — customer writes, Segment
 *   Entered events, the journeys stage — reported per entering customer;
 * - preview over 100,000 customers: `previewSegment` (check, catalogue, count, total, 20-customer sample).
 * BASELINES in the same run, over the same documents: the filter run by mingo alone (what the store did
 * before its native filter compiler), and the compiled JavaScript predicate called on every customer
 * in Node (what a recompute must not do, shown for scale).
 *
 *   npx tsx bench/segments-batch.ts                       # 1,000,000 customers, 3 runs
 *   npx tsx bench/segments-batch.ts --customers 200000 --runs 2
 */
import { checkCondition, compileCondition, createFactCatalogue, type CustomerCompiledCondition } from '../engine/rules/index';
import { createRuntime, type Runtime } from '../engine/runtime/index';
import { createSegment, previewSegment, recomputeSegment, segmentCollectionNames, updateSegment } from '../engine/segments/index';
import { createQuery } from '../engine/store/embedded/document-filter';
import { EmbeddedStore } from '../engine/store/index';
import { VirtualClock } from '../engine/time/index';
import { createRandom } from '../tests/support/seeded-random';

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const customerCount = argument('customers', 1_000_000);
const previewCustomers = argument('preview-customers', 100_000);
const runs = argument('runs', 3);
const now = Date.parse('2024-06-01T00:00:00.000Z');
const day = 86_400_000;
const workspace = 'ws_batch';
const previewWorkspace = 'ws_preview';

const random = createRandom(2024);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const countries = ['United Kingdom', 'France', 'Germany', 'Spain', 'EIRE', 'Netherlands', 'Belgium', 'Portugal'];
const cities = ['London', 'Leeds', 'Paris', 'Lyon', 'Berlin', 'Madrid', 'Dublin', 'Lisbon'];
const tiers = ['high', 'mid', 'low'];
const stages = ['new', 'active', 'at_risk', 'lapsed'];

/** A customer document as the profile and traits stages leave it (no meta: it plays no part in membership). */
function createCustomerDocument(target: string, index: number): Record<string, unknown> {
  const orders = random() < 0.3 ? 0 : Math.floor(random() * random() * 30) + 1;
  const revenue = Math.round(orders * (5 + random() * 120) * 100) / 100;
  const lastOrder = orders > 0 ? new Date(now - Math.floor(random() * 400 * day)).toISOString() : null;
  const createdAt = new Date(now - Math.floor(random() * 900 * day)).toISOString();
  return {
    _id: `${target}-${index.toString(36).padStart(6, '0')}`,
    userId: `user-${index}`,
    anonymousIds: [],
    attributes: {
      email: `user${index}@example.com`,
      country: pick(countries),
      city: pick(cities),
      age: 18 + Math.floor(random() * 60),
      tags: random() < 0.25 ? ['vip'] : random() < 0.3 ? ['newsletter', 'vip'] : [],
      consent: { email: random() < 0.7, sms: random() < 0.3 },
    },
    traits: {
      first_seen_at: createdAt,
      last_seen_at: lastOrder ?? createdAt,
      events_count: orders * 3 + 1,
      orders_count: orders,
      revenue_total: revenue,
      first_order_at: lastOrder,
      last_order_at: lastOrder,
      average_order_value: orders > 0 ? Math.round((revenue / orders) * 100) / 100 : null,
      event_counts: { 'Order Completed': orders, 'Page Viewed': orders * 2 + 1 },
      value_tier: { tier: pick(tiers), basis: 'revenue', value: revenue },
      lifecycle_stage: { stage: pick(stages), entered_at: createdAt },
      rfm: { r: 1 + Math.floor(random() * 5), f: 1 + Math.floor(random() * 5), m: 1 + Math.floor(random() * 5) },
    },
    segments: [],
    segmentsEnteredAt: {},
    journeys: {},
    createdAt,
    updatedAt: createdAt,
    version: 1,
  };
}

/** Ten conditions of every kind: thresholds, lists, relative time, arrays, nested objects, a nested any. */
const tenConditions = {
  all: [
    { fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 2 },
    { fact: 'traits.revenue_total', operator: 'greaterThan', value: 100 },
    { fact: 'traits.last_order_at', operator: 'withinLastDays', value: 180 },
    { fact: 'attributes.country', operator: 'in', value: ['United Kingdom', 'France', 'Germany', 'EIRE'] },
    { fact: 'attributes.tags', operator: 'contains', value: 'vip' },
    { fact: 'traits.value_tier.tier', operator: 'notEqual', value: 'low' },
    { fact: 'attributes.consent.email', operator: 'equal', value: true },
    { fact: 'attributes.age', operator: 'between', value: [21, 70] },
    { fact: 'traits.rfm.r', operator: 'greaterThanInclusive', value: 2 },
    { any: [{ fact: 'attributes.city', operator: 'startsWith', value: 'L' }, { fact: 'traits.lifecycle_stage.stage', operator: 'in', value: ['active', 'new'] }] },
  ],
};

async function insertCustomers(runtime: Runtime, target: string, count: number): Promise<void> {
  const customers = runtime.store.collection(segmentCollectionNames.customers);
  for (let start = 0; start < count; start += 10_000) {
    const docs = [];
    for (let i = start; i < Math.min(count, start + 10_000); i++) docs.push(createCustomerDocument(target, i));
    const { inserted } = await customers.insertMany(target, docs as never);
    if (inserted !== docs.length) throw new Error('insert failed');
  }
}

async function timeIt<T>(work: () => Promise<T> | T): Promise<{ milliseconds: number; value: T }> {
  const began = performance.now();
  const value = await work();
  return { milliseconds: performance.now() - began, value };
}

async function median(label: string, work: () => Promise<unknown> | unknown): Promise<number> {
  await work(); // warm-up
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push((await timeIt(work)).milliseconds);
  times.sort((a, b) => a - b);
  const middle = times[Math.floor(times.length / 2)];
  console.log(`${label.padEnd(58)} ${middle.toFixed(0).padStart(6)} ms   (runs: ${times.map((time) => time.toFixed(0)).join(', ')})`);
  return middle;
}

async function main(): Promise<void> {
  const store = new EmbeddedStore();
  const runtime = await createRuntime({ store, clock: new VirtualClock(now) });
  console.log(`segments-batch: ${customerCount.toLocaleString('en')} customers, preview over ${previewCustomers.toLocaleString('en')}, ${runs} timed runs after a warm-up`);
  const loaded = await timeIt(() => insertCustomers(runtime, workspace, customerCount));
  console.log(`loaded in ${(loaded.milliseconds / 1000).toFixed(1)} s; heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);

  const created = await createSegment(runtime, workspace, { id: 'ten', name: 'Ten conditions', conditions: tenConditions });
  if (!created.ok) throw new Error(JSON.stringify(created.problem));
  const checked = checkCondition(tenConditions, createFactCatalogue());
  if (!checked.ok) throw new Error(JSON.stringify(checked.problem));
  const compiled = compileCondition(checked.value) as CustomerCompiledCondition;
  const filter = compiled.toMongoFilter(now);
  const customers = store.collection(segmentCollectionNames.customers);

  const first = await timeIt(() => recomputeSegment(runtime, workspace, 'ten'));
  const entered = first.value!.entered;
  console.log(`new segment, first recompute (${entered.toLocaleString('en')} enter, ${((entered / customerCount) * 100).toFixed(1)} %): ${(first.milliseconds / 1000).toFixed(2)} s, ${((first.milliseconds * 1000) / Math.max(entered, 1)).toFixed(0)} µs per entering customer (write, event, journeys stage)`);

  const steady = await median('recompute, nothing changed (membership of 1 segment)', async () => {
    const result = await recomputeSegment(runtime, workspace, 'ten');
    if (!result || result.entered + result.exited !== 0 || result.size !== entered) throw new Error('unexpected change');
  });
  const counted = await median('count(filter) through the store', async () => {
    if ((await customers.count(workspace, filter)) !== entered) throw new Error('count differs');
  });
  const changedDefinition = { all: tenConditions.all.map((condition, i) => (i === 1 ? { fact: 'traits.revenue_total', operator: 'greaterThan', value: 150 } : condition)) };
  const updated = await updateSegment(runtime, workspace, 'ten', { name: 'Ten conditions', conditions: changedDefinition });
  if (!updated.ok) throw new Error(JSON.stringify(updated.problem));
  const changed = await timeIt(() => recomputeSegment(runtime, workspace, 'ten'));
  console.log(`${'recompute of a changed definition'.padEnd(58)} ${changed.milliseconds.toFixed(0).padStart(6)} ms   (${changed.value!.exited} left, ${changed.value!.entered} entered)`);

  const all = store.memory(segmentCollectionNames.customers).find(workspace, {});
  const mingo = createQuery(filter);
  const viaMingo = await median('BASELINE: the same filter run by mingo on every customer', () => {
    let matches = 0;
    for (const doc of all) if (mingo.test(doc)) matches++;
    if (matches !== entered) throw new Error(`mingo found ${matches}`);
  });
  const viaPredicate = await median('BASELINE: the compiled predicate on every customer in Node', () => {
    let matches = 0;
    for (const doc of all) if (compiled.test(doc, { now })) matches++;
    if (matches !== entered) throw new Error(`predicate found ${matches}`);
  });
  console.log(`steady recompute vs mingo baseline: ${(viaMingo / steady).toFixed(1)}× faster; count vs mingo: ${(viaMingo / counted).toFixed(1)}×; count vs predicate scan: ${(counted / viaPredicate).toFixed(2)}× its time`);
  console.log(`target ≤ 2,000 ms for the membership of one 10-condition segment over ${customerCount.toLocaleString('en')} customers: ${steady <= 2000 ? 'met' : 'NOT met'} (${steady.toFixed(0)} ms)`);

  await insertCustomers(runtime, previewWorkspace, previewCustomers);
  const keystroke = { conditions: { all: tenConditions.all.slice(0, 6) } };
  await median(`preview of 6 conditions over ${previewCustomers.toLocaleString('en')} customers`, async () => {
    const preview = await previewSegment(runtime, previewWorkspace, keystroke);
    if (!preview.ok || preview.value.total !== previewCustomers) throw new Error('preview failed');
  });
  await median(`preview of all 10 conditions over ${previewCustomers.toLocaleString('en')} customers`, async () => {
    const preview = await previewSegment(runtime, previewWorkspace, { conditions: tenConditions });
    if (!preview.ok) throw new Error('preview failed');
  });
  const memory = process.memoryUsage();
  console.log(`memory: heap ${(memory.heapUsed / 1e6).toFixed(0)} MB, rss ${(memory.rss / 1e6).toFixed(0)} MB`);
  await runtime.close();
}

await main();
