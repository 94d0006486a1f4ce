import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../engine/runtime/index';
import { EmbeddedStore } from '../../engine/store/index';
import { VirtualClock } from '../../engine/time/index';
import { directoryWorkspace, ensureDefaultWorkspace, findApiKeyGrant, hashApiKey, revokeApiKey } from '../../engine/workspaces/index';

const clock = new VirtualClock(Date.parse('2024-05-01T12:00:00.000Z'));

describe('the default workspace and its keys', () => {
  it('is created once with a write and an admin key, returned in plain text only that once', async () => {
    const runtime = await createRuntime({ store: new EmbeddedStore(), clock });
    const first = await ensureDefaultWorkspace(runtime.store, clock);
    expect(first.created).toBe(true);
    expect(first.workspace).toMatch(/^ws_[0-9a-f]{16}$/);
    expect(first.generatedKeys.write).toMatch(/^wk_[A-Za-z0-9_-]{32}$/);
    expect(first.generatedKeys.admin).toMatch(/^ak_[A-Za-z0-9_-]{32}$/);
    expect(await findApiKeyGrant(runtime.store, first.generatedKeys.write!)).toEqual({ workspace: first.workspace, role: 'write' });
    expect(await findApiKeyGrant(runtime.store, first.generatedKeys.admin!)).toEqual({ workspace: first.workspace, role: 'admin' });

    const again = await ensureDefaultWorkspace(runtime.store, clock);
    expect(again).toEqual({ workspace: first.workspace, created: false, generatedKeys: {}, revokedGivenKeys: [] });
    // Only hashes are stored.
    const keys = await runtime.store.collection('api_keys').find(directoryWorkspace, {});
    expect(JSON.stringify(keys)).not.toContain(first.generatedKeys.write);
    expect(keys.map((key) => key._id).sort()).toEqual([hashApiKey(first.generatedKeys.write!), hashApiKey(first.generatedKeys.admin!)].sort());
  });

  it('registers keys named in the environment for an existing workspace, and refuses one key for both roles', async () => {
    const runtime = await createRuntime({ store: new EmbeddedStore(), clock });
    const { workspace } = await ensureDefaultWorkspace(runtime.store, clock);
    await ensureDefaultWorkspace(runtime.store, clock, { writeKey: 'wk_env_key_1234567890' });
    expect(await findApiKeyGrant(runtime.store, 'wk_env_key_1234567890')).toEqual({ workspace, role: 'write' });
    await expect(ensureDefaultWorkspace(runtime.store, clock, { adminKey: 'wk_env_key_1234567890' })).rejects.toThrow(/already registered as a write key/);
    await expect(ensureDefaultWorkspace(new EmbeddedStore(), clock, { writeKey: 'same', adminKey: 'same' })).rejects.toThrow(/must differ/);
  });

  it('leaves a key named in the environment revoked once an admin revoked it, and reports it', async () => {
    const runtime = await createRuntime({ store: new EmbeddedStore(), clock });
    const keys = { writeKey: 'wk_env_key_1234567890', adminKey: 'ak_env_key_1234567890' };
    await ensureDefaultWorkspace(runtime.store, clock, keys);
    expect(await revokeApiKey(runtime.store, clock, keys.writeKey)).toBe(true);

    const restarted = await ensureDefaultWorkspace(runtime.store, clock, keys);
    expect(restarted.revokedGivenKeys).toEqual([{ role: 'write', revokedAt: '2024-05-01T12:00:00.000Z' }]);
    expect(await findApiKeyGrant(runtime.store, keys.writeKey)).toBeNull();
    expect(await findApiKeyGrant(runtime.store, keys.adminKey)).toMatchObject({ role: 'admin' });
  });

  it('makes one default workspace when two processes start at once on one store', async () => {
    const store = new EmbeddedStore();
    const [a, b] = await Promise.all([createRuntime({ store, clock }), createRuntime({ store, clock })]);
    const [first, second] = await Promise.all([ensureDefaultWorkspace(a.store, clock), ensureDefaultWorkspace(b.store, clock)]);
    expect(first.workspace).toBe(second.workspace);
    expect([first.created, second.created].filter(Boolean)).toHaveLength(1);
    expect(await store.collection('workspaces').count(directoryWorkspace, {})).toBe(1);
  });
});
