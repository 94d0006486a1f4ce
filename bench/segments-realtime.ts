/**
 * Real-time segment membership: the cost the segments stage adds to ingestion. The same synthetic
 * event stream (identify, orders, page and product views of 5,000 users) is ingested through the real
 * pipeline (`ingestBatch`: profile, traits, segments, journeys; volatile embedded store) twice in the
 * same run — into a workspace with 0 segments (the BASELINE) and into one with 100 live segments
 * (every operator family, relative time, segments built on segments) — alternating round by round so
 * both see the same machine load. Prints µs per event, p50/p99 per batch of 100, heap, and the
 * difference: what 100 segments cost per event.
 *
 *   npx tsx bench/segments-realtime.ts                 # 20,000 events × 5 rounds
 *   npx tsx bench/segments-realtime.ts --events 5000 --rounds 3
 */
import { ingestBatch, type IngestionStage } from '../engine/ingest/index';
import { createRuntime, defaultStages, type Runtime } from '../engine/runtime/index';
import { createSegment, loadLiveSegments, segmentsStageName } from '../engine/segments/index';
import { EmbeddedStore } from '../engine/store/index';
import { VirtualClock } from '../engine/time/index';
import { createRandom } from '../tests/support/seeded-random';

const argument = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const eventCount = argument('events', 20_000);
const rounds = argument('rounds', 5);
const batchSize = 100;
const users = 5_000;
const start = Date.parse('2024-06-01T00:00:00.000Z');

const countries = ['United Kingdom', 'France', 'Germany', 'Spain', 'EIRE', 'Netherlands', 'Belgium', 'Portugal'];
const plans = ['free', 'basic', 'pro', 'enterprise'];
const products = ['Lamp', 'Mug', 'Poster', 'Candle', 'Notebook'];

/** The identify traits of a user, fixed by their number. */
function traitsOf(userNumber: number): Record<string, unknown> {
  const random = createRandom(1000 + userNumber);
  return { country: countries[Math.floor(random() * countries.length)], plan: plans[Math.floor(random() * plans.length)], age: 18 + Math.floor(random() * 60), newsletter: random() < 0.5 };
}

/**
 * Batches of Segment messages: 15 % identify, 35 % orders, 50 % views, as they arrive in production —
 * each sent up to a minute before it is received (the clock moves 1 s per batch).
 */
function createBatches(round: number, firstBatchAt: number): Array<{ batch: Record<string, unknown>[] }> {
  const random = createRandom(7 + round);
  const batches: Array<{ batch: Record<string, unknown>[] }> = [];
  let batch: Record<string, unknown>[] = [];
  for (let i = 0; i < eventCount; i++) {
    const userNumber = Math.floor(random() * users);
    const userId = `user-${userNumber}`;
    const timestamp = new Date(firstBatchAt + Math.floor(i / batchSize) * 1000 - Math.floor(random() * 60_000)).toISOString();
    const messageId = `r${round}-m${i}`;
    const roll = random();
    if (roll < 0.15) {
      // A user's traits are their own: the same on every identify, except an occasional plan change.
      const traits = traitsOf(userNumber);
      batch.push({ type: 'identify', userId, messageId, timestamp, traits: random() < 0.05 ? { ...traits, plan: plans[Math.floor(random() * plans.length)] } : traits });
    } else if (roll < 0.5) {
      const total = Math.round(random() * 30_000) / 100;
      batch.push({ type: 'track', event: 'Order Completed', userId, messageId, timestamp, properties: { order_id: messageId, total, revenue: total, currency: 'GBP' } });
    } else if (roll < 0.75) {
      batch.push({ type: 'page', name: 'Pricing', userId, messageId, timestamp, properties: { path: '/pricing' } });
    } else {
      batch.push({ type: 'track', event: 'Product Viewed', userId, messageId, timestamp, properties: { name: products[Math.floor(random() * products.length)] } });
    }
    if (batch.length === batchSize) {
      batches.push({ batch });
      batch = [];
    }
  }
  if (batch.length > 0) batches.push({ batch });
  return batches;
}

