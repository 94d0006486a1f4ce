import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Problem } from '../../engine/errors/index';
import type { Condition, RulePack, RulePackImport, Segment, SegmentList, SegmentPreview } from '../../schemas/types';
import { ImportAbortedError } from './batch-sender';
import { findLastOrderTime, loadDemoOrders, shiftToYesterday } from './demo-orders';
import { formatImportSummary } from './import-summary';
import { type ApiAnswer, formatProblem, isProblem, PackApiClient, ServerUnreachableError } from './pack-api-client';

/** The full UCI Online Retail data set, where the shared data sets live next to the repository (../shared/data). */
export const sharedOrdersFile = fileURLToPath(new URL('../../../shared/data/online-retail/online_retail.csv.gz', import.meta.url));
/** A small excerpt bundled with the repository, for a fresh clone without the shared data. */
export const bundledOrdersFile = fileURLToPath(new URL('../../examples/order-history/online-retail-excerpt.csv.gz', import.meta.url));
export const examplePackFile = fileURLToPath(new URL('../../examples/packs/01-lifecycle-essentials.json', import.meta.url));

const usage = `Usage: wayfarer demo [options]      (npm run demo)

Loads example data into a RUNNING server (npm start): the example rule pack
(examples/packs/01-lifecycle-essentials.json, journeys published), then the UCI Online Retail order
history through the order importer, then refreshes RFM scores and fits the CLV model, and prints
where to look in the editor. Running it again changes nothing that is already there.

Options:
  --orders FILE        order history CSV[.gz] (default: ../shared/data/online-retail/online_retail.csv.gz
                       when it exists, else the bundled excerpt examples/order-history/online-retail-excerpt.csv.gz)
  --limit-orders N     send only the first N orders (a quick look)
  --as-recorded        keep the orders' own dates (by default they move forward by whole days so the
                       history ends yesterday, and recency, lifecycle and churn risk read as for a live shop)
  --pack FILE          the rule pack (default: the example pack)
  --drafts             import the pack's journeys as drafts instead of publishing them
  --url URL            server (default: WAYFARER_URL, else http://localhost:\${PORT:-3000})
  --write-key KEY      default WAYFARER_WRITE_KEY
  --admin-key KEY      default WAYFARER_ADMIN_KEY
  -h, --help           this text`;

interface DemoArguments {
  orders: string;
  bundled: boolean;
  limitOrders: number | null;
  asRecorded: boolean;
  pack: string;
  publish: boolean;
  url: string;
  writeKey: string;
  adminKey: string;
}

/** `wayfarer demo`: exit 0 when everything loaded, 1 on a failure, 2 on a usage error. */
export async function run(args: string[]): Promise<void> {
  const parsed = parseDemoArguments(args, process.env);
  if (typeof parsed === 'string') {
    if (parsed === 'help') console.log(usage);
    else {
      console.error(`wayfarer demo: ${parsed}\n\n${usage}`);
      process.exitCode = 2;
    }
    return;
  }
  try {
    process.exitCode = await runDemo(parsed);
  } catch (error) {
    if (!(error instanceof ServerUnreachableError) && !(error instanceof ImportAbortedError)) throw error;
    console.error(`\nwayfarer demo: ${error.message}`);
    process.exitCode = 1;
  }
}

