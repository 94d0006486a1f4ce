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
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: env.WAYFARER_DATA_DIR || './data',
    mongodbUri: env.MONGODB_URI || undefined,
    fsync: !['0', 'false', 'off'].includes(fsyncText),
    writeKey: env.WAYFARER_WRITE_KEY || undefined,
    adminKey: env.WAYFARER_ADMIN_KEY || undefined,
    logLevel: env.LOG_LEVEL || 'info',
  };
}