/** 100 segments like a real workspace's: thresholds, countries, plans, counts, relative time, combinations, segments of segments. */
function segmentDefinitions(): Array<{ id: string; name: string; conditions: unknown }> {
  const definitions: Array<{ id: string; name: string; conditions: unknown }> = [];
  const add = (id: string, conditions: unknown): void => {
    definitions.push({ id, name: id, conditions });
  };
  for (let i = 0; i < 15; i++) add(`revenue-${i}`, { all: [{ fact: 'traits.revenue_total', operator: 'greaterThanInclusive', value: 50 * (i + 1) }] });
  for (let i = 0; i < 10; i++) add(`orders-${i}`, { all: [{ fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: i + 1 }] });
  for (const [i, country] of countries.entries()) add(`country-${i}`, { all: [{ fact: 'attributes.country', operator: 'equal', value: country }] });
  for (const [i, plan] of plans.entries()) add(`plan-${i}`, { all: [{ fact: 'attributes.plan', operator: 'in', value: [plan, 'enterprise'] }, { fact: 'attributes.newsletter', operator: 'equal', value: true }] });
  for (let i = 0; i < 12; i++) add(`recent-${i}`, { all: [{ fact: 'traits.last_order_at', operator: 'withinLastDays', value: 7 * (i + 1) }] });
  for (let i = 0; i < 6; i++) add(`lapsed-${i}`, { all: [{ fact: 'traits.last_seen_at', operator: 'notWithinLastDays', value: 20 + 10 * i }, { fact: 'traits.orders_count', operator: 'greaterThan', value: 0 }] });
  for (let i = 0; i < 10; i++) add(`viewers-${i}`, { any: [{ fact: 'traits.event_counts.Product Viewed', operator: 'greaterThanInclusive', value: i + 2 }, { fact: 'traits.event_counts.Page Viewed', operator: 'greaterThan', value: 3 * i + 2 }] });
  for (let i = 0; i < 10; i++) add(`age-${i}`, { all: [{ fact: 'attributes.age', operator: 'between', value: [18 + 5 * i, 30 + 5 * i] }, { not: { fact: 'attributes.country', operator: 'in', value: ['EIRE', 'Spain'] } }] });
  for (let i = 0; i < 15; i++) add(`mix-${i}`, { all: [{ fact: 'traits.average_order_value', operator: 'greaterThan', value: 20 + 10 * i }, { any: [{ fact: 'attributes.country', operator: 'startsWith', value: countries[i % countries.length].slice(0, 3) }, { fact: 'traits.orders_count', operator: 'greaterThan', value: 3 }] }] });
  for (let i = 0; i < 10; i++) add(`vip-${i}`, { all: [{ fact: 'segments', operator: 'contains', value: `revenue-${i}` }, { fact: 'segments', operator: 'contains', value: `recent-${i}` }] });
  if (definitions.length !== 100) throw new Error(`Expected 100 segments, built ${definitions.length}.`);
  return definitions;
}

/** Time spent inside the segments stage itself, per runtime (the stage is the real one, timed). */
interface StageTimer {
  milliseconds: number;
}

function timeSegmentsStage(timer: StageTimer): IngestionStage[] {
  return defaultStages.map((stage): IngestionStage => {
    if (stage.name !== segmentsStageName) return stage;
    return {
      name: stage.name,
      apply(input, runtime) {
        const began = performance.now();
        const output = stage.apply(input, runtime);
        // A stage that answers synchronously is timed (and kept) synchronous.
        if (!(output instanceof Promise)) {
          timer.milliseconds += performance.now() - began;
          return output;
        }
        return output.then((settled) => {
          timer.milliseconds += performance.now() - began;
          return settled;
        });
      },
    };
  });
}

async function createWorkspace(segments: boolean): Promise<{ runtime: Runtime; clock: VirtualClock; timer: StageTimer }> {
  const clock = new VirtualClock(start);
  const timer: StageTimer = { milliseconds: 0 };
  const runtime = await createRuntime({ store: new EmbeddedStore(), clock, stages: timeSegmentsStage(timer) });
  if (segments) {
    for (const definition of segmentDefinitions()) {
      const created = await createSegment(runtime, 'ws_bench', definition);
      if (!created.ok) throw new Error(`${definition.id}: ${JSON.stringify(created.problem)}`);
    }
    const live = await loadLiveSegments(runtime, 'ws_bench');
    if (live.ordered.length !== 100) throw new Error('The segments are not live.');
  }
  return { runtime, clock, timer };
}

interface RoundResult {
  microsecondsPerEvent: number;
  /** Of which inside the segments stage (evaluation, membership changes, due times). */
  stageMicrosecondsPerEvent: number;
  batchMilliseconds: number[];
}

