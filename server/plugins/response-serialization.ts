import fastJson from 'fast-json-stringify';
import type { FastifyInstance } from 'fastify';
import { allSchemas, type JsonSchema } from '../../schemas/index';

type Serializer = (data: unknown) => string;

/**
 * Response serializers (fast-json-stringify, as Fastify's default), compiled once per distinct
 * response schema and given only the shared schemas the response refers to. Fastify's default compiles
 * one serializer per route and status with every shared schema; with dozens of routes sharing the
 * problem schema, that made `ready()` take seconds.
 */
/** Shared by every app of the process, like the validators (the schemas never change while it runs). */
const serializers = new Map<string, Serializer>();

export function installResponseSerialization(app: FastifyInstance): void {
  app.setSerializerCompiler(({ schema }) => {
    const key = JSON.stringify(schema);
    let serialize = serializers.get(key);
    if (!serialize) {
      const shared = sharedSchemasById(app);
      serialize = fastJson(schema as Parameters<typeof fastJson>[0], { schema: referencedSchemas(schema, shared) as never }) as Serializer;
      serializers.set(key, serialize);
    }
    return serialize;
  });
}

function sharedSchemasById(app: FastifyInstance): Map<string, JsonSchema> {
  const byId = new Map<string, JsonSchema>(allSchemas.map((schema) => [schema.$id, schema]));
  for (const [id, schema] of Object.entries(app.getSchemas())) if (!byId.has(id)) byId.set(id, schema as JsonSchema);
  return byId;
}

/** The shared schemas a schema refers to, directly or through each other, by `$id`. */
function referencedSchemas(root: unknown, shared: Map<string, JsonSchema>): Record<string, JsonSchema> {
  const found: Record<string, JsonSchema> = {};
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      pending.push(...node);
      continue;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const id = value.split('#')[0];
        if (id === '' || found[id]) continue;
        const schema = shared.get(id);
        // A reference we cannot place: let fast-json-stringify see every shared schema.
        if (!schema) return Object.fromEntries(shared);
        found[id] = schema;
        pending.push(schema);
      } else {
        pending.push(value);
      }
    }
  }
  return found;
}
