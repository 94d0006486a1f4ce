import { createProblem, fail, ok, type Result } from '../../engine/errors/index';
import type { Clock } from '../../engine/time/index';
import type { CollectionSpec, StoragePort, StoredDocument, WriteOp } from '../../engine/store/index';
import type { ChannelConfig, SecretValue } from '../../schemas/types';
import { createChannelRegistry, type ChannelRegistryOptions } from '../channels/index';

/** One document per workspace: its channel config, as `PUT /api/channels` saved it. */
export interface StoredChannelConfig extends StoredDocument {
  config: ChannelConfig;
  /** Bumped by every save; workers rebuild their channels when it changes. */
  revision: number;
  updatedAt: string;
}

export const channelConfigCollectionName = 'channel_configs';

/** The collection of channel configs. The server and every worker open it (`store.open` is idempotent). */
export const channelConfigCollections: CollectionSpec[] = [{ name: channelConfigCollectionName, indexes: [] }];

/** `_id`s carry the workspace because MongoDB's `_id` is unique across the whole collection. */
function configDocumentId(workspace: string): string {
  return `${workspace}/channels`;
}

/** The saved channel config of a workspace, or null. */
export async function loadChannelConfig(store: StoragePort, workspace: string): Promise<StoredChannelConfig | null> {
  return store.collection<StoredChannelConfig>(channelConfigCollectionName).findOne(workspace, { _id: configDocumentId(workspace) });
}

/** Inline secrets are shown as this prefix plus at most their last four characters. */
const maskPrefix = '********';

function maskSecret(secret: SecretValue): SecretValue {
  if (typeof secret !== 'string') return secret;
  return secret.length >= 16 ? `${maskPrefix}${secret.slice(-4)}` : maskPrefix;
}

function isMasked(secret: SecretValue | undefined): boolean {
  return typeof secret === 'string' && secret.startsWith(maskPrefix);
}

type SecretPath = readonly [string, ...string[]];
const secretPaths: readonly SecretPath[] = [['secret'], ['previousSecret'], ['auth', 'pass'], ['basicAuth', 'password']];

function readPath(settings: Record<string, unknown>, path: SecretPath): SecretValue | undefined {
  let value: unknown = settings;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' || (value && typeof value === 'object') ? (value as SecretValue) : undefined;
}

/** A copy of `settings` with the secret at `path` replaced (the objects on the way are copied too). */
function writePath(settings: Record<string, unknown>, path: SecretPath, secret: SecretValue): Record<string, unknown> {
  const [head, ...rest] = path;
  if (rest.length === 0) return { ...settings, [head]: secret };
  return { ...settings, [head]: writePath(settings[head] as Record<string, unknown>, rest as unknown as SecretPath, secret) };
}

function mapSecrets(config: ChannelConfig, replace: (secret: SecretValue, name: string, path: SecretPath) => SecretValue): ChannelConfig {
  const channels: Record<string, unknown> = {};
  for (const [name, original] of Object.entries(config.channels)) {
    let settings = original as unknown as Record<string, unknown>;
    for (const path of secretPaths) {
      const secret = readPath(settings, path);
      if (secret !== undefined) settings = writePath(settings, path, replace(secret, name, path));
    }
    channels[name] = settings;
  }
  return { ...config, channels: channels as ChannelConfig['channels'] };
}

/**
 * The config as the API shows it: inline secrets masked (`********` and their last four characters
 * when they are long enough to spare them), `{ "env": … }` references as they are (they are names,
 * not secrets).
 */
export function redactChannelConfig(config: ChannelConfig): ChannelConfig {
  return mapSecrets(config, maskSecret);
}

/**
 * A config sent back with masked secrets keeps the stored secret at each masked place, so a client
 * can GET the config, change a setting and PUT it back without knowing the secrets.
 */
