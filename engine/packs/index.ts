/**
 * engine/packs — rule packs: one JSON document with segments, computed trait definitions, journeys and
 * library templates. Validate (every problem with a JSON pointer into the pack), import (all or
 * nothing, with a conflict policy) and export (the workspace's current versions). docs/packs.md.
 */
export { checkPack, validatePack, type CheckedPack, type PackCheckOptions } from './pack-check';
export { createOfflinePackContext, packKinds, type PackContext, type PackKind } from './pack-context';
export { toPackDetails, toPackWarnings } from './pack-details';
export { listPackElements, listPackIds, type PackElement } from './pack-elements';
export { exportPack, type PackExportOptions, type PackSelection } from './pack-export';
export { findPackConflicts, importPack, type PackImportOptions } from './pack-import';
export { planPackImport, type ConflictPolicy, type ImportPlan, type ImportPlanOptions } from './pack-import-plan';
export { loadWorkspaceDefinitions, toPackContext, type WorkspaceDefinitions } from './workspace-definitions';
