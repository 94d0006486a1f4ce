/**
 * What the journey runtime and the delivery worker cost, each against a baseline measured in the same
 * run. Run: `npx tsx bench/journeys.ts` (options: `--receipt-seconds 30`, `--warmup-seconds 2`, `--seconds 5` for
 * section 3, `--rate 1000`, `--instances 5000`, `--fsync off`).
 *
 * 1. Receipt → outbox record, at a paced `--rate` events/s for `--receipt-seconds` (default 30; open
 *    loop: latency counts from each event's scheduled time, so a backlog shows — or from its actual
 *    send when the pacing loop sent it early). Every event is a `Signed Up` whose journey sends an
 *    email: its outbox record is committed in the same atomic commit as the event, and the request is
 *    acknowledged when that commit is durable — so receipt → durable outbox record is receipt →
 *    acknowledgment. The server listens on loopback; a client in a process of its own sends each
 *    event as an HTTP request over a kept-alive connection pool and counts until the response is read,
 *    so the figure also holds the client's send, the socket both ways and HTTP parsing. Performance
 *    notes: `app.inject` kept every request's objects (light-my-request's) alive long enough for V8 to
 *    move them to the old generation (6.9 KB per request on a bare Fastify route, 9.8 KB on `/health`,
 *    `--trace-gc-nvp`), which a socket never does; the old generation then filled about twice as fast
 *    as over a socket, and each major collection that followed landed in the tail. Before the measured stream come
 *    `--warmup-seconds` (default 2) of the same stream for customers of their own, not counted: a
 *    server that has been running has compiled its hot paths and collected its start-up garbage.
 *    Embedded store persisted in a temporary directory (fsync on unless `--fsync off`). The server's
 *    process lets V8's heap grow as `wayfarer start` does (server/cli/heap-growth.ts), unless the
 *    command line sets `--heap-growing-percent`, and runs V8's helper threads at the lowest priority
 *    as it does (server/cli/gc-thread-priority.ts; `WAYFARER_GC_THREADS_NICE=0` leaves them). Baseline: the
 *    same events at the same rate with the profile stage only (ingestion without journeys). Each
 *    variant's server runs in a fresh child process, as a server holds one store: in one process the
 *    first variant's discarded store became the second's garbage. The run is long enough for the store
 *    to write snapshots and collect its old generation while it is measured, and that p99 is over
 *    enough events that one stall (a slow disk flush, a major GC) does not decide it alone; p99.9 and
 *    max show those stalls. It also says how many of the events over 10 ms began within 400 ms
 *    before to 100 ms after a major collection's final pause (its incremental marking runs on the main
 *    thread before that pause), and how many elsewhere. And it splits the client's figure: the wait
 *    before the server read a request (from the client's request call, stamped in a header, to Node
 *    handing the server the request: a wait for one of the client's 32 pooled connections while all
 *    await answers, the socket, and the server's loop busy with earlier work), and the server's
 *    own view; what is left is the reply's way back and the client reading it.
 * 2. Journey transitions/s: `--instances` customers wait in a delay; the clock passes it and the
 *    worker's timer path (`DeliveryWorker.fireDueTimersOnce`: parallel `claimDueTimers`, 8 `fireTimer`s
 *    at once; one commit per firing: the delay ends, the send state writes its outbox record, the exit
 *    ends the instance) fires them all. Baseline: as many bare
 *    version-checked replaces of a customer document (the least any transition writes).
 * 3. Outbox → sent through the log channel: the real worker loop (poll 10 ms, 32 in flight) drains a
 *    backlog of queued messages (messages/s) and then keeps up with a paced stream (createdAt → sentAt,
 *    p50/p99). Baseline: the log channel's own `deliver` for the same messages, without the outbox.
 * 4. Bytes at rest of a customer waiting in a delay: the instance document and its timer as stored
 *    (JSON), target ≤ 1 KB; baseline: the customer document itself without the journey.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { constants as gcConstants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { profileStage, type IngestionStage } from '../engine/ingest/index';
import { journeyCollectionNames, journeysStage, type JourneyInstance, type MessageRecord, type TimerRecord } from '../engine/journeys/index';
import { allCollections, createRuntime, type Runtime } from '../engine/runtime/index';
import { openStore } from '../engine/store/index';
import { systemClock, VirtualClock, type Clock } from '../engine/time/index';
import { ensureDefaultWorkspace } from '../engine/workspaces/index';
import type { Customer, Journey } from '../schemas/types';
import { buildApp } from '../server/app';
import { lowerHelperThreadPriority } from '../server/cli/gc-thread-priority';
import { growHeapBeforeCollecting } from '../server/cli/heap-growth';
import { createLogChannel } from '../server/channels/index';
import { channelConfigCollections, DeliveryWorker, saveChannelConfig, WorkspaceChannels } from '../server/workers/index';

const argument = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : process.argv[at + 1];
};
const seconds = Number(argument('seconds', '5'));
const receiptSeconds = Number(argument('receipt-seconds', '30'));
const warmupSeconds = Number(argument('warmup-seconds', '2'));
const rate = Number(argument('rate', '1000'));
const instances = Number(argument('instances', '5000'));
const fsync = argument('fsync', 'on') !== 'off';
const writeKey = 'wk_bench_0123456789abcdefghijkl';
const adminKey = 'ak_bench_0123456789abcdefghijkl';
const authorization = 'Basic ' + Buffer.from(`${writeKey}:`).toString('base64');
const directories: string[] = [];

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}
const ms = (value: number) => `${value.toFixed(2)} ms`;
const memory = () => `rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`;
const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

const state = (id: string, kind: string, params?: unknown) => ({ id, kind, stage: 'acquire', position: { x: 0, y: 0 }, ...(params === undefined ? {} : { params }) });
const go = (id: string, from: string, to: string, type = 'immediate') => ({ id, from, to, on: { type } });

/** Signed Up → (optional delay) → welcome email → done. */
function welcome(delay?: string): Journey {
  const entry = state('signed-up', 'entry', { trigger: { type: 'event', event: 'Signed Up' } });
  const email = state('welcome', 'send', { channel: 'log', template: { subject: 'Welcome, {{ attributes.first_name | default: "friend" }}', text: 'Hi there' } });
  const done = state('done', 'exit');
  const states = delay ? [entry, state('wait', 'delay', { mode: 'duration', duration: delay }), email, done] : [entry, email, done];
  const transitions = delay
    ? [go('t1', 'signed-up', 'wait'), go('t2', 'wait', 'welcome', 'delay-elapsed'), go('t3', 'welcome', 'done')]
    : [go('t1', 'signed-up', 'welcome'), go('t2', 'welcome', 'done')];
  return { id: delay ? 'welcome-later' : 'welcome', name: 'Welcome', version: 1, status: 'draft', states, transitions, settings: {} } as Journey;
}

