import { randomBytes } from 'node:crypto';
import type { CollectionSpec, StoragePort } from '../store/index';
import type { Clock } from '../time/index';
import { directoryWorkspace } from './directory-workspace';

/** Secrets of the installation, in the directory workspace, each found by `_id`. */
export const serverSecretCollections: CollectionSpec[] = [{ name: 'server_secrets', indexes: [] }];

interface ServerSecretDocument {
  _id: string;
  workspace: typeof directoryWorkspace;
  secret: string;
  createdAt: string;
}

const linkSecretId = 'message-links';

/**
 * The secret message links (unsubscribe tokens) are sealed with when the environment names none:
 * made once, on first need, and kept in the store, so links in messages already sent keep working
 * after a restart, and every process sharing the store seals and reads alike. When several processes
 * start at once, one insert wins and the others read it.
 */
export async function ensureLinkSecret(store: StoragePort, clock: Clock): Promise<string> {
  const secrets = store.collection<ServerSecretDocument>('server_secrets');
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await secrets.findOne(directoryWorkspace, { _id: linkSecretId });
    if (existing) return existing.secret;
    const doc: ServerSecretDocument = { _id: linkSecretId, workspace: directoryWorkspace, secret: randomBytes(32).toString('base64url'), createdAt: new Date(clock.now()).toISOString() };
    const result = await store.commit(directoryWorkspace, [{ collection: 'server_secrets', op: 'insert', doc }]);
    if (result.ok) return doc.secret;
  }
  throw new Error('Could not create or read the message link secret: the store keeps refusing it.');
}
