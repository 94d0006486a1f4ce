import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClvModel, JourneyList, SegmentList } from '../../schemas/types';
import { bundledOrdersFile, parseDemoArguments, sharedOrdersFile } from '../../server/cli/demo';
import { repositoryRoot, runWayfarerCli } from '../support/cli-process';
import { startServerProcess, type ServerProcess } from '../support/server-process';

const run = promisify(execFile);
const keys = { WAYFARER_WRITE_KEY: 'wk_demo_test_0123456789abcdef', WAYFARER_ADMIN_KEY: 'ak_demo_test_0123456789abcdef' };

/**
 * README "Example data", literally: `npm start` (here its command, `wayfarer start`, on a temp data
 * directory with fixed keys), then `npm run demo` against it — on a slice of the orders to stay quick.
 */
describe('npm run demo against a running server', () => {
  let directory: string;
  let server: ServerProcess;
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${keys.WAYFARER_ADMIN_KEY}` } });
    expect(response.status, path).toBe(200);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'wayfarer-demo-'));
    server = await startServerProcess({ ...keys, WAYFARER_DATA_DIR: directory, WAYFARER_FSYNC: '0' }, 60_000);
  }, 90_000);

  afterAll(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    rmSync(directory, { recursive: true, force: true });
  });

  it('loads the example pack and the UCI orders, scores RFM and CLV, and says where to look', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('WAYFARER_')));
    const { stdout } = await run('npm', ['run', '--silent', 'demo', '--', '--limit-orders', '400'], { cwd: repositoryRoot, env: { ...env, ...keys, WAYFARER_URL: server.url }, timeout: 180_000 });
    expect(stdout).toContain('"Lifecycle essentials for an online retailer": 38 created, 0 replaced, 0 unchanged; journeys published.');
    expect(stdout).toMatch(/events sent +\d+ \(\d+ Order Completed, \d+ Order Refunded, \d+ identify\)/);
    expect(stdout).toMatch(/rejected by server +0/);
    expect(stdout).toMatch(/\d+ buyers scored/);
    // The history is moved to end yesterday, so recency and churn read as for a shop trading today.
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect(stdout).toMatch(/dates moved forward \d+ days so the history ends yesterday/);
    expect(stdout).toMatch(new RegExp(`fitted on the orders up to ${yesterday}: \\d+ customers scored`));
    expect(stdout).toContain(`${server.url}/#/segments/vip-tier`);
    expect(stdout).toContain(`${server.url}/#/journeys/churn-early-warning`);
    expect(stdout).toMatch(new RegExp(`${server.url.replace(/[.]/g, '\\.')}/#/customers/\\d+`));

    // What the editor will show is there.
    const orders = Number(/\((\d+) Order Completed, (\d+) Order Refunded/.exec(stdout)!.slice(1).reduce((sum, n) => sum + Number(n), 0));
    expect(orders).toBe(400);
    const segments = (await api<SegmentList>('/api/segments')).segments;
    const size = (id: string) => segments.find((segment) => segment.id === id)?.size ?? -1;
    expect(size('uk-customers')).toBeGreaterThan(100);
    expect(size('vip-tier')).toBeGreaterThan(10);
    expect(size('repeat-buyers')).toBeGreaterThan(0);
    expect((await api<ClvModel>('/api/models/clv')).bg_nbd.customers).toBeGreaterThan(100);
    const journeys = (await api<JourneyList>('/api/journeys')).journeys;
    expect(journeys).toHaveLength(6);

    // Again, from the excerpt a fresh clone has (no ../shared/data): the pack is already there, the orders load.
    const again = await runWayfarerCli(['demo', '--orders', bundledOrdersFile], { ...keys, WAYFARER_URL: server.url });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('0 created, 0 replaced, 38 unchanged');
    expect(again.stdout).toMatch(/events sent +579 \(389 Order Completed, 88 Order Refunded, 102 identify\)/);
    expect(again.stdout).toMatch(new RegExp(`fitted on the orders up to ${yesterday}`));
  }, 240_000);

  it('reads the shared UCI data set when it is next to the repository, else the bundled excerpt', () => {
    const args = ['--limit-orders', '10'];
    expect(parseDemoArguments(args, keys, () => true)).toMatchObject({ orders: sharedOrdersFile, bundled: false, limitOrders: 10, publish: true });
    expect(parseDemoArguments(args, keys, () => false)).toMatchObject({ orders: bundledOrdersFile, bundled: true });
    expect(parseDemoArguments(['--limit-orders', 'lots'], keys)).toBe('--limit-orders must be a whole number ≥ 1, not "lots".');
  });

  it('refuses to run without the keys, saying which variables to set', async () => {
    const result = await runWayfarerCli(['demo'], { WAYFARER_URL: server.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('WAYFARER_WRITE_KEY and WAYFARER_ADMIN_KEY');
  });
});