async function openRuntime(stages: readonly IngestionStage[], clock: Clock = systemClock): Promise<Runtime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-bench-delivery-'));
  directories.push(dataDir);
  const runtime = await createRuntime({ store: openStore({ dataDir, fsync }), clock, stages, collections: [...allCollections, ...channelConfigCollections] });
  return runtime;
}

/** A server app over a fresh persisted store, with the journey published and `customers` identified. */
async function prepareApp(stages: readonly IngestionStage[], customers: number, journey: Journey | null, clock: Clock = systemClock) {
  const runtime = await openRuntime(stages, clock);
  const { workspace } = await ensureDefaultWorkspace(runtime.store, runtime.clock, { writeKey, adminKey });
  const app = await buildApp({ runtime });
  const admin = { authorization: `Bearer ${adminKey}` };
  if (journey) {
    await app.inject({ method: 'POST', url: '/api/journeys', headers: admin, payload: journey });
    const published = await app.inject({ method: 'POST', url: `/api/journeys/${journey.id}/versions/1/publish`, headers: admin });
    if (published.statusCode !== 200) throw new Error(published.body);
  }
  for (let start = 0; start < customers; start += 250) {
    const batch = Array.from({ length: Math.min(250, customers - start) }, (_, i) => ({ type: 'identify', userId: `u${start + i}`, traits: { email: `u${start + i}@example.com`, first_name: `C${start + i}` } }));
    const response = await app.inject({ method: 'POST', url: '/v1/batch', headers: { authorization }, payload: { batch } });
    if (response.statusCode !== 200) throw new Error(response.body);
  }
  return { runtime, app, workspace };
}

