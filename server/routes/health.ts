import type { FastifyInstance } from 'fastify';
import type { Health } from '../../schemas/types';
import { schemaId } from '../../schemas/index';

/** `GET /health`: 200 with the version and the store's kind and detail; no key needed. */
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
    async (): Promise<Health> => ({ status: 'ok', version: options.version, store: await app.runtime.store.info() }),
  );
}
