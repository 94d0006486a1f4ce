import { isDeepStrictEqual } from 'node:util';
import { createProblem, fail, ok, type Result } from '../errors/index';
import type { RuntimeContext } from '../runtime/index';
import type { StoragePort, WriteOp } from '../store/index';
import { segmentCollectionNames } from './segment-collections';
import { checkSegmentInput, type CheckedSegmentInput } from './segment-input-check';
import {
  segmentCatalogId,
  segmentDocumentId,
  segmentVersionDocumentId,
  type StoredSegment,
  type StoredSegmentVersion,
} from './stored-segment';
import { loadWorkspaceFacts, type WorkspaceFactOptions } from './workspace-fact-catalogue';

type DefinitionRuntime = Pick<RuntimeContext, 'store' | 'clock'>;

/** One segment by id (active or archived), or null. */
export async function findSegment(store: StoragePort, workspace: string, segmentId: string): Promise<StoredSegment | null> {
  return store.collection<StoredSegment>(segmentCollectionNames.segments).findOne(workspace, { _id: segmentDocumentId(workspace, segmentId) });
}

/** The segments of a workspace by id; active ones unless `status` says otherwise. */
export async function listSegments(store: StoragePort, workspace: string, status: 'active' | 'archived' | 'all' = 'active'): Promise<StoredSegment[]> {
  return store.collection<StoredSegment>(segmentCollectionNames.segments).find(workspace, status === 'all' ? {} : { status }, { sort: { id: 1 } });
}

/** Every saved version of a segment, oldest first. */
export async function listSegmentVersions(store: StoragePort, workspace: string, segmentId: string): Promise<StoredSegmentVersion[]> {
  return store.collection<StoredSegmentVersion>(segmentCollectionNames.versions).find(workspace, { id: segmentId }, { sort: { version: 1 } });
}

/** One saved version, or null. */
export async function findSegmentVersion(store: StoragePort, workspace: string, segmentId: string, version: number): Promise<StoredSegmentVersion | null> {
  return store.collection<StoredSegmentVersion>(segmentCollectionNames.versions).findOne(workspace, { _id: segmentVersionDocumentId(workspace, segmentId, version) });
}

function catalogBump(workspace: string, now: string): WriteOp {
  return { collection: segmentCollectionNames.catalog, op: 'update', filter: { _id: segmentCatalogId(workspace) }, update: { $inc: { revision: 1 }, $set: { updatedAt: now } }, upsert: true };
}

function versionDocument(workspace: string, checked: CheckedSegmentInput, version: number, now: string): StoredSegmentVersion {
  return {
    _id: segmentVersionDocumentId(workspace, checked.id, version),
    workspace,
    id: checked.id,
    version,
    name: checked.name,
    description: checked.description,
    conditions: checked.conditions,
    facts: checked.facts,
    dependsOnTime: checked.dependsOnTime,
    createdAt: now,
  };
}

async function checkAgainstWorkspace(runtime: DefinitionRuntime, workspace: string, body: unknown, options: WorkspaceFactOptions & { pathId?: string }): Promise<Result<CheckedSegmentInput>> {
  const facts = await loadWorkspaceFacts(runtime, workspace, options);
  const active = await listSegments(runtime.store, workspace, 'active');
  const references = new Map(active.map((segment) => [segment.id, segment.references]));
  return checkSegmentInput(body, { facts, references, pathId: options.pathId });
}

/**
 * The writes that save a checked definition — a new segment, an archived one revived, or the next
 * version of an active one — without committing them, for callers that commit several definitions at
 * once (a rule pack import). Guarded by the version they replace, so a concurrent change makes the
 * whole commit conflict. The caller recomputes membership after the commit, as after createSegment.
 */
