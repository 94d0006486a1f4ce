export type {
  AnyDocument,
  Collection,
  CollectionSpec,
  CommitConflict,
  CommitResult,
  Filter,
  FindOneAndUpdateOptions,
  FindOptions,
  IndexSpec,
  NewDocument,
  OpDocument,
  SortSpec,
  StoragePort,
  StoredDocument,
  StoreInfo,
  Update,
  UpdateResult,
  WriteOp,
} from './storage-port';
export { DuplicateKeyError } from './storage-port';
export { newDocumentId } from './document-id';
export { withFields } from './with-fields';
export { openStore, type StoreConfig } from './open-store';
export { EmbeddedStore, type EmbeddedStoreOptions } from './embedded/embedded-store';
export { VolatileCommitLog, type CommitLog } from './embedded/commit-log';
export { WriteAheadLog, LogDamagedError, type WriteAheadLogOptions } from './embedded/write-ahead-log';
export { DataDirectoryLockedError } from './embedded/data-directory-lock';
export { SnapshotDamagedError } from './embedded/snapshot-file';
export { MemoryBudget, StoreFullError, type MemoryBudgetState } from './embedded/memory-budget';
export type { QueryExplanation } from './embedded/collection-partition';
export { MongoStore, type MongoStoreOptions, type MongoTopology } from './mongodb/mongo-store';
