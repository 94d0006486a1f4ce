import type { FastifyInstance } from 'fastify';
import { unwrap } from '../../engine/errors/index';
import { schemaId } from '../../schemas/index';
import type { ChannelConfig, ChannelConfigView } from '../../schemas/types';
import {
  channelConfigCollections,
  deleteChannelConfig,
  findDefaultWorkspaceId,
  loadChannelConfig,
  readEnvironmentChannelConfig,
  redactChannelConfig,
  saveChannelConfig,
  type ChannelEnvironment,
} from '../workers/index';

const problem = { $ref: schemaId('problem') };
const errorResponses = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const security = [{ adminKey: [] }];
const tags = ['channels'];

/**
 * The workspace's delivery channels (admin key): read (inline secrets masked), replace, and remove
 * (the default workspace then falls back to the channels from the environment). Every worker picks a
 * change up within seconds. docs/channels.md describes each channel's settings.
 */
export async function channelRoutes(app: FastifyInstance, options: { environment?: ChannelEnvironment }): Promise<void> {
  await app.runtime.store.open(channelConfigCollections);
  app.addHook('onRequest', app.requireAdminKey);
  const environment: ChannelEnvironment = options.environment ?? { env: process.env };

  async function currentView(workspace: string): Promise<ChannelConfigView> {
    const stored = await loadChannelConfig(app.runtime.store, workspace);
    if (stored) return { source: 'stored', revision: stored.revision, updatedAt: stored.updatedAt, config: redactChannelConfig(stored.config) };
    if ((await findDefaultWorkspaceId(app.runtime.store)) === workspace) {
      try {
        return { source: 'environment', revision: null, updatedAt: null, config: redactChannelConfig(readEnvironmentChannelConfig(environment.env ?? process.env, workspace)) };
      } catch {
        // A malformed environment stops the worker from starting, which says why; here it is simply no config.
      }
    }
    return { source: 'none', revision: null, updatedAt: null, config: null };
  }

  app.get('/api/channels', {
    schema: { tags, summary: 'The channels messages go through, secrets masked', security, response: { 200: { $ref: schemaId('channel-config-view') }, ...errorResponses } },
  }, async (request): Promise<ChannelConfigView> => currentView(request.workspace));

  app.put<{ Body: ChannelConfig }>('/api/channels', {
    schema: {
      tags, summary: 'Replace the channel config', security,
      description: 'Checked as workers build it (schema, URLs, addresses, secrets present on the server, egress allow-list). `workspace` must be yours. A masked secret sent back unchanged keeps the stored one.',
      body: { $ref: schemaId('channel-config') },
      response: { 200: { $ref: schemaId('channel-config-view') }, ...errorResponses },
    },
  }, async (request): Promise<ChannelConfigView> => {
    const saved = unwrap(await saveChannelConfig(app.runtime.store, app.runtime.clock, request.workspace, request.body, environment));
    return { source: 'stored', revision: saved.revision, updatedAt: saved.updatedAt, config: redactChannelConfig(saved.config) };
  });

  app.delete('/api/channels', {
    schema: { tags, summary: 'Remove the saved channel config', security, response: { 200: { $ref: schemaId('channel-config-view') }, ...errorResponses } },
  }, async (request): Promise<ChannelConfigView> => {
    await deleteChannelConfig(app.runtime.store, request.workspace);
    return currentView(request.workspace);
  });
}
