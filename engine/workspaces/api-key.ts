import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../time/index';
import type { StoragePort } from '../store/index';
import { directoryWorkspace } from './directory-workspace';

/** What a key may do: `write` posts events (/v1/*), `admin` uses the management API (/api/*). */
export type ApiKeyRole = 'write' | 'admin';

/**
 * A registered key. Only the SHA-256 of the key is stored, as `_id`; keys are long random strings,
 * so a fast hash is enough (there is nothing to brute-force). A key's workspace and role never change:
 * a key is revoked and replaced, never edited — which is what makes caching keys safe.
 */
export interface ApiKeyDocument {
  _id: string;
  workspace: typeof directoryWorkspace;
  /** The workspace the key grants access to. */
  workspaceId: string;
  role: ApiKeyRole;
  /** The first characters of the key, to tell keys apart in listings. */
  hint: string;
  createdAt: string;
  revokedAt: string | null;
}

/** What a valid key grants. */
export interface ApiKeyGrant {
  workspace: string;
  role: ApiKeyRole;
}

const keyPrefixes: Record<ApiKeyRole, string> = { write: 'wk_', admin: 'ak_' };

/** A new random key: `wk_…` (write) or `ak_…` (admin) and 32 base64url characters (192 bits). */
export function createApiKey(role: ApiKeyRole): string {
  return keyPrefixes[role] + randomBytes(24).toString('base64url');
}

/** The stored form of a key. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** What a key grants, or `null` for an unknown or revoked key. */
export async function findApiKeyGrant(store: StoragePort, key: string): Promise<ApiKeyGrant | null> {
  const found = await store.collection<ApiKeyDocument>('api_keys').findOne(directoryWorkspace, { _id: hashApiKey(key) });
  if (!found || found.revokedAt !== null) return null;
  return { workspace: found.workspaceId, role: found.role };
}

/** Registers a new key for a workspace and returns it in plain text (the only time it is visible). */
export async function issueApiKey(store: StoragePort, clock: Clock, workspace: string, role: ApiKeyRole): Promise<string> {
  const key = createApiKey(role);
  const now = new Date(clock.now()).toISOString();
  const doc: ApiKeyDocument = { _id: hashApiKey(key), workspace: directoryWorkspace, workspaceId: workspace, role, hint: key.slice(0, 7), createdAt: now, revokedAt: null };
  const result = await store.commit(directoryWorkspace, [{ collection: 'api_keys', op: 'insert', doc }]);
  if (!result.ok) throw new Error('A freshly generated API key collided with a stored one; the random source is broken.');
  return key;
}

/**
 * Revokes a key. Processes that cached it stop accepting it within their cache lifetime
 * (docs/ingestion.md, "Keys"); returns false when the key is unknown or already revoked.
 */
export async function revokeApiKey(store: StoragePort, clock: Clock, key: string): Promise<boolean> {
  const result = await store.commit(directoryWorkspace, [
    {
      collection: 'api_keys',
      op: 'update',
      filter: { _id: hashApiKey(key), revokedAt: null },
      update: { $set: { revokedAt: new Date(clock.now()).toISOString() } },
      mustMatch: true,
    },
  ]);
  return result.ok;
}

/** A key as an operator sees it: never the key itself, only its id (the hash) and its first characters. */
export interface ApiKeyView {
  id: string;
  role: ApiKeyRole;
  hint: string;
  createdAt: string;
  revokedAt: string | null;
}

/** Every key of a workspace, revoked ones included, oldest first. */
export async function listApiKeys(store: StoragePort, workspace: string): Promise<ApiKeyView[]> {
  const keys = await store.collection<ApiKeyDocument>('api_keys').find(directoryWorkspace, { workspaceId: workspace }, { sort: { createdAt: 1, _id: 1 } });
  return keys.map((key) => ({ id: key._id, role: key.role, hint: key.hint, createdAt: key.createdAt, revokedAt: key.revokedAt }));
}

export type KeyRevocation = 'revoked' | 'not-found' | 'last-admin-key';

/**
 * Revokes one of a workspace's keys by id. Refuses to revoke the workspace's last active admin key:
 * nobody could manage the workspace afterwards.
 */
export async function revokeApiKeyById(store: StoragePort, clock: Clock, workspace: string, id: string): Promise<KeyRevocation> {
  const keys = store.collection<ApiKeyDocument>('api_keys');
  const key = await keys.findOne(directoryWorkspace, { _id: id, workspaceId: workspace, revokedAt: null });
  if (!key) return 'not-found';
  if (key.role === 'admin' && (await keys.count(directoryWorkspace, { workspaceId: workspace, role: 'admin', revokedAt: null })) <= 1) {
    return 'last-admin-key';
  }
  const result = await store.commit(directoryWorkspace, [
    { collection: 'api_keys', op: 'update', filter: { _id: id, revokedAt: null }, update: { $set: { revokedAt: new Date(clock.now()).toISOString() } }, mustMatch: true },
  ]);
  return result.ok ? 'revoked' : 'not-found';
}