export function planSegmentSave(workspace: string, input: CheckedSegmentInput, existing: StoredSegment | null, now: string): { segment: StoredSegment; writes: WriteOp[] } {
  const version = existing ? existing.version + 1 : 1;
  const segment: StoredSegment = {
    _id: segmentDocumentId(workspace, input.id),
    workspace,
    id: input.id,
    name: input.name,
    description: input.description,
    conditions: input.conditions,
    version,
    status: 'active',
    facts: input.facts,
    dependsOnTime: input.dependsOnTime,
    references: input.references,
    computedVersion: existing?.status === 'active' ? existing.computedVersion : 0,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  const write: WriteOp = existing
    ? { collection: segmentCollectionNames.segments, op: 'replace', filter: { _id: segment._id, version: existing.version, status: existing.status }, doc: segment, mustMatch: true }
    : { collection: segmentCollectionNames.segments, op: 'insert', doc: segment };
  return { segment, writes: [write, { collection: segmentCollectionNames.versions, op: 'insert', doc: versionDocument(workspace, input, version, now) }, catalogBump(workspace, now)] };
}

function conflict(pointer: string, message: string): Result<never> {
  return fail(createProblem('CONFLICT', [{ pointer, message }]));
}

/**
 * Saves a new segment as version 1, after checking it against the workspace's fact catalogue
 * (nothing is saved when it fails). Creating the id of an archived segment revives it as its next
 * version. Membership is computed by recomputeSegment, which the caller runs next (the recompute job
 * finishes it after a crash).
 */
export async function createSegment(runtime: DefinitionRuntime, workspace: string, body: unknown, options: WorkspaceFactOptions = {}): Promise<Result<StoredSegment>> {
  const checked = await checkAgainstWorkspace(runtime, workspace, body, options);
  if (!checked.ok) return checked;
  const input = checked.value;
  const existing = await findSegment(runtime.store, workspace, input.id);
  if (existing?.status === 'active') return conflict('/id', `A segment "${input.id}" already exists; change it with PUT /api/segments/${input.id} (a new version).`);
  const now = new Date(runtime.clock.now()).toISOString();
  const { segment, writes } = planSegmentSave(workspace, input, existing, now);
  const result = await runtime.store.commit(workspace, writes);
  if (!result.ok) return conflict('/id', `The segment "${input.id}" was created or changed by another request meanwhile; read it and retry.`);
  return ok(segment);
}

/**
 * Saves a changed definition as a new version (old versions are kept). With `version` in the body the
 * update is refused with CONFLICT when the segment moved on since that version. An unchanged
 * definition makes no new version. Archived segments cannot change: create the id again to revive it.
 */
export async function updateSegment(runtime: DefinitionRuntime, workspace: string, segmentId: string, body: unknown, options: WorkspaceFactOptions = {}): Promise<Result<{ segment: StoredSegment; changed: boolean }>> {
  const existing = await findSegment(runtime.store, workspace, segmentId);
  if (!existing) return fail(createProblem('NOT_FOUND', [{ pointer: '/id', message: `No segment "${segmentId}" in this workspace.` }]));
  const checked = await checkAgainstWorkspace(runtime, workspace, body, { ...options, pathId: segmentId });
  if (!checked.ok) return checked;
  const input = checked.value;
  if (existing.status === 'archived') return conflict('/id', `The segment "${segmentId}" is archived; create it again with POST /api/segments to revive it.`);
  if (input.expectedVersion !== undefined && input.expectedVersion !== existing.version) {
    return conflict('/version', `You edited version ${input.expectedVersion}, but the segment is at version ${existing.version} now. Read it again and reapply your change.`);
  }
  if (existing.name === input.name && existing.description === input.description && isDeepStrictEqual(existing.conditions, input.conditions)) return ok({ segment: existing, changed: false });
  const now = new Date(runtime.clock.now()).toISOString();
  const version = existing.version + 1;
  const { clockScheduledUntil: _previousClock, ...unchanged } = existing;
  const segment: StoredSegment = {
    ...unchanged,
    name: input.name,
    description: input.description,
    conditions: input.conditions,
    facts: input.facts,
    dependsOnTime: input.dependsOnTime,
    references: input.references,
    version,
    updatedAt: now,
  };
  const result = await runtime.store.commit(workspace, [
    { collection: segmentCollectionNames.segments, op: 'replace', filter: { _id: existing._id, version: existing.version, status: 'active' }, doc: segment, mustMatch: true },
    { collection: segmentCollectionNames.versions, op: 'insert', doc: versionDocument(workspace, input, version, now) },
    catalogBump(workspace, now),
  ]);
  if (!result.ok) return conflict('/version', `The segment "${segmentId}" changed while saving (it is past version ${existing.version}); read it again and retry.`);
  return ok({ segment, changed: true });
}

/**
 * Archives a segment: it stops being evaluated, its members leave (with Segment Exited events, by
 * recomputeSegment, which the caller runs next) and its versions stay listable. Refused while another
 * active segment is defined by it. Archiving an archived segment changes nothing.
 */
export async function archiveSegment(runtime: DefinitionRuntime, workspace: string, segmentId: string): Promise<Result<StoredSegment>> {
  const existing = await findSegment(runtime.store, workspace, segmentId);
  if (!existing) return fail(createProblem('NOT_FOUND', [{ pointer: '/id', message: `No segment "${segmentId}" in this workspace.` }]));
  if (existing.status === 'archived') return ok(existing);
  const readers = (await listSegments(runtime.store, workspace, 'active')).filter((segment) => segment.references.includes(segmentId));
  if (readers.length > 0) {
    return fail(
      createProblem(
        'CONFLICT',
        readers.map((reader) => ({ pointer: '/id', message: `The segment "${reader.id}" is defined by membership of "${segmentId}"; change or archive "${reader.id}" first.` })),
      ),
    );
  }
  const now = new Date(runtime.clock.now()).toISOString();
  const segment: StoredSegment = { ...existing, status: 'archived', archivedAt: now, updatedAt: now, computedVersion: 0 };
  const result = await runtime.store.commit(workspace, [
    { collection: segmentCollectionNames.segments, op: 'replace', filter: { _id: existing._id, version: existing.version, status: 'active' }, doc: segment, mustMatch: true },
    catalogBump(workspace, now),
  ]);
  if (!result.ok) return conflict('/id', `The segment "${segmentId}" changed while archiving; read it again and retry.`);
  return ok(segment);
}
