import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { allCollections, createRuntime, type Runtime } from '../../engine/runtime/index';
import { openStore } from '../../engine/store/index';
import { ensureDefaultWorkspace } from '../../engine/workspaces/index';
import { buildApp } from '../../server/app';
import { basicAuth, testAdminKey, testWriteKey } from './ingest-app';

export interface EditorServer {
  app: FastifyInstance;
  runtime: Runtime;
  /** http://127.0.0.1:<port> */
  url: string;
  adminKey: string;
  /** POSTs Segment-spec messages to /v1/batch with the write key; throws unless all were accepted. */
  ingest(messages: Array<Record<string, unknown>>): Promise<void>;
  /** A management API call with the admin key; the parsed JSON answer. */
  api<T>(method: string, path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/**
 * The real server as `wayfarer start` builds it — buildApp over the embedded store persisted in a
 * fresh temporary directory, the server's ingestion stages, fixed test keys — listening on an
 * ephemeral loopback port, for tests that drive it from a real browser.
 */
export async function startEditorServer(): Promise<EditorServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-editor-'));
  const runtime = await createRuntime({ store: openStore({ dataDir, fsync: false }), collections: allCollections });
  await ensureDefaultWorkspace(runtime.store, runtime.clock, { writeKey: testWriteKey, adminKey: testAdminKey });
  const app = await buildApp({ runtime });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('The server has no TCP address.');
  const url = `http://127.0.0.1:${address.port}`;

  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${testAdminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };

  return {
    app,
    runtime,
    url,
    adminKey: testAdminKey,
    async ingest(messages) {
      const response = await fetch(`${url}/v1/batch`, {
        method: 'POST',
        headers: { authorization: basicAuth(testWriteKey), 'content-type': 'application/json' },
        body: JSON.stringify({ batch: messages }),
      });
      if (!response.ok) throw new Error(`POST /v1/batch answered ${response.status}: ${await response.text()}`);
    },
    api,
    async close() {
      await app.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
