import type { JourneyRuntime } from '../../engine/journeys/index';
import { createChannelRegistry } from '../channels/index';
import { DeliveryWorker, type WorkerLogLevel } from './delivery-worker';
import { findDefaultWorkspaceId, readEnvironmentChannelConfig } from './environment-channel-config';
import { channelConfigCollections, type ChannelEnvironment } from './stored-channel-config';
import type { WorkerConfig } from './worker-config';
import { WorkspaceChannels } from './workspace-channels';

/** A worker wired to the environment, and the one call that shuts it down cleanly. */
export interface ConfiguredWorker {
  worker: DeliveryWorker;
  channels: WorkspaceChannels;
  /** Stops the worker (finishing deliveries in flight) and closes every channel. */
  stop(): Promise<void>;
}

export interface ConfiguredWorkerOptions {
  config: WorkerConfig;
  env: NodeJS.ProcessEnv;
  /** The default workspace (it gets the environment's channels); looked up in the store when omitted. */
  defaultWorkspace?: string | null;
  log?: (level: WorkerLogLevel, message: string) => void;
}

/**
 * Builds the delivery worker `wayfarer start` and `wayfarer worker` run: opens the channel-config
 * collection, reads the default workspace's channels from the environment (a bad setting throws an
 * error naming the variable or field, before anything is claimed), and returns the worker, not yet
 * started.
 */
export async function createConfiguredWorker(runtime: JourneyRuntime, options: ConfiguredWorkerOptions): Promise<ConfiguredWorker> {
  const { config, env } = options;
  await runtime.store.open(channelConfigCollections);
  const environment: ChannelEnvironment = { env, logDirectory: config.channelLogDirectory };
  const defaultWorkspace = options.defaultWorkspace === undefined ? await findDefaultWorkspaceId(runtime.store) : options.defaultWorkspace;
  const fallback = defaultWorkspace ? readEnvironmentChannelConfig(env, defaultWorkspace) : null;
  if (fallback) {
    const checked = createChannelRegistry(fallback, { ...environment, clock: runtime.clock });
    if (!checked.ok) {
      const reasons = checked.problem.details.map((detail) => `${detail.pointer ?? ''}: ${detail.message}`).join('\n  ');
      throw new Error(`The channels from the environment (WAYFARER_SMTP_*, WAYFARER_WEBHOOK_*, WAYFARER_EGRESS_ALLOW) are invalid:\n  ${reasons}`);
    }
    await checked.value.close();
  }
  const channels = new WorkspaceChannels({ store: runtime.store, clock: runtime.clock, environment, fallback });
  const worker = new DeliveryWorker({
    runtime,
    channels,
    pollIntervalMs: config.pollIntervalMs,
    batchSize: config.batchSize,
    concurrency: config.concurrency,
    channelConcurrency: config.channelConcurrency,
    leaseMs: config.leaseMs,
    timerBatchSize: config.timerBatchSize,
    recoveryIntervalMs: config.recoveryIntervalMs,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    log: options.log,
  });
  return {
    worker,
    channels,
    async stop() {
      await worker.stop();
      await channels.close();
    },
  };
}
