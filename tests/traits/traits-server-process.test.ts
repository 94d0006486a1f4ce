import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { basicAuth, testAdminKey, testWriteKey } from '../support/ingest-app';
import { startServerProcess, type ServerProcess } from '../support/server-process';

/**
 * `wayfarer start` runs the scheduler: a trait defined over HTTP is backfilled by the server's own
 * `traits.backfill` job within its poll interval, with no test hook driving it.
 */
describe('the scheduler in a real server process', () => {
  let server: ServerProcess | null = null;
  const dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-traits-'));
  afterEach(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('backfills a new trait by itself, refreshes RFM on demand, and stops cleanly', async () => {
    server = await startServerProcess({ WAYFARER_DATA_DIR: dataDir, WAYFARER_WRITE_KEY: testWriteKey, WAYFARER_ADMIN_KEY: testAdminKey });
    const admin = { authorization: `Bearer ${testAdminKey}`, 'content-type': 'application/json' };
    const orders = [5, 10, 20].map((revenue, index) => ({ type: 'track', messageId: `o-${index}`, userId: 'u1', event: 'Order Completed', timestamp: new Date(Date.now() - (index + 1) * 86_400_000).toISOString(), properties: { revenue } }));
    const sent = await fetch(`${server.url}/v1/batch`, { method: 'POST', headers: { authorization: basicAuth(testWriteKey), 'content-type': 'application/json' }, body: JSON.stringify({ batch: orders }) });
    expect(sent.status).toBe(200);

    const definition = { id: 'spend_30d', name: 'Spend, 30 days', event: 'Order Completed', aggregation: 'sum', property: 'event.properties.revenue', window_days: 30 };
    expect((await fetch(`${server.url}/api/traits`, { method: 'POST', headers: admin, body: JSON.stringify(definition) })).status).toBe(201);
    let backfill: { status: string } = { status: 'pending' };
    for (let attempt = 0; attempt < 120 && backfill.status !== 'done'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      backfill = (await (await fetch(`${server.url}/api/traits/spend_30d`, { headers: admin })).json()).backfill;
    }
    expect(backfill).toMatchObject({ status: 'done', revision: 1, customers: 1 });
    const customer = await (await fetch(`${server.url}/api/customers/u1`, { headers: admin })).json();
    expect(customer.traits.spend_30d).toBe(35);

    const refreshed = await fetch(`${server.url}/api/traits/rfm/refresh`, { method: 'POST', headers: { authorization: admin.authorization } });
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json()).toMatchObject({ buyers: 1 });
    const scored = await (await fetch(`${server.url}/api/customers/u1`, { headers: admin })).json();
    expect(scored.traits.rfm).toMatchObject({ frequency: 3, monetary: 35, score: '333', group: 'loyal' });

    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('Closed cleanly.');
  }, 120_000);
});
