export { directoryWorkspace } from './directory-workspace';
export { ensureLinkSecret } from './link-secret';
export {
  ensureDefaultWorkspace,
  newWorkspaceId,
  workspaceCollections,
  type DefaultWorkspace,
  type DefaultWorkspaceOptions,
  type RevokedGivenKey,
  type WorkspaceDocument,
} from './workspace-directory';
export {
  createApiKey,
  findApiKeyGrant,
  hashApiKey,
  issueApiKey,
  listApiKeys,
  revokeApiKey,
  revokeApiKeyById,
  type ApiKeyDocument,
  type ApiKeyGrant,
  type ApiKeyRole,
  type ApiKeyView,
  type KeyRevocation,
} from './api-key';
export { describeWorkspace, type WorkspaceOverview } from './workspace-overview';
