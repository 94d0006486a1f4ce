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
  /**
   * The address recipients reach this server at, without a trailing slash: unsubscribe links lead
   * there (WAYFARER_PUBLIC_URL; default http://localhost:<PORT>, right only on this machine; with
   * PORT=0, `wayfarer start` replaces it with the port it got once it listens).
   */
  publicUrl: string;
  /** Whether WAYFARER_PUBLIC_URL was set (`wayfarer start` warns when it was not). */
  publicUrlGiven: boolean;
  /** Seals unsubscribe links (WAYFARER_LINK_SECRET); default: a secret the store makes and keeps. */
  linkSecret?: string;
}

/** The public URL as links are built on it: http(s), no query or fragment, no trailing slash; a wrong one throws. */
function readPublicUrl(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : null;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new Error(`WAYFARER_PUBLIC_URL must be the http(s) address recipients reach this server at, like https://wayfarer.example.com, without a query, not "${text}".`);
  }
  return url.href.replace(/\/+$/, '');
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
  const linkSecret = env.WAYFARER_LINK_SECRET || undefined;
  if (linkSecret !== undefined && linkSecret.length < 32) throw new Error(`WAYFARER_LINK_SECRET must have at least 32 characters (it has ${linkSecret.length}); \`openssl rand -base64 32\` makes one.`);
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
    publicUrl: env.WAYFARER_PUBLIC_URL ? readPublicUrl(env.WAYFARER_PUBLIC_URL) : `http://localhost:${port}`,
    publicUrlGiven: Boolean(env.WAYFARER_PUBLIC_URL),
    linkSecret,
  };
}