async function ingestRound(runtime: Runtime, clock: VirtualClock, timer: StageTimer, batches: Array<{ batch: Record<string, unknown>[] }>): Promise<RoundResult> {
  const batchMilliseconds: number[] = [];
  let events = 0;
  timer.milliseconds = 0;
  const began = performance.now();
  for (const body of batches) {
    clock.advanceBy(1000);
    const before = performance.now();
    const report = await ingestBatch(runtime, 'ws_bench', body);
    batchMilliseconds.push(performance.now() - before);
    if (report.rejected.length > 0) throw new Error(JSON.stringify(report.rejected[0]));
    events += report.stored;
  }
  return { microsecondsPerEvent: ((performance.now() - began) * 1000) / events, stageMicrosecondsPerEvent: (timer.milliseconds * 1000) / events, batchMilliseconds };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function median(values: number[]): number {
  return percentile(values, 50);
}

async function main(): Promise<void> {
  console.log(`segments-realtime: ${eventCount} events per round, ${rounds} rounds, batches of ${batchSize}, ${users} users`);
  const baseline = await createWorkspace(false);
  const withSegments = await createWorkspace(true);
  const results = { baseline: [] as RoundResult[], segments: [] as RoundResult[] };
  // Round 0 warms up both (JIT, first customers) and is not counted.
  for (let round = 0; round <= rounds; round++) {
    const batches = createBatches(round, baseline.clock.now() + 1000);
    const order: Array<'baseline' | 'segments'> = round % 2 === 0 ? ['baseline', 'segments'] : ['segments', 'baseline'];
    for (const side of order) {
      const { runtime, clock, timer } = side === 'baseline' ? baseline : withSegments;
      const result = await ingestRound(runtime, clock, timer, batches);
      if (round > 0) results[side].push(result);
    }
  }
  const summarize = (side: 'baseline' | 'segments') => {
    const perEvent = median(results[side].map((result) => result.microsecondsPerEvent));
    const batches = results[side].flatMap((result) => result.batchMilliseconds);
    const stage = median(results[side].map((result) => result.stageMicrosecondsPerEvent));
    return { perEvent, stage, p50: percentile(batches, 50), p99: percentile(batches, 99) };
  };
  const base = summarize('baseline');
  const seg = summarize('segments');
  const members = await withSegments.runtime.store.collection('customers').count('ws_bench', { 'segments.0': { $exists: true } });
  const memberships = await withSegments.runtime.store.collection('events').count('ws_bench', { event: { $in: ['Segment Entered', 'Segment Exited'] } });
  console.log(`baseline, 0 segments:    ${base.perEvent.toFixed(1)} µs/event (${(1e6 / base.perEvent).toFixed(0)} events/s); batch of ${batchSize}: p50 ${base.p50.toFixed(2)} ms, p99 ${base.p99.toFixed(2)} ms`);
  console.log(`100 live segments:       ${seg.perEvent.toFixed(1)} µs/event (${(1e6 / seg.perEvent).toFixed(0)} events/s); batch of ${batchSize}: p50 ${seg.p50.toFixed(2)} ms, p99 ${seg.p99.toFixed(2)} ms`);
  console.log(`added by 100 segments:   ${(seg.perEvent - base.perEvent).toFixed(1)} µs/event (ratio ${(seg.perEvent / base.perEvent).toFixed(2)}×), of which ${(seg.stage - base.stage).toFixed(1)} µs in the segments stage itself (${base.stage.toFixed(1)} µs with 0 segments, ${seg.stage.toFixed(1)} µs with 100); the rest stores the membership events and runs the journeys stage on them`);
  const ingested = (rounds + 1) * eventCount;
  console.log(`membership events recorded: ${memberships} (${(memberships / ingested).toFixed(2)} per ingested event); customers in at least one segment: ${members}`);
  if (process.env.SEGMENTS_BENCH_DEBUG) {
    const rows = await withSegments.runtime.store.collection('events').aggregate('ws_bench', [{ $match: { event: { $in: ['Segment Entered', 'Segment Exited'] } } }, { $group: { _id: { s: '$properties.segment_id', e: '$event' }, n: { $sum: 1 } } }, { $sort: { n: -1 } }, { $limit: 15 }]);
    console.log(JSON.stringify(rows));
  }
  console.log(`heap used: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
  await baseline.runtime.close();
  await withSegments.runtime.close();
}

await main();
