/**
 * engine/segments — segment definitions with versions, real-time membership (an ingestion stage),
 * membership that follows the clock, batch recompute through the compiled MongoDB filter, preview,
 * size history and the workspace fact catalogue. docs/segments.md documents the model.
 */
export { recomputeSegment, recomputeSegmentsForCustomers, recomputeStaleSegments, type RecomputeOptions, type RecomputeResult } from './batch-recompute';
export { reevaluateChangedCustomers } from './customer-reevaluation';
export { isVouchedFor, withEvaluationMark, type EvaluationMark } from './evaluation-mark';
export { createFactProjection, withoutNestedPaths } from './fact-projection';
export { acquireJobLease, processLeaseOwner, releaseJobLease } from './job-lease';
export { buildLiveSegments, compileSegmentVersion, loadLiveSegments, watchKeyOf, type LiveSegment, type LiveSegments } from './live-segments';
export {
  clockBoundMilliseconds,
  clockHorizonMilliseconds,
  clockJobIntervalMilliseconds,
  extendSegmentClocks,
  listTimeFacts,
  listTimeLeaves,
  reevaluateDueCustomers,
  scheduleSegmentClock,
  type ClockRunResult,
  type ClockWindow,
  type TimeLeaf,
} from './membership-clock';
export { commitMembershipUpdates, type ReplanUpdate } from './membership-commit';
export { readDueTime, withDueTime } from './membership-due';
export { computeDueTime, evaluateMemberships, listChangedWatchKeys, type EvaluationScope, type MembershipEvaluation } from './membership-evaluation';
export { applyMembershipChanges, createMembershipEvent, membershipMessageId, type MembershipCause, type MembershipChange } from './membership-event';
export { planMembershipUpdate, type MembershipUpdate } from './membership-update';
export { dueField, segmentCollectionNames, segmentCollections } from './segment-collections';
export { archiveSegment, createSegment, findSegment, findSegmentVersion, listSegments, listSegmentVersions, planSegmentSave, updateSegment } from './segment-definitions';
export { checkSegmentInput, slugifySegmentName, type CheckedSegmentInput, type SegmentInputContext } from './segment-input-check';
export { listSegmentWorkspaces, runSegmentJobs, segmentJobs, type SegmentJob } from './segment-jobs';
export { defaultPreviewSampleSize, previewSegment, readFactValues } from './segment-preview';
export { findReferenceCycle, listReferencedSegmentIds, listSegmentReferences, orderByReferences, type SegmentReference } from './segment-references';
export {
  countSegmentMembers,
  listSegmentSizes,
  maxSizeRangeMilliseconds,
  recordHourlySegmentSizes,
  recordSegmentSize,
  type SegmentSizeDocument,
  type SizeReason,
} from './segment-size-history';
export { segmentsStage, segmentsStageName } from './segments-stage';
export {
  segmentCatalogId,
  segmentDocumentId,
  segmentVersionDocumentId,
  toSegmentVersionView,
  toSegmentView,
  type SegmentCatalogDocument,
  type StoredSegment,
  type StoredSegmentVersion,
} from './stored-segment';
export { describeWorkspaceFacts, loadWorkspaceFacts, observedAttributeSample, type WorkspaceFactOptions, type WorkspaceFacts } from './workspace-fact-catalogue';
