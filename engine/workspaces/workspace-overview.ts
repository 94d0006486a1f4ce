import type { StoragePort } from '../store/index';
import { listApiKeys, type ApiKeyView } from './api-key';
import { directoryWorkspace } from './directory-workspace';
import type { WorkspaceDocument } from './workspace-directory';

/** What an admin key's holder may know about its workspace. */
export interface WorkspaceOverview {
  id: string;
  name: string;
  isDefault: boolean;
  createdAt: string;
  keys: ApiKeyView[];
}

/** The workspace with its keys, or `null` when the directory does not know it. */
export async function describeWorkspace(store: StoragePort, workspace: string): Promise<WorkspaceOverview | null> {
  const found = await store.collection<WorkspaceDocument>('workspaces').findOne(directoryWorkspace, { _id: workspace });
  if (!found) return null;
  return { id: found._id, name: found.name, isDefault: found.isDefault, createdAt: found.createdAt, keys: await listApiKeys(store, workspace) };
}
