import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore, openStore, type StoragePort } from '../../engine/store/index';
import { contractCollections, defineStorageContract } from './storage-contract';

defineStorageContract(
  'embedded, volatile',
  async () => {
    const store = new EmbeddedStore();
    await store.open(contractCollections);
    return { store, dispose: () => store.close() };
  },
  { persistent: false },
);

defineStorageContract(
  'embedded, persisted',
  async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-contract-'));
    const openPersisted = async (): Promise<StoragePort> => {
      const store = openStore({ dataDir });
      await store.open(contractCollections);
      return store;
    };
    let store = await openPersisted();
    return {
      store,
      reopen: async () => {
        await store.close();
        store = await openPersisted();
        return store;
      },
      dispose: async () => {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
  { persistent: true },
);