/** The arguments, a usage error, or 'help'. `exists` says whether a file is there (the shared data set). */
export function parseDemoArguments(args: string[], env: NodeJS.ProcessEnv, exists: (file: string) => boolean = existsSync): DemoArguments | string {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        orders: { type: 'string' },
        'limit-orders': { type: 'string' },
        'as-recorded': { type: 'boolean' },
        pack: { type: 'string' },
        drafts: { type: 'boolean' },
        url: { type: 'string' },
        'write-key': { type: 'string' },
        'admin-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return (error as Error).message;
  }
  if (values.help) return 'help';
  const limit = values['limit-orders'] === undefined ? null : Number(values['limit-orders']);
  if (limit !== null && (!Number.isInteger(limit) || limit < 1)) return `--limit-orders must be a whole number ≥ 1, not "${values['limit-orders']}".`;
  const url = values.url ?? env.WAYFARER_URL ?? `http://localhost:${env.PORT || 3000}`;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) return `--url must be an http(s) URL, not "${url}".`;
  const writeKey = values['write-key'] ?? env.WAYFARER_WRITE_KEY;
  const adminKey = values['admin-key'] ?? env.WAYFARER_ADMIN_KEY;
  if (!writeKey || !adminKey) return 'the demo needs the workspace\'s write key (events) and admin key (pack, RFM, CLV): pass --write-key and --admin-key or set WAYFARER_WRITE_KEY and WAYFARER_ADMIN_KEY (README "Example data").';
  const bundled = values.orders === undefined && !exists(sharedOrdersFile);
  const orders = values.orders ?? (bundled ? bundledOrdersFile : sharedOrdersFile);
  return { orders, bundled, limitOrders: limit, asRecorded: values['as-recorded'] === true, pack: values.pack ?? examplePackFile, publish: !values.drafts, url: url.replace(/\/+$/, ''), writeKey, adminKey };
}

/** How long the demo waits for the server's own run of a job to finish before giving up. */
const jobWaitMilliseconds = 5 * 60_000;

/**
 * POSTs to a job endpoint (RFM refresh, CLV fit), waiting while the server's own run of the same job
 * holds it (409 CONFLICT): importing the pack asks the scheduler for a trait refresh, and on a fresh
 * server that run usually starts during the order import and may still be going when the demo asks.
 */