/** Sends the Signed Up event of customer `u<user>`; resolves when it is acknowledged. */
type SignUpSender = (user: number) => Promise<void>;

function injectedSignUp(app: Awaited<ReturnType<typeof prepareApp>>['app']): SignUpSender {
  return async (user) => {
    const response = await app.inject({ method: 'POST', url: '/v1/track', headers: { authorization }, payload: signUpOf(user) });
    if (response.statusCode !== 200) throw new Error(response.body);
  };
}

const sentAtHeader = 'x-bench-sent-at';

/** Over a kept-alive connection pool to the server on `port`, as a client of the product sends it. */
function httpSignUp(port: number): SignUpSender {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  return (user) =>
    new Promise((resolve, reject) => {
      const body = JSON.stringify(signUpOf(user));
      // When the client made the request (epoch ms, comparable across processes on one machine): the server tells its wait before reading it.
      const sentAt = String(performance.timeOrigin + performance.now());
      const request = http.request({ host: '127.0.0.1', port, path: '/v1/track', method: 'POST', agent, headers: { authorization, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), [sentAtHeader]: sentAt } }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(text))));
      });
      request.on('error', reject);
      request.end(body);
    });
}

const signUpOf = (user: number) => ({ userId: `u${user}`, event: 'Signed Up', messageId: `signup-${user}` });

/** One event's latency (ms) and when its count started (epoch ms, comparable across processes). */
type TimedLatency = [startedAt: number, latency: number];

/** Sends `count` Signed Up events at `perSecond`, open loop; returns each one's latency from its scheduled time. */
async function pacedSignUps(send: SignUpSender, count: number, perSecond: number, firstUser = 0): Promise<TimedLatency[]> {
  const latencies: TimedLatency[] = [];
  const start = performance.now() + 20;
  const inFlight: Array<Promise<void>> = [];
  for (let i = 0; i < count; i++) {
    const scheduled = start + (i * 1000) / perSecond;
    const wait = scheduled - performance.now();
    if (wait > 1) await pause(wait);
    // Counted from the scheduled time (a backlog shows), or from the actual send when the loop sent it
    // up to 1 ms early — never from before the request existed.
    const counted = Math.min(scheduled, performance.now());
    inFlight.push(send(firstUser + i).then(() => void latencies.push([performance.timeOrigin + counted, performance.now() - counted])));
  }
  await Promise.all(inFlight);
  return latencies;
}

const receiptVariants = {
  baseline: { label: 'baseline: ingestion without journeys', stages: [profileStage], journey: null },
  journeys: { label: 'with journeys: every event writes an outbox record', stages: [profileStage, journeysStage], journey: welcome() },
} as const;
type ReceiptVariant = keyof typeof receiptVariants;
interface ReceiptResult {
  latencies: number[];
  serverLatencies: number[];
  /** From the client's request call to the server reading it: a pooled connection to come free, the socket, the server's loop busy with earlier work. */
  waitsBeforeRead: number[];
  /** Client-side events over 10 ms, all and those near a major collection (see slowNearMajorCollections). */
  slow: { total: number; nearMajorCollections: number };
  /** The final pauses (ms) of the major collections in the measured window. */
  majorCollections: number[];
  outbox: number;
  cpuPerEvent: number;
  rssMiB: number;
  heapMiB: number;
}

