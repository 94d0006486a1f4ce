import type { FastifyInstance } from 'fastify';
import type { Health } from '../../schemas/types';
import { schemaId } from '../../schemas/index';

/**
 * `GET /health`: 200 with the version and the store's kind and detail; no key needed. Anyone who can
 * reach the port may ask, so the detail leaves out where the data lives on disk: `dataDir` is
 * dropped, and any message that names it (a failed write-ahead log, a snapshot error) says
 * `<dataDir>` instead. Operators find the path in the start-up line (`… embedded store in <dir>`) or
 * WAYFARER_DATA_DIR.
 */
export async function healthRoutes(app: FastifyInstance, options: { version: string }): Promise<void> {
  app.get(
    '/health',
    {
      schema: {
        tags: ['server'],
        summary: 'The server is up and its store answers',
        response: { 200: { $ref: schemaId('health') } },
      },
    },
    async (): Promise<Health> => {
      const { kind, detail } = await app.runtime.store.info();
      return { status: 'ok', version: options.version, store: { kind, detail: withoutDataDir(detail) } };
    },
  );
}

/** The store's detail without its data directory, in keys or in text. */
function withoutDataDir(detail: Record<string, unknown>): Record<string, unknown> {
  const { dataDir, ...rest } = detail;
  if (typeof dataDir !== 'string' || dataDir === '') return rest;
  return JSON.parse(JSON.stringify(rest, (_key, value: unknown) => (typeof value === 'string' ? value.replaceAll(dataDir, '<dataDir>') : value))) as Record<string, unknown>;
}
