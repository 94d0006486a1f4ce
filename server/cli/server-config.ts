/** Everything `wayfarer start` reads from the environment (README.md, "Configuration"). */
export interface ServerConfig {
  port: number;
  host: string;
  /** Embedded store directory (WAYFARER_DATA_DIR, default ./data). */
  dataDir: string;
  /** MongoDB connection string; when set, the server uses MongoDB instead of the embedded store. */
  mongodbUri?: string;
  /** fsync every group commit of the embedded store (WAYFARER_FSYNC=0 turns it off). */
  fsync: boolean;
  /** Embedded store: live heap in bytes past which new documents are refused (WAYFARER_MEMORY_LIMIT_MB; default 75 % of Node's heap limit). */
  memoryLimitBytes?: number;
  writeKey?: string;
  adminKey?: string;
  logLevel: string;
}

/**
 * Reads and checks the configuration; a wrong value throws an error saying which variable to fix.
 */
export function readServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 3000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (0–65535), not "${env.PORT}".`);
  const fsyncText = (env.WAYFARER_FSYNC ?? '1').toLowerCase();
  if (!['0', '1', 'true', 'false', 'on', 'off'].includes(fsyncText)) throw new Error(`WAYFARER_FSYNC must be 1 or 0, not "${env.WAYFARER_FSYNC}".`);
  const memoryLimitMiB = env.WAYFARER_MEMORY_LIMIT_MB === undefined || env.WAYFARER_MEMORY_LIMIT_MB === '' ? undefined : Number(env.WAYFARER_MEMORY_LIMIT_MB);
  if (memoryLimitMiB !== undefined && !(Number.isFinite(memoryLimitMiB) && memoryLimitMiB > 0)) {
    throw new Error(`WAYFARER_MEMORY_LIMIT_MB must be a number of MiB above 0, not "${env.WAYFARER_MEMORY_LIMIT_MB}".`);
  }
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: env.WAYFARER_DATA_DIR || './data',
    mongodbUri: env.MONGODB_URI || undefined,
    fsync: !['0', 'false', 'off'].includes(fsyncText),
    memoryLimitBytes: memoryLimitMiB === undefined ? undefined : Math.floor(memoryLimitMiB * 2 ** 20),
    writeKey: env.WAYFARER_WRITE_KEY || undefined,
    adminKey: env.WAYFARER_ADMIN_KEY || undefined,
    logLevel: env.LOG_LEVEL || 'info',
  };
}
