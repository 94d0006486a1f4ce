import { afterEach, beforeEach, describe } from 'vitest';
import type { CollectionSpec, StoragePort } from '../../engine/store/index';
import { defineContractReads } from './storage-contract-reads';
import { defineContractWrites } from './storage-contract-writes';

/**
 * The storage contract: what every adapter of the storage port must do, written once and run against
 * each adapter (tests/store/embedded-store.test.ts, tests/store/mongo-store.test.ts). Every expectation
 * is MongoDB's behaviour, so the embedded store is held to the production store's semantics. The tests
 * themselves are in storage-contract-reads.ts and storage-contract-writes.ts.
 */

/** A store under test, and how to get the same data back through a fresh instance. */
export interface StoreHarness {
  store: StoragePort;
  /** Closes `store` and opens the same data again (persistent adapters only). */
  reopen?: () => Promise<StoragePort>;
  /** Closes whatever is open and removes the data. */
  dispose(): Promise<void>;
}

export interface ContractOptions {
  /** Whether data outlives the store instance (then `reopen` is required and tested). */
  persistent: boolean;
}

/** What the contract's tests share: the harness of the current test and its store (replaced by a reopen). */
export interface ContractContext {
  harness: StoreHarness;
  store: StoragePort;
}

export const contractCollections: CollectionSpec[] = [
  {
    name: 'people',
    indexes: [
      { name: 'email', key: { email: 1 }, unique: true, partialFilter: { email: { $exists: true } } },
      { name: 'city_age', key: { 'address.city': 1, age: -1 } },
    ],
  },
  { name: 'accounts', indexes: [{ name: 'handle', key: { handle: 1 }, unique: true }] },
  {
    name: 'events',
    indexes: [
      { name: 'messageId', key: { messageId: 1 }, unique: true },
      { name: 'timeline', key: { customerId: 1, timestamp: 1 } },
    ],
  },
  { name: 'timers', indexes: [{ name: 'due', key: { dueAt: 1 } }] },
  { name: 'things', indexes: [{ name: 'tags', key: { tags: 1 } }] },
];

/** Defines the contract tests for one adapter; `createHarness` makes a fresh, opened, empty store. */
export function defineStorageContract(adapter: string, createHarness: () => Promise<StoreHarness>, options: ContractOptions): void {
  describe(`storage contract: ${adapter}`, () => {
    const context = {} as ContractContext;

    beforeEach(async () => {
      context.harness = await createHarness();
      context.store = context.harness.store;
    });

    afterEach(async () => {
      await context.harness.dispose();
    });

    defineContractReads(context);
    defineContractWrites(context, options);
  });
}
