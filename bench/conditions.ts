/**
 * Condition evaluation: the compiled predicate against json-rules-engine (the reference, measured in
 * the same run), plus the MongoDB-filter path through the embedded store (mingo).
 *
 * The same 100 segment-style conditions (every operator, nesting, fact-to-fact, relative time) over
 * the same seeded customers (default 10,000). The reference is one json-rules-engine Engine holding
 * the 100 rules, `engine.run` once per customer; the compiled side calls the 100 predicates per
 * customer. Answers must be identical, customer by customer, and the filter's counts must equal the
 * predicate's.
 *
 * Run: `npx tsx bench/conditions.ts` (`--customers 20000` for more, `--quick` for 2,000).
 */
import {
  addReferenceRule,
  checkCondition,
  compileCondition,
  type CompiledCondition,
  type Condition,
  createFactCatalogue,
  createReferenceEngine,
  runReferenceEngine,
} from '../engine/rules/index';
import { EmbeddedStore } from '../engine/store/embedded/embedded-store';
import { createRandom } from '../tests/support/seeded-random';

const argumentAfter = (flag: string): string | undefined => (process.argv.includes(flag) ? process.argv[process.argv.indexOf(flag) + 1] : undefined);
const customerCount = process.argv.includes('--quick') ? 2_000 : Number(argumentAfter('--customers') ?? 10_000);
if (!Number.isInteger(customerCount) || customerCount < 1) throw new Error('--customers needs a whole number.');
const now = Date.parse('2024-06-15T12:00:00.000Z');
const day = 86_400_000;

