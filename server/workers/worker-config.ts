import { join } from 'node:path';

/** Everything the delivery worker reads from the environment (README.md, "Delivery"). */
export interface WorkerConfig {
  /** WAYFARER_WORKER: whether `wayfarer start` runs a worker loop in the server process (default on). */
  enabled: boolean;
  /** WAYFARER_WORKER_POLL_MS (1000): the wait when there was nothing to do. */
  pollIntervalMs: number;
  /** WAYFARER_WORKER_BATCH (50): most messages claimed per poll. */
  batchSize: number;
  /** WAYFARER_WORKER_CONCURRENCY (16): most deliveries in flight. */
  concurrency: number;
  /** WAYFARER_WORKER_CHANNEL_CONCURRENCY (= concurrency): most deliveries in flight on one channel. */
  channelConcurrency: number;
  /** WAYFARER_WORKER_LEASE_MS (60000): how long a claim holds before another worker may take it over. */
  leaseMs: number;
  /** WAYFARER_WORKER_TIMER_BATCH (100): most journey timers fired per poll. */
  timerBatchSize: number;
  /** WAYFARER_WORKER_RECOVERY_MS (5000): how often expired leases are recovered. */
  recoveryIntervalMs: number;
  /** WAYFARER_WORKER_SHUTDOWN_MS (30000): how long a stop waits for deliveries in flight. */
  shutdownTimeoutMs: number;
  /** WAYFARER_CHANNEL_LOG_DIR (<data dir>/channel-logs): where `log` channels with a `file` write. */
  channelLogDirectory: string;
}

function readInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, minimum: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < minimum) throw new Error(`${name} must be a whole number of at least ${minimum}, not "${text}".`);
  return value;
}

/** Reads and checks the worker settings; a wrong value throws an error naming the variable. */
export function readWorkerConfig(env: NodeJS.ProcessEnv, dataDir: string): WorkerConfig {
  const enabledText = (env.WAYFARER_WORKER ?? '1').toLowerCase();
  if (!['0', '1', 'true', 'false', 'on', 'off'].includes(enabledText)) throw new Error(`WAYFARER_WORKER must be 1 or 0, not "${env.WAYFARER_WORKER}".`);
  const concurrency = readInteger(env, 'WAYFARER_WORKER_CONCURRENCY', 16, 1);
  const config: WorkerConfig = {
    enabled: !['0', 'false', 'off'].includes(enabledText),
    pollIntervalMs: readInteger(env, 'WAYFARER_WORKER_POLL_MS', 1_000, 1),
    batchSize: readInteger(env, 'WAYFARER_WORKER_BATCH', 50, 1),
    concurrency,
    channelConcurrency: readInteger(env, 'WAYFARER_WORKER_CHANNEL_CONCURRENCY', concurrency, 1),
    leaseMs: readInteger(env, 'WAYFARER_WORKER_LEASE_MS', 60_000, 1_000),
    timerBatchSize: readInteger(env, 'WAYFARER_WORKER_TIMER_BATCH', 100, 1),
    recoveryIntervalMs: readInteger(env, 'WAYFARER_WORKER_RECOVERY_MS', 5_000, 1),
    shutdownTimeoutMs: readInteger(env, 'WAYFARER_WORKER_SHUTDOWN_MS', 30_000, 0),
    channelLogDirectory: env.WAYFARER_CHANNEL_LOG_DIR || join(dataDir, 'channel-logs'),
  };
  return config;
}
