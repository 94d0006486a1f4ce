import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { schemaIdBase } from '../../schemas/index';

/**
 * The OpenAPI document (`GET /docs/json`) and its UI at `/docs`, built from the routes' schemas.
 * Shared schemas appear as components named by their title.
 */
export async function installOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Wayfarer API',
        version,
        description:
          'Ingestion (Segment tracking API: /v1/*, write key as the HTTP Basic username) and the management API (/api/*, admin key as a Bearer token). Errors are { code, message, details } with the codes in docs/errors.md.',
      },
      components: {
        securitySchemes: {
          writeKey: { type: 'http', scheme: 'basic', description: 'The write key as the username, empty password.' },
          adminKey: { type: 'http', scheme: 'bearer', description: 'The admin key.' },
        },
      },
      tags: [
        { name: 'ingestion', description: 'Segment-spec events' },
        { name: 'server', description: 'Health' },
      ],
    },
    refResolver: {
      buildLocalReference(json, _baseUri, _fragment, i) {
        const id = typeof json.$id === 'string' ? json.$id : '';
        if (typeof json.title === 'string') return json.title;
        return id.startsWith(schemaIdBase) ? id.slice(schemaIdBase.length).replace('.schema.json', '') : `schema${i}`;
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
}
