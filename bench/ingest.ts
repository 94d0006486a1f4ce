/**
 * Ingestion benchmark: end-to-end `/v1/batch` throughput and `/v1/track` latency of the real server,
 * against a CEILING measured in the same run — a bare Fastify app that only parses the JSON and runs
 * the same schema validation (the batch envelope, then every message against its type's schema) and
 * stores nothing.
 *
 *   npx tsx bench/ingest.ts                        # fsync on and off, concurrency 1, 4, 16, 8 s each
 *   npx tsx bench/ingest.ts --seconds 3 --fsync on --concurrency 4 --breakdown-batches 200
 *   npx tsx bench/ingest.ts --fsync '' --breakdown-batches 400   # only the in-process breakdown
 *
 * Each server runs in a child process of its own (the real `wayfarer start` for end-to-end, with a
 * fresh data directory); this process is the load generator: Node's http client with keep-alive
 * sockets, one in-flight request per simulated client. Both share the machine's cores, so figures are
 * lower than on a dedicated server, equally for both sides of the ratio.
 *
 * Then "where the time goes": the same messages through the engine in this process, without HTTP,
 * with the ingestion stages added one at a time — CPU time per event, which is what bounds throughput
 * on a busy machine (wall-clock figures there depend on what else runs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../', import.meta.url));
const writeKey = 'wk_bench_0123456789abcdefghijkl';
const authorization = 'Basic ' + Buffer.from(`${writeKey}:`).toString('base64');
const batchSize = 100;
const userPool = 10_000;

interface Options {
  seconds: number;
  fsync: Array<'on' | 'off'>;
  concurrency: number[];
  latencyRequests: number;
  /** Batches per point of the in-process breakdown (0 skips it). */
  breakdownBatches: number;
}

function readOptions(argv: string[]): Options {
  const value = (name: string) => {
    const at = argv.indexOf(`--${name}`);
    return at === -1 ? undefined : argv[at + 1];
  };
  return {
    seconds: Number(value('seconds') ?? 8),
    fsync: (value('fsync') ?? 'on,off').split(',').filter(Boolean) as Array<'on' | 'off'>,
    breakdownBatches: Number(value('breakdown-batches') ?? 400),
    concurrency: (value('concurrency') ?? '1,4,16').split(',').map(Number),
    latencyRequests: Number(value('latency-requests') ?? 2000),
  };
}

// ---------------------------------------------------------------------------------------------------
// Servers

