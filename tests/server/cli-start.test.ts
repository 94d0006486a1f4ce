import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allCollections } from '../../engine/runtime/index';
import { openStore } from '../../engine/store/index';
import { hashApiKey } from '../../engine/workspaces/index';
import type { StoredEvent } from '../../schemas/types';
import { basicAuth } from '../support/ingest-app';
import { entry, exit, go, journey, onEvent, send } from '../support/journey-factory';
import { runFailingStart, startServerProcess, type ServerProcess } from '../support/server-process';

async function post(url: string, key: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { authorization: basicAuth(key), 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('wayfarer start', () => {
  let dataDir: string;
  const running: ServerProcess[] = [];
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-start-'));
  });
  afterEach(async () => {
    for (const server of running.splice(0)) {
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the default workspace on first start, prints its keys once, persists, and stops cleanly on SIGTERM', async () => {
    const first = await startServerProcess({ WAYFARER_DATA_DIR: dataDir });
    running.push(first);
    const writeKey = /write key[^:]*:\s+(\S+)/.exec(first.output())?.[1];
    const adminKey = /admin key[^:]*:\s+(\S+)/.exec(first.output())?.[1];
    expect(writeKey).toMatch(/^wk_/);
    expect(adminKey).toMatch(/^ak_/);

    const health = await fetch(`${first.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', version: expect.any(String), store: { kind: 'embedded', detail: expect.any(Object) } });
    const stored = await post(`${first.url}/v1/track`, writeKey!, { userId: 'u1', event: 'Signed Up', messageId: 'first-run' });
    expect(stored.status).toBe(200);
    expect((await post(`${first.url}/v1/track`, adminKey!, { userId: 'u1', event: 'x' })).status).toBe(403);

    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.output()).toContain('Closed cleanly.');

    const second = await startServerProcess({ WAYFARER_DATA_DIR: dataDir });
    running.push(second);
    expect(second.output()).not.toMatch(/write key|admin key/);
    expect((await post(`${second.url}/v1/track`, writeKey!, { userId: 'u1', event: 'Signed In', messageId: 'second-run' })).status).toBe(200);
    second.child.kill('SIGINT');
    expect((await second.exited).code).toBe(0);

    const store = openStore({ dataDir });
    await store.open(allCollections);
    const workspaces = await store.listWorkspaces('events');
    expect(workspaces).toHaveLength(1);
    const events = await store.collection<StoredEvent>('events').find(workspaces[0], {}, { sort: { messageId: 1 } });
    expect(events.map((event) => event.messageId)).toEqual(['first-run', 'second-run']);
    await store.close();
  });

  it('takes the keys from WAYFARER_WRITE_KEY and WAYFARER_ADMIN_KEY and prints none', async () => {
    const server = await startServerProcess({ WAYFARER_DATA_DIR: dataDir, WAYFARER_WRITE_KEY: 'wk_from_env_1234567890', WAYFARER_ADMIN_KEY: 'ak_from_env_1234567890' });
    running.push(server);
    expect(server.output()).not.toContain('wk_from_env');
    expect(server.output()).toContain('Write key: from WAYFARER_WRITE_KEY.');
    expect((await post(`${server.url}/v1/track`, 'wk_from_env_1234567890', { userId: 'u1', event: 'x' })).status).toBe(200);
    expect((await post(`${server.url}/v1/track`, 'wk_wrong', { userId: 'u1', event: 'x' })).status).toBe(401);
  });

  it('keeps a key revoked through the API revoked when the environment still names it, and says which variable to fix', async () => {
    const env = { WAYFARER_DATA_DIR: dataDir, WAYFARER_WRITE_KEY: 'wk_from_env_1234567890', WAYFARER_ADMIN_KEY: 'ak_from_env_1234567890' };
    const admin = { authorization: 'Bearer ak_from_env_1234567890' };
    const first = await startServerProcess(env);
    running.push(first);
    const revoked = await fetch(`${first.url}/api/keys/${hashApiKey('wk_from_env_1234567890')}`, { method: 'DELETE', headers: admin });
    expect(revoked.status).toBe(204);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);

    const second = await startServerProcess(env);
    running.push(second);
    expect(second.output()).toMatch(/WARNING: WAYFARER_WRITE_KEY holds a write key that was revoked at \S+Z\. It stays revoked/);
    expect(second.output()).toContain('Set WAYFARER_WRITE_KEY to a new key');
    expect(second.output()).not.toContain('Write key: from WAYFARER_WRITE_KEY.');
    expect(second.output()).toContain('Admin key: from WAYFARER_ADMIN_KEY.');
    expect(second.output()).not.toContain('WARNING: WAYFARER_ADMIN_KEY');
    expect((await post(`${second.url}/v1/track`, 'wk_from_env_1234567890', { userId: 'u1', event: 'x' })).status).toBe(401);
    second.child.kill('SIGTERM');
    await second.exited;

    // The way out the warning names: a new key in the variable.
    const third = await startServerProcess({ ...env, WAYFARER_WRITE_KEY: 'wk_from_env_rotated_1234567890' });
    running.push(third);
    expect(third.output()).not.toContain('WARNING');
    expect(third.output()).toContain('Write key: from WAYFARER_WRITE_KEY.');
    expect((await post(`${third.url}/v1/track`, 'wk_from_env_rotated_1234567890', { userId: 'u1', event: 'x' })).status).toBe(200);
    expect((await post(`${third.url}/v1/track`, 'wk_from_env_1234567890', { userId: 'u1', event: 'x' })).status).toBe(401);
  });

  it('with PORT=0 and no WAYFARER_PUBLIC_URL, puts the port it got in unsubscribe links, and the link works', async () => {
    const keys = { WAYFARER_WRITE_KEY: 'wk_port_zero_1234567890', WAYFARER_ADMIN_KEY: 'ak_port_zero_1234567890' };
    const server = await startServerProcess({ WAYFARER_DATA_DIR: dataDir, WAYFARER_WORKER: '0', ...keys });
    running.push(server);
    const port = new URL(server.url).port;
    expect(server.output()).toContain(`Unsubscribe links in messages lead to http://localhost:${port} (set WAYFARER_PUBLIC_URL`);
    const admin = { authorization: `Bearer ${keys.WAYFARER_ADMIN_KEY}` };
    const newsletter = journey('newsletter', [entry('signed-up', onEvent('Signed Up')), send('news', 'email', { subject: 'News', text: 'Unsubscribe: {{ links.unsubscribe }}' }), exit('done')], [go('signed-up', 'news'), go('news', 'done')]);
    expect((await fetch(`${server.url}/api/journeys`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify(newsletter) })).status).toBe(201);
    expect((await fetch(`${server.url}/api/journeys/newsletter/versions/1/publish`, { method: 'POST', headers: admin })).status).toBe(200);
    expect((await post(`${server.url}/v1/identify`, keys.WAYFARER_WRITE_KEY, { userId: 'u1', traits: { email: 'u1@example.com' } })).status).toBe(200);
    expect((await post(`${server.url}/v1/track`, keys.WAYFARER_WRITE_KEY, { userId: 'u1', event: 'Signed Up' })).status).toBe(200);

    const listed = (await (await fetch(`${server.url}/api/messages?userId=u1`, { headers: admin })).json()) as { messages: Array<{ payload: { content: { text: string }; unsubscribeUrl?: string } }> };
    expect(listed.messages).toHaveLength(1);
    const link = /Unsubscribe: (\S+)/.exec(listed.messages[0].payload.content.text)?.[1];
    expect(link).toMatch(new RegExp(`^http://localhost:${port}/unsubscribe/`));
    expect(listed.messages[0].payload.unsubscribeUrl).toBe(link);
    const page = await fetch(link!.replace('localhost', '127.0.0.1'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form');
  });

  it('refuses a wrong PORT with a message naming the variable', async () => {
    const { code, output } = await runFailingStart({ WAYFARER_DATA_DIR: dataDir, PORT: 'eighty' });
    expect(code).toBe(1);
    expect(output).toContain('PORT must be a port number');
    expect(output).not.toMatch(/at .*\.ts:\d+/);
  });

  it('takes the embedded store\'s memory limit from WAYFARER_MEMORY_LIMIT_MB, and names the variable when its value is wrong', async () => {
    const server = await startServerProcess({ WAYFARER_DATA_DIR: dataDir, WAYFARER_MEMORY_LIMIT_MB: '1536' });
    running.push(server);
    const health = (await (await fetch(`${server.url}/health`)).json()) as { store: { detail: { memory: { limitBytes: number; full: boolean } } } };
    expect(health.store.detail.memory).toMatchObject({ limitBytes: 1536 * 2 ** 20, full: false });
    expect(server.output()).toContain('memory limit 1536 MiB');
    server.child.kill('SIGTERM');
    await server.exited;

    const { code, output } = await runFailingStart({ WAYFARER_DATA_DIR: dataDir, WAYFARER_MEMORY_LIMIT_MB: 'lots' });
    expect(code).toBe(1);
    expect(output).toContain('WAYFARER_MEMORY_LIMIT_MB must be a number of MiB above 0, not "lots"');
  });

  it('refuses to share a data directory with a running server', async () => {
    const server = await startServerProcess({ WAYFARER_DATA_DIR: dataDir });
    running.push(server);
    const { code, output } = await runFailingStart({ WAYFARER_DATA_DIR: dataDir, PORT: '0' });
    expect(code).toBe(1);
    expect(output).toContain(String(server.child.pid));
  });
});
