import type { StoragePort } from '../../engine/store/index';
import type { Clock } from '../../engine/time/index';
import type { ChannelConfig } from '../../schemas/types';
import { createChannelRegistry, type ChannelRegistry } from '../channels/index';
import { loadChannelConfig, type ChannelEnvironment } from './stored-channel-config';

/** A workspace's channels, held for one delivery; `release` when it is done. */
export interface ChannelLease {
  /** Null when the workspace has no usable config; `problem` says why. */
  registry: ChannelRegistry | null;
  problem: ChannelProblem | null;
  release(): void;
}

/**
 * Why a workspace has no channels: no config at all (permanent: its messages fail with
 * UNKNOWN_CHANNEL and say how to configure one), or a config this worker cannot build, such as an
 * `{ "env": … }` secret missing from this host (temporary: retried, another worker may have it).
 */
export interface ChannelProblem {
  message: string;
  permanent: boolean;
}

export interface WorkspaceChannelsOptions {
  store: StoragePort;
  /** Signature timestamps and log times. */
  clock: Clock;
  /** Where secrets and log files come from. */
  environment?: ChannelEnvironment;
  /** The default workspace's config from the environment, used while it has no saved config. */
  fallback?: ChannelConfig | null;
  /** How long a built registry is used before the stored config's revision is checked again. Default 2 s. */
  refreshMs?: number;
}

interface Entry {
  /** Which config it was built from: `stored:<revision>`, `environment` or `none`. */
  source: string;
  registry: ChannelRegistry | null;
  problem: ChannelProblem | null;
  checkedAt: number;
  users: number;
  retired: boolean;
}

/**
 * The channel registries of every workspace a worker delivers for, built on first use from the saved
 * config (`channel_configs`) or the environment's, and rebuilt when the saved config's revision
 * changes — so a `PUT /api/channels` on any server reaches every worker process within `refreshMs`.
 * A replaced registry is closed once the deliveries holding it have finished.
 */
export class WorkspaceChannels {
  private readonly entries = new Map<string, Entry>();
  private readonly refreshing = new Map<string, Promise<Entry>>();
  private readonly retired = new Set<Entry>();
  private closed = false;

  constructor(private readonly options: WorkspaceChannelsOptions) {}

  /** The workspace's channels for one delivery. */
  async acquire(workspace: string): Promise<ChannelLease> {
    if (this.closed) throw new Error('The workspace channels were closed; stop the worker before closing them.');
    const entry = await this.currentEntry(workspace);
    entry.users += 1;
    let released = false;
    return {
      registry: entry.registry,
      problem: entry.problem,
      release: () => {
        if (released) return;
        released = true;
        entry.users -= 1;
        if (entry.retired && entry.users === 0) void this.closeEntry(entry);
      },
    };
  }

  private async currentEntry(workspace: string): Promise<Entry> {
    const entry = this.entries.get(workspace);
    // performance.now(), not the engine clock: this is a cache age, and a test clock may jump by months.
    if (entry && performance.now() - entry.checkedAt < (this.options.refreshMs ?? 2_000)) return entry;
    let pending = this.refreshing.get(workspace);
    if (!pending) {
      pending = this.refresh(workspace, entry).finally(() => this.refreshing.delete(workspace));
      this.refreshing.set(workspace, pending);
    }
    return pending;
  }

  private async refresh(workspace: string, current: Entry | undefined): Promise<Entry> {
    const stored = await loadChannelConfig(this.options.store, workspace);
    const fallback = this.options.fallback && this.options.fallback.workspace === workspace ? this.options.fallback : null;
    const source = stored ? `stored:${stored.revision}` : fallback ? 'environment' : 'none';
    if (current && current.source === source) {
      current.checkedAt = performance.now();
      return current;
    }
    const config = stored?.config ?? fallback;
    const next: Entry = { source, registry: null, problem: null, checkedAt: performance.now(), users: 0, retired: false };
    if (!config) {
      const message = `Workspace ${workspace} has no channel config: save one with PUT /api/channels (or, for the default workspace, set WAYFARER_SMTP_URL / WAYFARER_WEBHOOK_SECRET).`;
      next.problem = { message, permanent: true };
    } else {
      const built = createChannelRegistry(config, { ...this.options.environment, clock: this.options.clock });
      if (built.ok) next.registry = built.value;
      else {
        const reasons = built.problem.details.map((detail) => `${detail.pointer ?? ''} ${detail.message}`.trim()).join('; ') || built.problem.message;
        next.problem = { message: `The channel config of ${workspace} cannot be built on this worker: ${reasons}`, permanent: false };
      }
    }
    if (this.closed) {
      await next.registry?.close();
      throw new Error('The workspace channels were closed while a config was loading.');
    }
    this.entries.set(workspace, next);
    if (current) this.retire(current);
    return next;
  }

  private retire(entry: Entry): void {
    entry.retired = true;
    this.retired.add(entry);
    if (entry.users === 0) void this.closeEntry(entry);
  }

  private async closeEntry(entry: Entry): Promise<void> {
    this.retired.delete(entry);
    await entry.registry?.close();
  }

  /**
   * Closes every registry (pooled SMTP connections, HTTP agents, log files). Call it after the worker
   * has stopped: a delivery still holding a registry would fail with CHANNEL_CLOSED.
   */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.refreshing.values()]);
    const all = [...this.entries.values(), ...this.retired];
    this.entries.clear();
    this.retired.clear();
    await Promise.all(all.map((entry) => entry.registry?.close()));
  }
}