/**
 * How many of the events over 10 ms began within 400 ms before the final pause of a major collection
 * (when its incremental marking runs on the main thread) or within 100 ms after it.
 */
function slowNearMajorCollections(latencies: readonly TimedLatency[], pausesAt: readonly number[]): number {
  return latencies.filter(([at, latency]) => latency > 10 && pausesAt.some((pause) => at >= pause - 400 && at <= pause + 100)).length;
}

/** One variant of section 1, in this (child) process, the server: its figures go to the parent. */
async function measureReceiptVariant(variant: ReceiptVariant): Promise<ReceiptResult> {
  const count = Math.round(receiptSeconds * rate);
  const warmup = Math.round(warmupSeconds * rate);
  const { stages, journey } = receiptVariants[variant];
  const { runtime, app, workspace } = await prepareApp(stages, warmup + count, journey);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  // The server's own view: from Node handing it the request (headers read) to the response's last byte
  // handed to the socket. The client's view adds the socket both ways, and its own waits for a core.
  const serverLatencies: number[] = [];
  const waitsBeforeRead: number[] = [];
  let counting = false;
  app.server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    const received = performance.now();
    if (!counting) return;
    waitsBeforeRead.push(performance.timeOrigin + received - Number(request.headers[sentAtHeader]));
    response.once('finish', () => serverLatencies.push(performance.now() - received));
  });
  // Major collections (their final pause; incremental marking comes before it), for the tail's causes.
  const majorCollections: Array<[at: number, pause: number]> = [];
  const collections = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (counting && kind === gcConstants.NODE_PERFORMANCE_GC_MAJOR) majorCollections.push([performance.timeOrigin + entry.startTime, entry.duration]);
    }
  });
  collections.observe({ entryTypes: ['gc'] });
  const client = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), '--receipt-client', String(port)], { stdio: 'inherit' });
  let cpu = process.cpuUsage();
  const timed = await new Promise<TimedLatency[]>((resolve, reject) => {
    client.on('message', (message: { warmedUp?: true; latencies?: TimedLatency[] }) => {
      if (message.warmedUp) {
        cpu = process.cpuUsage();
        counting = true;
      }
      if (message.latencies) resolve(message.latencies);
    });
    client.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`the receipt client exited with ${code}`))));
  });
  const used = process.cpuUsage(cpu);
  collections.disconnect();
  const latencies = timed.map(([, latency]) => latency).sort((a, b) => a - b);
  const slow = { total: latencies.filter((latency) => latency > 10).length, nearMajorCollections: slowNearMajorCollections(timed, majorCollections.map(([at]) => at)) };
  const outbox = journey ? (await runtime.store.collection(journeyCollectionNames.messages).count(workspace, {})) - warmup : 0;
  const { rss, heapUsed } = process.memoryUsage();
  await app.close();
  await runtime.close();
  return { latencies, serverLatencies: serverLatencies.sort((a, b) => a - b), waitsBeforeRead: waitsBeforeRead.sort((a, b) => a - b), slow, majorCollections: majorCollections.map(([, pause]) => pause), outbox, cpuPerEvent: (used.user + used.system) / 1000 / count, rssMiB: rss / 2 ** 20, heapMiB: heapUsed / 2 ** 20 };
}

/**
 * The client of section 1, in a process of its own: first the warm-up stream, for customers of their
 * own and not counted (a server that has been running has compiled its hot paths and collected its
 * start-up garbage), then the measured one; latencies go to the server process.
 */
async function sendReceiptStream(port: number): Promise<void> {
  const warmup = Math.round(warmupSeconds * rate);
  const send = httpSignUp(port);
  await pacedSignUps(send, warmup, rate);
  await new Promise((sent) => process.send!({ warmedUp: true }, sent));
  const latencies = await pacedSignUps(send, Math.round(receiptSeconds * rate), rate, warmup);
  await new Promise((sent) => process.send!({ latencies }, sent));
  process.disconnect();
}

