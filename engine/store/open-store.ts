import { EmbeddedStore } from './embedded/embedded-store';
import { MemoryBudget } from './embedded/memory-budget';
import { WriteAheadLog } from './embedded/write-ahead-log';
import { MongoStore } from './mongodb/mongo-store';
import type { StoragePort } from './storage-port';

export interface StoreConfig {
  /** A MongoDB connection string; when set (and not empty), the MongoDB adapter is used. */
  mongodbUri?: string;
  /** MongoDB database name; default: the one in the URI, else `wayfarer`. */
  mongodbDatabase?: string;
  /** The embedded store's data directory (default `./data`); `null` keeps nothing on disk. */
  dataDir?: string | null;
  /**
   * Embedded store: fdatasync each group of commits before acknowledging them (default `true`). `false`
   * survives a killed process but not a power loss; for benchmarks and development.
   */
  fsync?: boolean;
  /** Embedded store: the log size that triggers a snapshot (default 64 MiB). */
  snapshotThresholdBytes?: number;
  /**
   * Persisted embedded store: the live heap past which new documents are refused (`StoreFullError`);
   * default 75 % of V8's heap limit (embedded/memory-budget.ts).
   */
  memoryLimitBytes?: number;
}

/**
 * The store a process should use: MongoDB when a URI is given, else the embedded store persisted under
 * `dataDir`, or a volatile embedded store when `dataDir` is `null`. The store is not open yet: call
 * `store.open(collections)`, which connects (MongoDB) or takes the directory lock and recovers (embedded).
 *
 * @example
 * const store = openStore({ mongodbUri: process.env.MONGODB_URI, dataDir: './data' });
 * await store.open(allCollections);
 */
export function openStore(config: StoreConfig = {}): StoragePort {
  if (config.mongodbUri) return new MongoStore({ uri: config.mongodbUri, database: config.mongodbDatabase });
  if (config.dataDir === null) return new EmbeddedStore();
  return new EmbeddedStore({
    log: new WriteAheadLog({ dataDir: config.dataDir ?? './data', fsync: config.fsync ?? true, snapshotThresholdBytes: config.snapshotThresholdBytes }),
    memory: new MemoryBudget({ limitBytes: config.memoryLimitBytes }),
  });
}