const random = createRandom(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
const chance = (p: number): boolean => random() < p;
const countries = ['United Kingdom', 'France', 'Germany', 'EIRE', 'Spain', 'Netherlands', 'Belgium', 'Switzerland', 'Portugal', 'Australia'];
const cities = ['London', 'Paris', 'Berlin', 'Dublin', 'Madrid', 'Amsterdam', 'Leeds', 'Lyon', 'Munich', 'Porto'];
const tags = ['vip', 'newsletter', 'wholesale', 'press', 'beta', 'staff', 'returns', 'gift'];
const interests = ['running', 'cooking', 'gardening', 'travel', 'music', 'design', 'cycling'];
const groups = ['champions', 'loyal', 'potential_loyalist', 'new', 'promising', 'need_attention', 'about_to_sleep', 'at_risk', 'cannot_lose', 'hibernating', 'lost'];
const stages = ['prospect', 'new', 'active', 'at_risk', 'lapsed', 'reactivated'];

/** A realistic, well-typed customer document (optional fields sometimes missing). */
function createCustomer(index: number): Record<string, unknown> {
  const orders = chance(0.3) ? 0 : Math.floor(random() * random() * 40) + 1;
  const revenue = Math.round(orders * (10 + random() * 200) * 100) / 100;
  const lastOrder = now - Math.floor(random() * 700 * day);
  const firstOrder = lastOrder - Math.floor(random() * 900 * day);
  const birthYear = 1950 + Math.floor(random() * 55);
  const birthday = `${birthYear}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  const attributes: Record<string, unknown> = {
    email: `customer${index}@example.com`,
    country: pick(countries),
    city: pick(cities),
    age: 2024 - birthYear,
    tags: tags.filter(() => chance(0.2)),
    interests: interests.filter(() => chance(0.25)),
    consent: { email: chance(0.7), sms: chance(0.3) },
  };
  if (chance(0.8)) attributes.birthday = birthday;
  if (chance(0.5)) attributes.plan = pick(['free', 'pro', 'team']);
  const traits: Record<string, unknown> = {
    events_count: orders * 3 + Math.floor(random() * 50),
    orders_count: orders,
    revenue_total: revenue,
    first_seen_at: new Date(firstOrder - 10 * day).toISOString(),
    last_seen_at: new Date(Math.min(now, lastOrder + 5 * day)).toISOString(),
    event_counts: { 'Order Completed': orders, 'Product Viewed': orders * 4 + Math.floor(random() * 20) },
    value_tier: { tier: pick(['high', 'mid', 'low']), basis: 'revenue', value: revenue },
    lifecycle_stage: { stage: orders === 0 ? 'prospect' : pick(stages.slice(1)), entered_at: new Date(lastOrder).toISOString() },
    churn_risk: Math.round(random() * 1000) / 1000,
  };
  if (orders > 0) {
    Object.assign(traits, {
      first_order_at: new Date(firstOrder).toISOString(),
      last_order_at: new Date(lastOrder).toISOString(),
      average_order_value: Math.round((revenue / orders) * 100) / 100,
      rfm: { recency_days: Math.floor((now - lastOrder) / day), frequency: orders, monetary: revenue, r: 1 + Math.floor(random() * 5), f: 1 + Math.floor(random() * 5), m: 1 + Math.floor(random() * 5), group: pick(groups) },
      clv: { p_alive: Math.round(random() * 1000) / 1000, predicted_clv: Math.round(random() * 200000) / 100 },
    });
  }
  const segments = ['seg_vip', 'seg_active', 'seg_new', 'seg_uk'].filter(() => chance(0.3));
  return {
    _id: `cus_${index}`,
    userId: `user_${index}`,
    anonymousIds: [],
    attributes,
    traits,
    segments,
    segmentsEnteredAt: Object.fromEntries(segments.map((id) => [id, new Date(now - Math.floor(random() * 60 * day)).toISOString()])),
    journeys: {},
    createdAt: new Date(firstOrder - 20 * day).toISOString(),
    updatedAt: new Date(now).toISOString(),
    version: 1,
  };
}

/** Segment-style condition templates; each is instantiated with varying parameters. */
const templates: Array<(k: number) => unknown> = [
  (k) => ({ all: [{ fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 1 + (k % 5) }, { fact: 'traits.last_order_at', operator: 'withinLastDays', value: 30 + k }] }),
  (k) => ({ all: [{ fact: 'traits.orders_count', operator: 'greaterThan', value: 0 }, { fact: 'traits.last_order_at', operator: 'notWithinLastDays', value: 60 + 5 * k }] }),
  (k) => ({ fact: 'traits.revenue_total', operator: 'between', value: [50 * k, 50 * k + 500] }),
  (k) => ({ all: [{ fact: 'attributes.country', operator: 'in', value: countries.slice(0, 1 + (k % 4)) }, { fact: 'attributes.consent.email', operator: 'equal', value: true }] }),
  (k) => ({ fact: 'attributes.tags', operator: 'containsAny', value: [tags[k % tags.length], tags[(k + 3) % tags.length]] }),
  (k) => ({ all: [{ fact: 'attributes.interests', operator: 'containsAll', value: [interests[k % interests.length]] }, { fact: 'attributes.tags', operator: 'containsNone', value: ['staff'] }] }),
  (k) => ({ fact: 'attributes.birthday', operator: 'anniversaryWithinDays', value: k % 30 }),
  (k) => ({ any: [{ fact: 'traits.rfm.group', operator: 'in', value: groups.slice(k % 5, (k % 5) + 3) }, { fact: 'traits.value_tier.tier', operator: 'equal', value: 'high' }] }),
  (k) => ({ all: [{ fact: 'traits.rfm', path: '$.r', operator: 'greaterThanInclusive', value: 1 + (k % 5) }, { fact: 'traits.rfm.f', operator: 'lessThan', value: 5 - (k % 3) }] }),
  (k) => ({ not: { fact: 'segments', operator: 'contains', value: ['seg_vip', 'seg_active', 'seg_new', 'seg_uk'][k % 4] } }),
  (k) => ({ fact: 'traits.average_order_value', operator: 'greaterThan', value: { fact: k % 2 ? 'traits.revenue_total' : 'traits.churn_risk' } }),
  (k) => ({ all: [{ fact: 'attributes.email', operator: 'exists', value: true }, { fact: 'attributes.city', operator: 'startsWith', value: cities[k % cities.length].slice(0, 2) }] }),
  (k) => ({ any: [{ fact: 'traits.clv.p_alive', operator: 'lessThan', value: 0.1 + (k % 9) / 10 }, { all: [{ fact: 'traits.churn_risk', operator: 'greaterThan', value: 0.5 }, { fact: 'attributes.plan', operator: 'notEqual', value: 'free' }] }] }),
  (k) => ({ all: [{ fact: 'traits.lifecycle_stage.stage', operator: 'notIn', value: ['prospect', stages[1 + (k % 5)]] }, { fact: 'traits.event_counts.Product Viewed', operator: 'greaterThan', value: 5 + k }] }),
  (k) => ({ all: [{ fact: 'segmentsEnteredAt.seg_vip', operator: 'withinLastDays', value: 7 + (k % 30) }, { fact: 'traits.first_order_at', operator: 'lessThan', value: new Date(now - (100 + k) * day).toISOString() }] }),
  (k) => ({ any: [{ fact: 'attributes.age', operator: 'between', value: [18 + (k % 20), 30 + (k % 20)] }, { not: { fact: 'attributes.plan', operator: 'exists', value: true } }] }),
];

function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function percentile(sorted: Float64Array | number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

function formatRate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en')} evaluations/s`;
}

async function main(): Promise<void> {
  const catalogue = createFactCatalogue();
  const conditions: Condition[] = [];
  for (let k = 0; k < 100; k++) {
    const checked = checkCondition(templates[k % templates.length](Math.floor(k / templates.length) + k), catalogue);
    if (!checked.ok) throw new Error(`condition ${k} is invalid: ${JSON.stringify(checked.problem)}`);
    conditions.push(checked.value);
  }
  const customers = Array.from({ length: customerCount }, (_, i) => createCustomer(i));
  const compiled: CompiledCondition[] = conditions.map((condition) => compileCondition(condition));
  console.log(`conditions bench: ${conditions.length} conditions × ${customerCount.toLocaleString('en')} customers = ${(conditions.length * customerCount).toLocaleString('en')} evaluations per side (node ${process.version})`);

  // Reference: json-rules-engine, engine.run per customer with the 100 rules (one pass: it is slow).
  const engine = createReferenceEngine(now);
  conditions.forEach((condition, i) => addReferenceRule(engine, condition, `c${i}`));
  const referenceLatency = new Float64Array(customerCount);
  const referenceAnswers: Array<Set<string>> = [];
  const referenceCpu = process.cpuUsage();
  const referenceStart = performance.now();
  for (let i = 0; i < customerCount; i++) {
    const started = performance.now();
    referenceAnswers.push(await runReferenceEngine(engine, customers[i]));
    referenceLatency[i] = performance.now() - started;
  }
  const referenceSeconds = (performance.now() - referenceStart) / 1000;
  const referenceCpuSeconds = cpuSecondsSince(referenceCpu);

  // Compiled predicates: warm up, then five passes over the same work; the median pass is reported
  // (on a shared machine a short pass can lose the CPU to other processes).
  // One context object for the whole run, as a caller evaluating many conditions at one instant would.
  const context = { now };
  for (let i = 0; i < Math.min(customerCount, 2_000); i++) for (const c of compiled) c.test(customers[i], context);
  const answers = new Uint8Array(customerCount * compiled.length);
  const heapBefore = process.memoryUsage().heapUsed;
  const passes: Array<{ seconds: number; cpuSeconds: number; latency: Float64Array }> = [];
  for (let pass = 0; pass < 5; pass++) {
    const latency = new Float64Array(customerCount);
    const cpu = process.cpuUsage();
    const passStart = performance.now();
    for (let i = 0; i < customerCount; i++) {
      const started = performance.now();
      const customer = customers[i];
      for (let c = 0; c < compiled.length; c++) answers[i * compiled.length + c] = compiled[c].test(customer, context) ? 1 : 0;
      latency[i] = performance.now() - started;
    }
    passes.push({ seconds: (performance.now() - passStart) / 1000, cpuSeconds: cpuSecondsSince(cpu), latency });
  }
  const heapAfter = process.memoryUsage().heapUsed;
  passes.sort((a, b) => a.seconds - b.seconds);
  const median = passes[2];
  const compiledSeconds = median.seconds;
  const compiledLatency = median.latency;

  let mismatches = 0;
  const predicateCounts = new Array<number>(compiled.length).fill(0);
  for (let i = 0; i < customerCount; i++) {
    for (let c = 0; c < compiled.length; c++) {
      const ours = answers[i * compiled.length + c] === 1;
      if (ours) predicateCounts[c]++;
      if (ours !== referenceAnswers[i].has(`c${c}`)) {
        if (mismatches++ < 3) console.error(`MISMATCH condition ${c} ${JSON.stringify(conditions[c])} customer ${String(customers[i]._id)}: predicate ${ours}`);
      }
    }
  }
  if (mismatches > 0) throw new Error(`${mismatches} answers differ between the compiled predicate and json-rules-engine`);

  // MongoDB filters through the embedded store (mingo).
  const store = new EmbeddedStore();
  await store.open([{ name: 'customers', indexes: [] }]);
  const collection = store.collection<{ _id: string; workspace: string }>('customers');
  await collection.insertMany('ws_bench', customers as never);
  const filterLatency: number[] = [];
  const filterStart = performance.now();
  for (let c = 0; c < compiled.length; c++) {
    const condition = compiled[c];
    if (condition.scope !== 'customer') throw new Error('bench conditions are customer-scoped');
    const started = performance.now();
    const count = await collection.count('ws_bench', condition.toMongoFilter(now));
    filterLatency.push(performance.now() - started);
    if (count !== predicateCounts[c]) throw new Error(`condition ${c}: the MongoDB filter counts ${count}, the predicate ${predicateCounts[c]}`);
  }
  const filterSeconds = (performance.now() - filterStart) / 1000;
  await store.close();

  const evaluations = customerCount * compiled.length;
  const referenceRate = evaluations / referenceSeconds;
  const compiledRate = evaluations / compiledSeconds;
  const filterRate = evaluations / filterSeconds;
  referenceLatency.sort();
  compiledLatency.sort();
  filterLatency.sort((a, b) => a - b);
  const matched = predicateCounts.reduce((sum, n) => sum + n, 0);
  console.log(`answers identical: ${evaluations.toLocaleString('en')} of ${evaluations.toLocaleString('en')} (${((100 * matched) / evaluations).toFixed(1)} % true)`);
  console.log(`baseline  json-rules-engine engine.run: ${formatRate(referenceRate)} (${formatRate(evaluations / referenceCpuSeconds)} of CPU time); per customer (100 rules) p50 ${percentile(referenceLatency, 0.5).toFixed(3)} ms, p99 ${percentile(referenceLatency, 0.99).toFixed(3)} ms`);
  console.log(`compiled  predicate, median of 5 passes: ${formatRate(compiledRate)} (${formatRate(evaluations / median.cpuSeconds)} of CPU time); per customer (100 conditions) p50 ${(1000 * percentile(compiledLatency, 0.5)).toFixed(1)} µs, p99 ${(1000 * percentile(compiledLatency, 0.99)).toFixed(1)} µs; heap growth over the passes ${((heapAfter - heapBefore) / 1048576).toFixed(1)} MB`);
  console.log(`ratio     compiled / json-rules-engine: ${(compiledRate / referenceRate).toFixed(0)}× wall clock, ${(referenceCpuSeconds / median.cpuSeconds).toFixed(0)}× CPU time, ${(percentile(referenceLatency, 0.5) / percentile(compiledLatency, 0.5)).toFixed(0)}× per-customer p50 (target ≥ 100×)`);
  console.log(`mongo     filter via mingo (count, ${customerCount.toLocaleString('en')} docs, no index): ${formatRate(filterRate)}; per condition p50 ${percentile(filterLatency, 0.5).toFixed(1)} ms, p99 ${percentile(filterLatency, 0.99).toFixed(1)} ms; ${(filterSeconds * 1000).toFixed(0)} ms for all 100`);
  console.log(`memory    rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB, heap used ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB`);
}

await main();
