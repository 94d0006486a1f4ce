/**
 * The reserved workspace that holds the directory of workspaces and API keys. A key must be resolved
 * to its workspace before that workspace is known, and every port call names a workspace, so the
 * directory lives in a workspace of its own. No customer data is ever stored here.
 */
export const directoryWorkspace = 'ws_directory';