export async function requestWhenJobFree<T>(client: PackApiClient, path: string, body?: object): Promise<ApiAnswer<T | Problem>> {
  const giveUpAt = Date.now() + jobWaitMilliseconds;
  let told = false;
  for (;;) {
    const answer = await client.request<T | Problem>('POST', path, body);
    const busy = answer.status === 409 && isProblem(answer.body) && answer.body.code === 'CONFLICT';
    if (!busy || Date.now() > giveUpAt) return answer;
    if (!told) console.log("    the server's scheduled run of this job is in progress; waiting for it to finish…");
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

function fail(answer: { status: number; body: unknown }, what: string): never {
  throw new ServerUnreachableError(`${what} failed (${answer.status}):\n${isProblem(answer.body) ? formatProblem(answer.body) : JSON.stringify(answer.body)}`);
}

async function runDemo(options: DemoArguments): Promise<number> {
  const client = new PackApiClient(options.url, options.adminKey);
  const health = await client.request('GET', '/health');
  if (health.status !== 200) fail(health, `GET ${options.url}/health`);

  console.log(`1/4 Rule pack ${options.pack}`);
  const pack = JSON.parse(await readFile(options.pack, 'utf8')) as RulePack;
  const imported = await client.request<RulePackImport | Problem>('POST', `/api/packs/import?onConflict=replace&publish=${options.publish}`, pack);
  if (imported.status !== 200 || isProblem(imported.body)) fail(imported, 'Importing the pack');
  const report = imported.body;
  const count = (action: string) => report.items.filter((item) => item.action === action).length;
  console.log(`    "${report.name}": ${count('created')} created, ${count('replaced')} replaced, ${count('unchanged')} unchanged; journeys ${options.publish ? 'published' : 'saved as drafts'}.`);

  console.log(`2/4 Order history ${options.orders}${options.bundled ? ' (the bundled excerpt: ../shared/data was not found)' : ''}${options.limitOrders !== null ? `, first ${options.limitOrders} orders` : ''}`);
  const lastOrder = options.asRecorded ? null : await findLastOrderTime(options.orders, options.limitOrders);
  const shiftMs = lastOrder === null ? 0 : shiftToYesterday(lastOrder, Date.now());
  if (shiftMs > 0) console.log(`    dates moved forward ${shiftMs / 86_400_000} days so the history ends yesterday (--as-recorded keeps them)`);
  const loaded = await loadDemoOrders({ file: options.orders, url: options.url, writeKey: options.writeKey, limitOrders: options.limitOrders, shiftMs });
  console.log(formatImportSummary({ file: options.orders, target: options.url, tally: loaded.tally, sent: loaded.sent, maxMessageBytes: 32 * 1024 }));
  if (loaded.sent.rejected > 0) console.log(`    ${loaded.sent.rejected} events were rejected (see above); the rest are stored.`);

  console.log('3/4 RFM scores, value tiers and lifecycle stages');
  const refreshed = await requestWhenJobFree<{ buyers: number; changed_customers: number }>(client, '/api/traits/rfm/refresh');
  if (refreshed.status !== 200 || isProblem(refreshed.body)) fail(refreshed, 'The RFM refresh');
  console.log(`    ${refreshed.body.buyers} buyers scored, ${refreshed.body.changed_customers} customers changed.`);

  console.log('4/4 CLV model (BG/NBD + Gamma-Gamma) and churn risk');
  const observationEnd = (loaded.lastOrderAt ?? new Date().toISOString()).slice(0, 10);
  const fitted = await requestWhenJobFree<{ scored_customers: number }>(client, '/api/models/clv/fit', { observation_end: observationEnd, time_unit: 'weeks' });
  if (fitted.status === 422 && isProblem(fitted.body) && fitted.body.code === 'MODEL_FIT_FAILED') {
    console.log(`    not fitted: ${fitted.body.details.map((detail) => detail.message).join(' ')} (load more orders: drop --limit-orders).`);
  } else if (fitted.status !== 200 || isProblem(fitted.body)) {
    fail(fitted, 'The CLV fit');
  } else {
    console.log(`    fitted on the orders up to ${observationEnd}: ${fitted.body.scored_customers} customers scored (traits.clv, traits.churn_risk).`);
  }

  await printWhereToLook(client, pack);
  return 0;
}

/** The segment sizes, and the editor pages worth opening. */
async function printWhereToLook(client: PackApiClient, pack: RulePack): Promise<void> {
  const listed = await client.request<SegmentList | Problem>('GET', '/api/segments');
  const segments: Segment[] = listed.status === 200 && !isProblem(listed.body) ? listed.body.segments : [];
  const packSegments = new Set((pack.segments ?? []).map((segment) => segment.id));
  const shown = segments.filter((segment) => packSegments.has(segment.id));
  const biggest = [...shown].sort((a, b) => (b.size ?? 0) - (a.size ?? 0))[0];
  let sampleUser: string | null = null;
  const vip = shown.find((segment) => segment.id === 'vip-tier' && (segment.size ?? 0) > 0) ?? biggest;
  if (vip) {
    const preview = await client.request<SegmentPreview | Problem>('POST', '/api/segments/preview', { conditions: vip.conditions as Condition });
    if (preview.status === 200 && !isProblem(preview.body)) sampleUser = preview.body.sample.find((customer) => customer.userId !== null)?.userId ?? null;
  }
  const editor = `${client.url}/`;
  console.log('\nSegments of the pack, members now:');
  for (const segment of shown) console.log(`  ${segment.id.padEnd(22)} ${String(segment.size ?? 0).padStart(6)}  ${segment.name}`);
  console.log(`\nOpen the editor at ${editor} and sign in with the admin key. Worth a look:`);
  console.log(`  segments and their sizes     ${editor}#/segments`);
  if (vip) console.log(`  ${`segment "${vip.id}"`.padEnd(28)} ${editor}#/segments/${encodeURIComponent(vip.id)}`);
  console.log(`  churn early warning journey  ${editor}#/journeys/churn-early-warning`);
  console.log(`  VIP tier change journey      ${editor}#/journeys/vip-tier-change`);
  if (sampleUser) console.log(`  a customer (${sampleUser})`.padEnd(31) + `${editor}#/customers/${encodeURIComponent(sampleUser)}`);
  console.log(`  the API reference            ${client.url}/docs`);
  console.log('Nothing is sent to anyone: the demo customers have no email address or phone, so journey messages are recorded as suppressed (no-recipient), and webhooks need a configured channel.');
}