/** Runs one variant of section 1 in a fresh child process (this file with `--receipt-variant`). */
function receiptVariantInChild(variant: ReceiptVariant): Promise<ReceiptResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), '--receipt-variant', variant], { stdio: 'inherit' });
    child.once('message', (result) => resolve(result as ReceiptResult));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`the ${variant} variant exited with ${code}`))));
  });
}

/** p50, p99, p99.9, max and the share over 10 ms of sorted latencies (ms). */
function latencySummary(sorted: readonly number[]): string {
  const over = sorted.filter((latency) => latency > 10).length;
  return `p50 ${ms(percentile(sorted, 0.5))}  p99 ${ms(percentile(sorted, 0.99))}  p99.9 ${ms(percentile(sorted, 0.999))}  max ${ms(sorted.at(-1)!)}  over 10 ms ${((100 * over) / sorted.length).toFixed(2)} %`;
}

async function receiptToOutbox(): Promise<void> {
  const count = Math.round(receiptSeconds * rate);
  const base = await receiptVariantInChild('baseline');
  const journeys = await receiptVariantInChild('journeys');
  console.log(`\n1. Receipt → durable outbox record (= acknowledgment), ${count} events at ${rate}/s for ${receiptSeconds} s after ${warmupSeconds} s of warm-up, embedded store, fsync ${fsync ? 'on' : 'off'}, HTTP over loopback from a client process, each variant's server in a fresh process`);
  for (const [variant, { latencies, outbox, cpuPerEvent, rssMiB }] of [['baseline', base], ['journeys', journeys]] as const) {
    console.log(`   ${receiptVariants[variant].label.padEnd(52)} ${latencySummary(latencies)}  CPU ${ms(cpuPerEvent)}/event  rss ${rssMiB.toFixed(0)} MiB${outbox ? `  (${outbox} outbox records)` : ''}`);
  }
  for (const [variant, { serverLatencies }] of [['baseline', base], ['journeys', journeys]] as const) {
    console.log(`   ${`${variant}, as the server sees it (request read → response written)`.padEnd(52)} ${latencySummary(serverLatencies)}`);
  }
  for (const [variant, { waitsBeforeRead }] of [['baseline', base], ['journeys', journeys]] as const) {
    console.log(`   ${`${variant}, before the server read it (client's request → request read)`.padEnd(52)} ${latencySummary(waitsBeforeRead)}`);
  }
  for (const [variant, { slow, majorCollections }] of [['baseline', base], ['journeys', journeys]] as const) {
    console.log(`   ${`${variant}: events over 10 ms, and what was under way`.padEnd(52)} ${slow.total}, of them ${slow.nearMajorCollections} within 400 ms before to 100 ms after one of the ${majorCollections.length} major collections in the window (final pauses ${majorCollections.map((pause) => ms(pause)).join(', ') || 'none'}); ${slow.total - slow.nearMajorCollections} elsewhere (snapshots, scavenges, the disk)`);
  }
  console.log(`   CPU per event with/without journeys ${(journeys.cpuPerEvent / base.cpuPerEvent).toFixed(2)}× (${(1000 / journeys.cpuPerEvent).toFixed(0)} events per CPU-second with journeys)`);
  console.log(`   ratio with/without journeys: p50 ${(percentile(journeys.latencies, 0.5) / percentile(base.latencies, 0.5)).toFixed(2)}×, p99 ${(percentile(journeys.latencies, 0.99) / percentile(base.latencies, 0.99)).toFixed(2)}× — target p99 ≤ 10 ms`);
}

async function transitionsAndSize(): Promise<void> {
  const clock = new VirtualClock(Date.parse('2024-05-01T12:00:00.000Z'));
  const { runtime, app, workspace } = await prepareApp([profileStage, journeysStage], instances, welcome('PT1H'), clock);
  for (let start = 0; start < instances; start += 250) {
    const batch = Array.from({ length: Math.min(250, instances - start) }, (_, i) => ({ type: 'track', userId: `u${start + i}`, event: 'Signed Up' }));
    const response = await app.inject({ method: 'POST', url: '/v1/batch', headers: { authorization }, payload: { batch } });
    if (response.statusCode !== 200) throw new Error(response.body);
  }

  // 4. Size at rest, while everyone waits.
  const customers = runtime.store.collection<Customer>('customers');
  const customer = (await customers.findOne(workspace, { userId: 'u7' }))!;
  const instance = (await runtime.store.collection<JourneyInstance>(journeyCollectionNames.instances).findOne(workspace, { customerId: customer._id }))!;
  const timer = (await runtime.store.collection<TimerRecord>(journeyCollectionNames.timers).findOne(workspace, { instanceId: instance._id }))!;
  const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
  const { ['welcome-later']: _presence, ...otherJourneys } = customer.journeys as Record<string, unknown>;
  const bare = { ...customer, journeys: otherJourneys };
  const atRest = bytes(instance) + bytes(timer);

  // 2. Fire every timer through the worker's timer path.
  clock.advanceBy(60 * 60 * 1000 + 1);
  const worker = new DeliveryWorker({ runtime, channels: new WorkspaceChannels({ store: runtime.store, clock }), timerBatchSize: 100 });
  const started = performance.now();
  while ((await worker.fireDueTimersOnce()) > 0);
  const fired = worker.stats.timersFired;
  const firingSeconds = (performance.now() - started) / 1000;
  const outbox = await runtime.store.collection(journeyCollectionNames.messages).count(workspace, {});

  // Baseline: one version-checked replace of a customer per firing.
  const all = await customers.find(workspace, {}, { limit: fired });
  const baseStarted = performance.now();
  for (const doc of all) {
    const result = await runtime.store.commit(workspace, [{ collection: 'customers', op: 'replace', filter: { _id: doc._id, version: doc.version }, doc: { ...doc, version: doc.version + 1 }, mustMatch: true }]);
    if (!result.ok) throw new Error('baseline commit conflicted');
  }
  const baseSeconds = (performance.now() - baseStarted) / 1000;
  await app.close();
  await runtime.close();

  console.log(`\n2. Journey transitions: ${fired} timers fired (${outbox} outbox records), each one commit entering 3 states (delay ends → send → exit)`);
  console.log(`   timer firings/s ${(fired / firingSeconds).toFixed(0)} (state transitions/s ${((3 * fired) / firingSeconds).toFixed(0)}); baseline bare customer replaces/s ${(all.length / baseSeconds).toFixed(0)}; ratio ${(fired / firingSeconds / (all.length / baseSeconds)).toFixed(2)}×; ${memory()}`);
  console.log(`\n4. At rest in a delay: instance ${bytes(instance)} B + timer ${bytes(timer)} B = ${atRest} B (target ≤ 1024 B); the customer's presence adds ${bytes(customer) - bytes(bare)} B; baseline customer document without the journey ${bytes(bare)} B`);
}

async function outboxToSent(): Promise<void> {
  const backlog = Math.round(seconds * rate);
  const streamed = Math.round(seconds * Math.min(rate, 500));
  const { runtime, app, workspace } = await prepareApp([profileStage, journeysStage], backlog + streamed, welcome());
  const logDirectory = mkdtempSync(join(tmpdir(), 'wayfarer-bench-log-'));
  directories.push(logDirectory);
  const saved = await saveChannelConfig(runtime.store, runtime.clock, workspace, { workspace, channels: { log: { kind: 'log', file: 'messages.ndjson' } } }, { logDirectory });
  if (!saved.ok) throw new Error(JSON.stringify(saved.problem));
  const channels = new WorkspaceChannels({ store: runtime.store, clock: runtime.clock, environment: { logDirectory } });
  const messages = runtime.store.collection<MessageRecord>(journeyCollectionNames.messages);

  // A backlog first, then the worker drains it.
  await pacedSignUps(injectedSignUp(app), backlog, 100_000);
  const worker = new DeliveryWorker({ runtime, channels, pollIntervalMs: 10, concurrency: 32, batchSize: 64 });
  const drainStarted = performance.now();
  const drainCpu = process.cpuUsage();
  worker.start();
  while ((await messages.count(workspace, { status: 'sent' })) < backlog) await pause(20);
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  const drainUsed = process.cpuUsage(drainCpu);

  // Then a paced stream while the worker runs: createdAt → sentAt per message.
  await pacedSignUps(injectedSignUp(app), streamed, Math.min(rate, 500), backlog);
  while ((await messages.count(workspace, { status: 'sent' })) < backlog + streamed) await pause(20);
  await worker.stop();
  await channels.close();
  const stream = await messages.find(workspace, { status: 'sent' }, { sort: { createdAt: -1 }, limit: streamed });
  const latencies = stream.map((m) => Date.parse(m.sentAt!) - Date.parse(m.createdAt)).sort((a, b) => a - b);

  // Baseline: the log channel alone, the same number of messages, 32 at a time.
  const channel = createLogChannel({ name: 'log', target: { path: join(logDirectory, 'baseline.ndjson') }, clock: systemClock });
  const sample = (await messages.find(workspace, {}, { limit: backlog }));
  const callLatencies: number[] = [];
  const baseStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < sample.length) {
        const record = sample[next++];
        const t = performance.now();
        await channel.deliver({ channel: 'log', recipient: { email: 'x@example.com' }, content: (record.payload as { content: object }).content, metadata: { workspace, journeyId: record.journeyId, stepId: record.stepId, customerId: record.customerId } }, record.key);
        callLatencies.push(performance.now() - t);
      }
    }),
  );
  const baseSeconds = (performance.now() - baseStarted) / 1000;
  await channel.close();
  await app.close();
  await runtime.close();
  callLatencies.sort((a, b) => a - b);

  console.log(`\n3. Outbox → sent through the log channel (worker: poll 10 ms, 32 in flight, batches of 64)`);
  console.log(`   backlog of ${backlog} drained at ${(backlog / drainSeconds).toFixed(0)} messages/s (CPU ${ms((drainUsed.user + drainUsed.system) / 1000 / backlog)}/message); baseline log channel alone ${(sample.length / baseSeconds).toFixed(0)} deliveries/s; ratio ${(backlog / drainSeconds / (sample.length / baseSeconds)).toFixed(2)}×`);
  console.log(`   stream of ${streamed} at ${Math.min(rate, 500)}/s: createdAt → sentAt p50 ${percentile(latencies, 0.5)} ms, p99 ${percentile(latencies, 0.99)} ms (ms resolution); baseline log deliver call p50 ${ms(percentile(callLatencies, 0.5))}, p99 ${ms(percentile(callLatencies, 0.99))}; ${memory()}`);
}

const childVariant = argument('receipt-variant', '') as ReceiptVariant | '';
const clientOf = Number(argument('receipt-client', '0'));
try {
  if (clientOf) {
    await sendReceiptStream(clientOf);
  } else if (childVariant) {
    // The server process as `wayfarer start` sets it up: room for the heap to grow between collections,
    // and V8's helper threads at the lowest priority.
    growHeapBeforeCollecting();
    lowerHelperThreadPriority();
    const result = await measureReceiptVariant(childVariant);
    await new Promise((sent) => process.send!(result, sent));
    process.disconnect();
  } else {
    console.log(`bench/journeys.ts — Node ${process.version}, --receipt-seconds ${receiptSeconds} --warmup-seconds ${warmupSeconds} --seconds ${seconds} --rate ${rate} --instances ${instances} --fsync ${fsync ? 'on' : 'off'}`);
    await receiptToOutbox();
    await transitionsAndSize();
    await outboxToSent();
  }
} finally {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
}
