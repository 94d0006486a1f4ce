import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import packageJson from '../package.json' with { type: 'json' };
import { defaultScheduledJobs, Scheduler, type RuntimeContext } from '../engine/runtime/index';
import { ApiKeyCache } from './plugins/api-key-cache';
import { installApiKeyAuth } from './plugins/api-key-auth';
import { answerClientError } from './plugins/client-error-handler';
import { answerError, installErrorHandler } from './plugins/error-handler';
import { decorateBodyBytes, installJsonBodyParser } from './plugins/json-body-parser';
import { installNotFoundHandler } from './plugins/not-found-handler';
import { installOpenApi } from './plugins/openapi';
import { installRequestValidation } from './plugins/request-validation';
import { installResponseSerialization } from './plugins/response-serialization';
import { channelRoutes } from './routes/channels';
import { customerRoutes } from './routes/customers';
import { editorRoutes } from './routes/editor';
import { factRoutes } from './routes/facts';
import { healthRoutes } from './routes/health';
import { ingestRoutes } from './routes/ingest';
import { journeyActivityRoutes } from './routes/journey-activity';
import { journeyRoutes } from './routes/journeys';
import { messageRoutes } from './routes/messages';
import { modelRoutes } from './routes/models';
import { packRoutes } from './routes/packs';
import { segmentRoutes } from './routes/segments';
import { workspaceRoutes } from './routes/workspace';
import { templateRoutes } from './routes/templates';
import { traitRoutes } from './routes/traits';
import { unsubscribeRoutes } from './routes/unsubscribe';
import type { ChannelEnvironment } from './workers/index';

declare module 'fastify' {
  interface FastifyInstance {
    /** The engine's runtime: store, clock, ingestion stages. */
    runtime: RuntimeContext;
    /** The process's job scheduler (started by `wayfarer start`); routes use it for on-demand runs. */
    scheduler: Scheduler;
  }
}

export interface AppOptions {
  runtime: RuntimeContext;
  /** Fastify's logger option; off by default (tests, benchmarks). */
  logger?: FastifyServerOptions['logger'];
  /** How long a valid API key is remembered (revocation takes effect within it); default 30 s. */
  keyCacheTtlMs?: number;
  /** Where channel configs saved through the API read `{ "env": … }` secrets and log directories; default `process.env`, no log directory. */
  channelEnvironment?: ChannelEnvironment;
  /** The scheduler routes run jobs through; default: one over the default jobs, not started (the caller starts it). */
  scheduler?: Scheduler;
}

/**
 * The longest path parameter the router takes (Fastify's default, 100, is shorter than the ids
 * ingestion accepts). Ids have at most 256 characters (`maxLength` in schemas/message-fields.schema.json),
 * and one character may take 4 UTF-8 bytes, each percent-encoded as 3 characters: 256 × 12 = 3,072
 * characters of URL. find-my-way measures the decoded value (at most 512 UTF-16 units), but the
 * bound holds for the encoded form too, so no id the ingestion API stores is unreadable through the
 * management API. Node's 16 KB header limit bounds the whole URL anyway; a longer segment is answered
 * 404 `NOT_FOUND` (server/plugins/error-handler.ts).
 */
const maxParamLength = 256 * 4 * 3;

/** Wayfarer's version, from package.json. */
export const wayfarerVersion: string = packageJson.version;

/**
 * The Fastify app, built but not listening: tests call `app.inject()`, `wayfarer start` calls `listen`.
 * Closing the app does not close the runtime; whoever created the runtime closes it.
 *
 * @example const app = await buildApp({ runtime }); await app.inject({ method: 'GET', url: '/health' });
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // One line per request costs more than ingesting the request; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    // Bodies of the management API; /v1 routes set their own Segment limits.
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength },
    // Errors met before a route is chosen, and requests Node's HTTP parser refuses: the same
    // `{ code, message, details }` answers as every other client mistake.
    frameworkErrors: answerError,
    clientErrorHandler: answerClientError,
  });
  app.decorate('runtime', options.runtime);
  app.decorate('scheduler', options.scheduler ?? new Scheduler(options.runtime, defaultScheduledJobs()));
  decorateBodyBytes(app);
  installRequestValidation(app);
  installResponseSerialization(app);
  installJsonBodyParser(app);
  installErrorHandler(app);
  installNotFoundHandler(app);
  installApiKeyAuth(app, new ApiKeyCache(options.runtime.store, options.runtime.clock, options.keyCacheTtlMs));
  await installOpenApi(app, wayfarerVersion);

  // Route groups: one plugin each. Add yours here with one line.
  await app.register(healthRoutes, { version: wayfarerVersion });
  await app.register(ingestRoutes);
  await app.register(customerRoutes);
  await app.register(journeyRoutes);
  await app.register(journeyActivityRoutes);
  await app.register(messageRoutes);
  await app.register(channelRoutes, { environment: options.channelEnvironment });
  await app.register(traitRoutes);
  await app.register(modelRoutes);
  await app.register(segmentRoutes);
  await app.register(factRoutes);
  await app.register(templateRoutes);
  await app.register(packRoutes);
  await app.register(workspaceRoutes);
  await app.register(unsubscribeRoutes);
  await app.register(editorRoutes);
  return app;
}
