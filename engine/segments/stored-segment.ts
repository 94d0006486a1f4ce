import type { Segment, SegmentVersion } from '../../schemas/types';

/**
 * A segment as stored: the API's `Segment` (without the per-answer `size` and `recompute`) plus what
 * the runtime needs. `computedVersion` is the version the last finished batch recompute applied (0:
 * none yet); a segment whose `computedVersion` lags its `version` — or an archived one that still has
 * members — is finished by the recompute job, so a crash in the middle of a recompute is repaired.
 */
export interface StoredSegment extends Omit<Segment, 'size' | 'recompute'> {
  _id: string;
  workspace: string;
  /** Ids of the other segments the conditions read (`segments contains …`, `segmentsEnteredAt.<id>`). */
  references: string[];
  computedVersion: number;
  /** How far ahead the due times of customers no event touched are written (membership-clock.ts). */
  clockScheduledUntil?: string;
}

/** One saved version, as stored. */
export interface StoredSegmentVersion extends SegmentVersion {
  _id: string;
  workspace: string;
}

/** The per-workspace revision every definition change bumps in the same commit (cross-process cache key). */
export interface SegmentCatalogDocument {
  _id: string;
  workspace: string;
  revision: number;
  updatedAt: string;
}

/** `_id` of a segment: the workspace is part of it because MongoDB's `_id` is unique across workspaces. */
export function segmentDocumentId(workspace: string, segmentId: string): string {
  return `${workspace}/${segmentId}`;
}

export function segmentVersionDocumentId(workspace: string, segmentId: string, version: number): string {
  return `${workspace}/${segmentId}/${version}`;
}

export function segmentCatalogId(workspace: string): string {
  return `${workspace}/segments`;
}

/** The API view of a stored segment. */
export function toSegmentView(stored: StoredSegment, size?: number): Segment {
  const { _id: _ignoredId, workspace: _ignoredWorkspace, references: _references, computedVersion: _computed, clockScheduledUntil: _scheduled, ...view } = stored;
  return { ...view, ...(size === undefined ? {} : { size }) };
}

/** The API view of a stored version. */
export function toSegmentVersionView(stored: StoredSegmentVersion): SegmentVersion {
  const { _id: _ignoredId, workspace: _ignoredWorkspace, ...view } = stored;
  return view;
}
