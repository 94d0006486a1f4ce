import type { StoragePort } from '../../engine/store/index';
import type { Clock } from '../../engine/time/index';
import { findApiKeyGrant, hashApiKey, type ApiKeyGrant } from '../../engine/workspaces/index';

/**
 * Resolves API keys to what they grant, remembering valid keys for `ttlMs`.
 *
 * Why this cannot go stale in a harmful way across processes: a key's workspace and role never change
 * (keys are replaced, not edited), so a cached grant is either still right or its key was revoked — and
 * a revoked key stops working everywhere within `ttlMs`. Unknown keys are not remembered, so a key
 * issued by another process works at once. Concurrent lookups of one key share one store read.
 */
export class ApiKeyCache {
  private readonly grants = new Map<string, { grant: ApiKeyGrant; expiresAt: number }>();
  private readonly pending = new Map<string, Promise<ApiKeyGrant | null>>();

  constructor(
    private readonly store: StoragePort,
    private readonly clock: Clock,
    readonly ttlMs = 30_000,
    private readonly maxEntries = 10_000,
  ) {}

  async resolve(key: string): Promise<ApiKeyGrant | null> {
    const cached = this.grants.get(key);
    if (cached && cached.expiresAt > this.clock.now()) return cached.grant;
    let lookup = this.pending.get(key);
    if (!lookup) {
      lookup = this.lookUp(key);
      this.pending.set(key, lookup);
    }
    return lookup;
  }

  /** Drops a revoked key at once in this process (others drop it within `ttlMs`). */
  forget(keyId: string): void {
    for (const key of this.grants.keys()) if (hashApiKey(key) === keyId) this.grants.delete(key);
  }

  private async lookUp(key: string): Promise<ApiKeyGrant | null> {
    try {
      const grant = await findApiKeyGrant(this.store, key);
      this.grants.delete(key);
      if (grant) {
        if (this.grants.size >= this.maxEntries) this.grants.delete(this.grants.keys().next().value!);
        this.grants.set(key, { grant, expiresAt: this.clock.now() + this.ttlMs });
      }
      return grant;
    } finally {
      this.pending.delete(key);
    }
  }
}