/** The ceiling: JSON parse + the same validation, nothing stored. Runs in a child process. */
async function serveCeiling(): Promise<void> {
  const { default: Fastify } = await import('fastify');
  const { validateAgainstSchema } = await import('../engine/validation/index');
  const { allSchemas, schemaId } = await import('../schemas/index');
  const app = Fastify({ logger: false, ajv: { customOptions: { allowUnionTypes: true } } });
  for (const schema of allSchemas) app.addSchema(schema);
  app.post('/v1/batch', { bodyLimit: 500 * 1024, schema: { body: { $ref: schemaId('batch') } } }, async (request) => {
    const { batch } = request.body as { batch: Array<{ type: string }> };
    let valid = 0;
    for (const message of batch) if (validateAgainstSchema(message.type, message).ok) valid++;
    return { success: valid === batch.length };
  });
  app.post('/v1/track', { bodyLimit: 32 * 1024, schema: { body: { $ref: schemaId('track') } } }, async () => ({ success: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  console.log(`listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
}

interface RunningServer {
  child: ChildProcess;
  port: number;
  cleanup(): void;
}

async function startServer(kind: 'full' | 'ceiling', fsync: 'on' | 'off'): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-bench-'));
  const args = kind === 'full' ? ['--import', 'tsx', 'server/cli/main.ts', 'start'] : ['--import', 'tsx', 'bench/ingest.ts', '--serve-ceiling'];
  const child = spawn(process.execPath, args, {
    cwd: repositoryRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', WAYFARER_DATA_DIR: dataDir, WAYFARER_FSYNC: fsync === 'on' ? '1' : '0', WAYFARER_WRITE_KEY: writeKey, WAYFARER_ADMIN_KEY: 'ak_bench_0123456789abcdefghijkl' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on http:\/\/[^:]+:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`${kind} server exited with ${code}:\n${output}`)));
  });
  return { child, port, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}

async function stopServer(server: RunningServer): Promise<void> {
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
  server.cleanup();
}

/**
 * CPU time a process has used, in microseconds, from /proc (Linux; clock ticks of 10 ms). On a shared
 * machine this is the fair measure: wall-clock throughput depends on what else runs.
 */
function cpuMicroseconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000_000) / 100;
  } catch {
    return NaN;
  }
}

/** Peak resident memory of a process, from /proc (Linux). */
function peakMemoryMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    return Math.round(kib / 1024);
  } catch {
    return NaN;
  }
}

// ---------------------------------------------------------------------------------------------------
// Load

let messageSequence = 0;

/**
 * One realistic message: mostly product views, some orders, a few identifies, over a pool of users.
 * `onlyTrack` leaves out identifies (for /v1/track).
 */
function messageJson(sentAt: string, onlyTrack = false): string {
  messageSequence++;
  const id = `bench-${process.pid}-${messageSequence}`;
  const user = `user-${(messageSequence * 7919) % userPool}`;
  const kind = messageSequence % 20;
  if (kind === 0 && !onlyTrack) return `{"type":"identify","messageId":"${id}","userId":"${user}","timestamp":"${sentAt}","traits":{"email":"${user}@example.com","plan":"pro","country":"GB"}}`;
  if (kind < 4) {
    return `{"type":"track","messageId":"${id}","userId":"${user}","event":"Order Completed","timestamp":"${sentAt}","properties":{"order_id":"${id}","total":${(messageSequence % 97) + 3},"revenue":${(messageSequence % 97) + 3},"currency":"GBP","products":[{"product_id":"p-${messageSequence % 500}","price":12.5,"quantity":1}]}}`;
  }
  return `{"type":"track","messageId":"${id}","userId":"${user}","event":"Product Viewed","timestamp":"${sentAt}","properties":{"product_id":"p-${messageSequence % 500}","sku":"SKU-${messageSequence % 500}","category":"Gifts","price":12.5},"context":{"library":{"name":"analytics-node","version":"3.1.0"},"ip":"203.0.113.7"}}`;
}

function batchBody(): string {
  const sentAt = new Date().toISOString();
  const messages: string[] = [];
  for (let i = 0; i < batchSize; i++) messages.push(messageJson(sentAt));
  return `{"batch":[${messages.join(',')}],"sentAt":"${sentAt}"}`;
}

function post(agent: http.Agent, port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { authorization, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

interface ThroughputResult {
  eventsPerSecond: number;
  p50: number;
  p99: number;
  /** CPU the server used per event, µs. */
  serverCpuPerEvent: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];
}

/** Batches of 100 from `concurrency` clients for `seconds` (after a short warm-up). */
async function measureBatches(server: RunningServer, concurrency: number, seconds: number): Promise<ThroughputResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const warmUpEnd = performance.now() + 1500;
  const end = warmUpEnd + seconds * 1000;
  let events = 0;
  let cpuAtStart = NaN;
  const latencies: number[] = [];
  const warmedUp = new Promise<void>((resolve) => setTimeout(resolve, 1500)).then(() => {
    cpuAtStart = cpuMicroseconds(server.child.pid!);
  });
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const body = batchBody();
        const started = performance.now();
        const status = await post(agent, server.port, '/v1/batch', body);
        if (status !== 200) throw new Error(`/v1/batch answered ${status}`);
        if (started >= warmUpEnd) {
          events += batchSize;
          latencies.push(performance.now() - started);
        }
      }
    }),
  );
  await warmedUp;
  const cpu = cpuMicroseconds(server.child.pid!) - cpuAtStart;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { eventsPerSecond: events / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), serverCpuPerEvent: cpu / events };
}

/** Single `/v1/track` requests, one at a time: latency as one client sees it. */
async function measureTrackLatency(port: number, requests: number): Promise<{ p50: number; p99: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  for (let i = 0; i < requests + 200; i++) {
    const message = messageJson(new Date().toISOString(), true);
    const started = performance.now();
    const status = await post(agent, port, '/v1/track', message);
    if (status !== 200) throw new Error(`/v1/track answered ${status}`);
    if (i >= 200) latencies.push(performance.now() - started);
  }
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

// ---------------------------------------------------------------------------------------------------
// Where the time goes

/** CPU microseconds per event through `ingestBatch` in this process, after a warm-up. */
async function measurePipelineCpu(stageCount: number | 'none', persistent: boolean, batches: number): Promise<number> {
  const { createRuntime, defaultStages } = await import('../engine/runtime/index');
  const { ingestBatch } = await import('../engine/ingest/index');
  const { openStore } = await import('../engine/store/index');
  const dataDir = persistent ? mkdtempSync(join(tmpdir(), 'wayfarer-bench-cpu-')) : null;
  const runtime = await createRuntime({ store: openStore({ dataDir, fsync: false }), stages: stageCount === 'none' ? [] : defaultStages.slice(0, stageCount) });
  const warmUp = Math.min(100, Math.floor(batches / 4));
  let started = process.cpuUsage();
  for (let i = 0; i < batches; i++) {
    if (i === warmUp) started = process.cpuUsage();
    const body = JSON.parse(batchBody()) as unknown;
    const report = await ingestBatch(runtime, 'ws_bench', body);
    if (report.stored !== batchSize) throw new Error(`stored ${report.stored} of ${batchSize}`);
  }
  const used = process.cpuUsage(started);
  await runtime.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  return (used.user + used.system) / ((batches - warmUp) * batchSize);
}

/** Rounds of the breakdown: each configuration is measured this many times, interleaved, and the least CPU kept. */
const breakdownRounds = 3;

async function printCostBreakdown(batches: number): Promise<void> {
  const { defaultStages } = await import('../engine/runtime/index');
  // One process runs every configuration, so each is measured several times in turn and the least CPU
  // kept: what other processes and this one's garbage collector add is noise, never part of the cost.
  const configurations: Array<{ label: string; stages: number | 'none'; persistent: boolean }> = [
    { label: 'normalise, de-duplicate, resolve customers, commit (no stages)', stages: 'none', persistent: false },
    ...defaultStages.map((stage, index) => ({ label: `+ ${stage.name} stage`, stages: index + 1, persistent: false })),
    { label: 'all stages, persisted store (write-ahead log, fsync off)', stages: defaultStages.length, persistent: true },
  ];
  const best = configurations.map(() => Infinity);
  for (let round = 0; round < breakdownRounds; round++) {
    for (let i = 0; i < configurations.length; i++) best[i] = Math.min(best[i], await measurePipelineCpu(configurations[i].stages, configurations[i].persistent, batches));
  }
  console.log(`Where the time goes — CPU µs per event in-process (no HTTP), ${batches} batches of ${batchSize}, least of ${breakdownRounds} interleaved rounds, volatile store unless noted:`);
  best.forEach((cost, i) => {
    const added = i === 0 ? '' : `  (+${format(cost - best[i - 1], 1)})`;
    console.log(`  ${configurations[i].label.padEnd(66)} ${format(cost, 1).padStart(6)} µs${added}`);
  });
}

// ---------------------------------------------------------------------------------------------------

const format = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  console.log(`Ingestion benchmark — batches of ${batchSize} events over ${format(userPool)} users, ${options.seconds} s per point, Node ${process.version}`);
  console.log('Load generator: this process, Node http client with keep-alive; servers in child processes.\n');

  for (const fsync of options.fsync) {
    const ceiling = await startServer('ceiling', fsync);
    const full = await startServer('full', fsync);
    console.log(`fsync ${fsync}`);
    console.log('  clients | ceiling events/s | wayfarer events/s | ratio | server CPU µs/event: ceiling, wayfarer (ratio) | wayfarer batch p50 / p99 ms');
    for (const concurrency of options.concurrency) {
      const top = await measureBatches(ceiling, concurrency, options.seconds);
      const real = await measureBatches(full, concurrency, options.seconds);
      console.log(
        `  ${String(concurrency).padStart(7)} | ${format(top.eventsPerSecond).padStart(16)} | ${format(real.eventsPerSecond).padStart(17)} | ${format((100 * real.eventsPerSecond) / top.eventsPerSecond).padStart(4)}% | ${format(top.serverCpuPerEvent, 1).padStart(6)}, ${format(real.serverCpuPerEvent, 1).padStart(6)} (${format((100 * top.serverCpuPerEvent) / real.serverCpuPerEvent)}%) | ${format(real.p50, 1)} / ${format(real.p99, 1)}`,
      );
    }
    const topLatency = await measureTrackLatency(ceiling.port, options.latencyRequests);
    const realLatency = await measureTrackLatency(full.port, options.latencyRequests);
    console.log(`  single /v1/track, one client: wayfarer p50 ${format(realLatency.p50, 2)} ms, p99 ${format(realLatency.p99, 2)} ms; ceiling p50 ${format(topLatency.p50, 2)} ms, p99 ${format(topLatency.p99, 2)} ms`);
    console.log(`  peak memory (RSS): wayfarer ${peakMemoryMiB(full.child.pid!)} MiB, ceiling ${peakMemoryMiB(ceiling.child.pid!)} MiB\n`);
    await stopServer(full);
    await stopServer(ceiling);
  }
  if (options.breakdownBatches > 0) await printCostBreakdown(options.breakdownBatches);
}

if (process.argv.includes('--serve-ceiling')) await serveCeiling();
else await main();
