import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { allCollections, createRuntime, type Runtime, type RuntimeOptions } from '../../engine/runtime/index';
import type { IngestionStage } from '../../engine/ingest/index';
import { EmbeddedStore, type CollectionSpec, type StoragePort } from '../../engine/store/index';
import { VirtualClock, type Clock } from '../../engine/time/index';
import { ensureDefaultWorkspace } from '../../engine/workspaces/index';
import { buildApp } from '../../server/app';

export const testWriteKey = 'wk_test_0123456789abcdefghijklmnop';
export const testAdminKey = 'ak_test_0123456789abcdefghijklmnop';

/** `Authorization` header carrying a write key as the HTTP Basic username, as Segment clients send it. */
export function basicAuth(key = testWriteKey): string {
  return 'Basic ' + Buffer.from(`${key}:`).toString('base64');
}

export interface IngestApp {
  app: FastifyInstance;
  runtime: Runtime;
  store: StoragePort;
  workspace: string;
  /** POSTs JSON to a /v1 route with the write key. */
  post(url: string, payload: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface IngestAppOptions {
  store?: StoragePort;
  /** Collections besides Wayfarer's own (for test stages that write). */
  extraCollections?: CollectionSpec[];
  clock?: Clock;
  stages?: readonly IngestionStage[];
  /** Message links (RuntimeOptions.links); default: none. */
  links?: RuntimeOptions['links'];
}

/**
 * The real app over a real (volatile, unless given) embedded store, with the default workspace and
 * the test keys. The clock defaults to a virtual one at 2024-05-01T12:00:00Z.
 */
export async function createIngestApp(options: IngestAppOptions = {}): Promise<IngestApp> {
  const store = options.store ?? new EmbeddedStore();
  const runtime = await createRuntime({
    store,
    clock: options.clock ?? new VirtualClock(Date.parse('2024-05-01T12:00:00.000Z')),
    stages: options.stages,
    collections: [...allCollections, ...(options.extraCollections ?? [])],
    ...(options.links ? { links: options.links } : {}),
  });
  const { workspace } = await ensureDefaultWorkspace(runtime.store, runtime.clock, { writeKey: testWriteKey, adminKey: testAdminKey });
  const app = await buildApp({ runtime });
  return {
    app,
    runtime,
    store,
    workspace,
    post: (url, payload, headers = {}) => app.inject({ method: 'POST', url, payload: payload as string, headers: { authorization: basicAuth(), ...headers } }),
    inject: (injectOptions) => app.inject(injectOptions),
    close: async () => {
      await app.close();
      await runtime.close();
    },
  };
}