function restoreMaskedSecrets(config: ChannelConfig, previous: ChannelConfig | null): ChannelConfig {
  return mapSecrets(config, (secret, name, path) => {
    if (!isMasked(secret)) return secret;
    const settings = previous?.channels[name] as unknown as Record<string, unknown> | undefined;
    const stored = settings ? readPath(settings, path) : undefined;
    return stored !== undefined && JSON.stringify(maskSecret(stored)) === JSON.stringify(secret) ? stored : secret;
  });
}

/** Whether a body has a `channels` object to look for secrets in (the schema check comes after). */
function isChannelMap(input: unknown): boolean {
  if (!input || typeof input !== 'object') return false;
  const channels = (input as { channels?: unknown }).channels;
  return channels !== null && typeof channels === 'object' && !Array.isArray(channels);
}

/** What building channels needs besides the config: the environment secrets come from, the log directory. */
export type ChannelEnvironment = Pick<ChannelRegistryOptions, 'env' | 'logDirectory' | 'resolver'>;

/**
 * Saves a workspace's channel config after checking it exactly as workers will build it (schema,
 * URLs, addresses, secrets present, egress allow-list). The body's `workspace` must be the caller's.
 * Masked secrets (as GET shows them) keep their stored values; a masked secret with nothing stored
 * behind it is refused. Workers pick the new config up within their refresh interval.
 */
export async function saveChannelConfig(store: StoragePort, clock: Clock, workspace: string, input: unknown, environment: ChannelEnvironment = {}): Promise<Result<StoredChannelConfig>> {
  if (input && typeof input === 'object' && 'workspace' in input && (input as { workspace: unknown }).workspace !== workspace) {
    return fail(createProblem('VALIDATION_FAILED', [{ pointer: '/workspace', message: `must be "${workspace}", the workspace of your admin key.` }]));
  }
  const previous = await loadChannelConfig(store, workspace);
  const hasChannels = isChannelMap(input);
  const config = hasChannels ? restoreMaskedSecrets(input as ChannelConfig, previous?.config ?? null) : input;
  if (hasChannels) {
    const stillMasked = secretPaths.flatMap((path) =>
      Object.entries((config as ChannelConfig).channels)
        .filter(([, settings]) => settings && typeof settings === 'object' && isMasked(readPath(settings as unknown as Record<string, unknown>, path)))
        .map(([name]) => `/channels/${name}/${path.join('/')}`),
    );
    if (stillMasked.length > 0) {
      return fail(createProblem('VALIDATION_FAILED', stillMasked.map((pointer) => ({ pointer, message: 'is a masked secret with no stored secret behind it; send the secret itself.' }))));
    }
  }
  const built = createChannelRegistry(config, { ...environment, env: environment.env ?? process.env });
  if (!built.ok) return built;
  await built.value.close();
  const checked = config as ChannelConfig;
  const nowIso = new Date(clock.now()).toISOString();
  const stored: StoredChannelConfig = { _id: configDocumentId(workspace), workspace, config: checked, revision: (previous?.revision ?? 0) + 1, updatedAt: nowIso };
  const op: WriteOp = previous
    ? { collection: channelConfigCollectionName, op: 'replace', filter: { _id: stored._id, revision: previous.revision }, doc: stored, mustMatch: true }
    : { collection: channelConfigCollectionName, op: 'insert', doc: stored };
  const result = await store.commit(workspace, [op]);
  if (!result.ok) return fail(createProblem('CONFLICT', [{ pointer: '/channels', message: 'The channel config was changed by another request while saving; read it again and retry.' }]));
  return ok(stored);
}

/** Removes a workspace's saved config (the default workspace falls back to the environment's). Returns whether there was one. */
export async function deleteChannelConfig(store: StoragePort, workspace: string): Promise<boolean> {
  const result = await store.commit(workspace, [{ collection: channelConfigCollectionName, op: 'delete', filter: { _id: configDocumentId(workspace) }, mustMatch: true }]);
  return result.ok;
}
