import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoStore, openStore, type StoragePort } from '../../engine/store/index';
import { contractCollections, defineStorageContract } from './storage-contract';

/**
 * The storage contract on a real MongoDB server. Runs only when MONGODB_URI points at one (a
 * standalone server, a replica set or a sharded cluster); every test gets a database of its own,
 * dropped afterwards.
 */
const uri = process.env.MONGODB_URI ?? '';
const run = randomBytes(4).toString('hex');
let databases = 0;

describe.skipIf(!uri)('MongoDB adapter', () => {
  // Made in a hook: the describe body runs even when the suite is skipped.
  let admin: MongoClient;

  beforeAll(() => {
    admin = new MongoClient(uri);
  });

  afterAll(async () => {
    await admin.close();
  });

  defineStorageContract(
    'mongodb',
    async () => {
      const database = `wayfarer_contract_${run}_${databases++}`;
      const openMongo = async (): Promise<StoragePort> => {
        const store = openStore({ mongodbUri: uri, mongodbDatabase: database });
        await store.open(contractCollections);
        return store;
      };
      let store = await openMongo();
      return {
        store,
        reopen: async () => {
          await store.close();
          store = await openMongo();
          return store;
        },
        dispose: async () => {
          await store.close();
          await admin.db(database).dropDatabase();
        },
      };
    },
    { persistent: true },
  );

  it('creates the declared indexes with workspace first and reports the server', async () => {
    const database = `wayfarer_contract_${run}_${databases++}`;
    const store = new MongoStore({ uri, database });
    try {
      await store.open(contractCollections);
      await store.open(contractCollections); // idempotent
      const indexes = await admin.db(database).collection('events').indexes();
      expect(indexes.find((index) => index.name === 'messageId')).toMatchObject({ key: { workspace: 1, messageId: 1 }, unique: true });
      expect(indexes.find((index) => index.name === 'timeline')).toMatchObject({ key: { workspace: 1, customerId: 1, timestamp: 1 } });
      const people = await admin.db(database).collection('people').indexes();
      expect(people.find((index) => index.name === 'email')).toMatchObject({ partialFilterExpression: { email: { $exists: true } }, unique: true });
      const info = await store.info();
      expect(info.kind).toBe('mongodb');
      expect(info.detail).toMatchObject({ database, serverVersion: expect.stringMatching(/^\d+\.\d+/), topology: expect.stringMatching(/^(standalone|replicaSet|sharded)$/) });
    } finally {
      await store.close();
      await admin.db(database).dropDatabase();
    }
  });
});
