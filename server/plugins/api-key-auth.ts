import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createProblem, ProblemError } from '../../engine/errors/index';
import type { ApiKeyRole } from '../../engine/workspaces/index';
import { ApiKeyCache } from './api-key-cache';

declare module 'fastify' {
  interface FastifyInstance {
    apiKeys: ApiKeyCache;
    /**
     * onRequest hook for management routes: the admin key as `Authorization: Bearer <key>`; sets
     * `request.workspace`. Use it as `{ onRequest: app.requireAdminKey }` or `app.addHook('onRequest', app.requireAdminKey)`.
     */
    requireAdminKey: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
  interface FastifyRequest {
    /** The workspace the request's key belongs to ('' until authenticated). */
    workspace: string;
  }
}

/**
 * Registers the key cache, `request.workspace` and `app.requireAdminKey` on the root instance, so
 * every route plugin can use them.
 */
export function installApiKeyAuth(app: FastifyInstance, cache: ApiKeyCache): void {
  app.decorate('apiKeys', cache);
  app.decorateRequest('workspace', '');
  app.decorate('requireAdminKey', requireAdminKey);
}

/** onRequest hook: the admin key as a Bearer token. */
export async function requireAdminKey(request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw unauthorized('Send the admin key as "Authorization: Bearer <admin key>".');
  await admit(request, match[1], 'admin');
}

/**
 * onRequest hook of `/v1/*`: the write key as the HTTP Basic username, as Segment's API takes it.
 * Without an Authorization header the key may come in the body instead (`requireBodyWriteKey`).
 */
export async function requireHeaderWriteKey(request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization;
  if (header === undefined) return;
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!match) throw unauthorized('Send the write key as the HTTP Basic username: "Authorization: Basic base64(<write key>:)".');
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  await admit(request, colon === -1 ? decoded : decoded.slice(0, colon), 'write');
}

/** preValidation hook of `/v1/*`: the `writeKey` field of the body, when no header named a key. */
export async function requireBodyWriteKey(request: FastifyRequest): Promise<void> {
  if (request.workspace !== '') return;
  const body = request.body as { writeKey?: unknown } | undefined;
  const key = body !== null && typeof body === 'object' ? body.writeKey : undefined;
  if (typeof key !== 'string' || key === '') {
    throw unauthorized('Send the write key as the HTTP Basic username ("Authorization: Basic base64(<write key>:)") or as "writeKey" in the body.');
  }
  await admit(request, key, 'write');
}

async function admit(request: FastifyRequest, key: string, role: ApiKeyRole): Promise<void> {
  if (key === '') throw unauthorized('The key is empty.');
  const grant = await request.server.apiKeys.resolve(key);
  if (!grant) throw unauthorized('This key is unknown or was revoked.');
  if (grant.role !== role) {
    throw new ProblemError(
      createProblem('FORBIDDEN', [{ message: role === 'admin' ? 'This is a write key; the management API needs the admin key.' : 'This is an admin key; send events with the write key.' }]),
    );
  }
  request.workspace = grant.workspace;
}

function unauthorized(message: string): ProblemError {
  return new ProblemError(createProblem('UNAUTHORIZED', [{ message }]));
}
