export { directoryWorkspace } from './directory-workspace';
export {
  ensureDefaultWorkspace,
  newWorkspaceId,
  workspaceCollections,
  type DefaultWorkspace,
  type DefaultWorkspaceOptions,
  type WorkspaceDocument,
} from './workspace-directory';
export {
  createApiKey,
  findApiKeyGrant,
  hashApiKey,
  issueApiKey,
  revokeApiKey,
  type ApiKeyDocument,
  type ApiKeyGrant,
  type ApiKeyRole,
} from './api-key';
