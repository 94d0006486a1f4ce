import { createProblem, fail, ok, ProblemError, type Result } from '../../engine/errors/index';
import { journeyCollectionNames, journeyDocumentId, listJourneyVersions, loadJourneyVersion, toJourneyDocument, type JourneyRuntime, type StoredJourney } from '../../engine/journeys/index';
import type { StoragePort } from '../../engine/store/index';
import type { JourneyList, JourneyVersion, JourneyVersionList } from '../../schemas/types';

/*
 * Read models of the journeys API that engine/journeys does not offer (yet): the list of journeys,
 * version summaries, and removing a draft. They read and write only the `journeys` collection, through
 * the storage port.
 */

/** A stored version as the API shows it: the document and its bookkeeping. */
export function toJourneyVersion(stored: StoredJourney): JourneyVersion {
  return {
    journey: toJourneyDocument(stored) as unknown as JourneyVersion['journey'],
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    ...(stored.publishedAt ? { publishedAt: stored.publishedAt } : {}),
    ...(stored.archivedAt ? { archivedAt: stored.archivedAt } : {}),
  };
}

/** The version new customers enter: the highest published one. */
export function liveVersionOf(versions: readonly Pick<StoredJourney, 'version' | 'status'>[]): number | null {
  const published = versions.filter((v) => v.status === 'published').map((v) => v.version);
  return published.length > 0 ? Math.max(...published) : null;
}

/** Every version of a journey, oldest first, with the live one. */
export function toVersionList(journeyId: string, versions: readonly StoredJourney[]): JourneyVersionList {
  return {
    journeyId,
    liveVersion: liveVersionOf(versions),
    versions: versions.map((v) => ({
      version: v.version,
      name: v.name,
      status: v.status,
      createdAt: v.createdAt,
      updatedAt: v.updatedAt,
      ...(v.publishedAt ? { publishedAt: v.publishedAt } : {}),
      ...(v.archivedAt ? { archivedAt: v.archivedAt } : {}),
    })),
  };
}

type VersionHead = Pick<StoredJourney, '_id' | 'id' | 'name' | 'version' | 'status' | 'updatedAt'>;

/** Every journey of a workspace with its latest and live versions, by id. Reads only the version heads, not the documents. */
export async function listJourneys(store: StoragePort, workspace: string): Promise<JourneyList> {
  const heads = await store
    .collection<StoredJourney>(journeyCollectionNames.journeys)
    .find(workspace, {}, { sort: { id: 1, version: 1 }, projection: { id: 1, name: 1, version: 1, status: 1, updatedAt: 1 } });
  const byJourney = new Map<string, VersionHead[]>();
  for (const head of heads as VersionHead[]) {
    if (!byJourney.has(head.id)) byJourney.set(head.id, []);
    byJourney.get(head.id)!.push(head);
  }
  return {
    journeys: [...byJourney.entries()].map(([id, versions]) => {
      const latest = versions.at(-1)!;
      return { id, name: latest.name, latestVersion: latest.version, latestStatus: latest.status, liveVersion: liveVersionOf(versions), updatedAt: latest.updatedAt };
    }),
  };
}

/**
 * Removes a draft version. Published and archived versions stay for good (customers may be in them,
 * and reports refer to them): `IMMUTABLE_VERSION`.
 */
export async function deleteJourneyDraft(runtime: JourneyRuntime, workspace: string, journeyId: string, version: number): Promise<Result<void>> {
  const stored = await loadJourneyVersion(runtime, workspace, journeyId, version);
  if (!stored) return fail(createProblem('NOT_FOUND', [{ pointer: '/version', message: `Journey "${journeyId}" has no version ${version}.` }]));
  if (stored.status !== 'draft') {
    return fail(createProblem('IMMUTABLE_VERSION', [{ pointer: '/status', message: `Version ${version} of "${journeyId}" is ${stored.status}; only drafts can be deleted. Archive the journey to stop new entries.` }]));
  }
  const result = await runtime.store.commit(workspace, [
    { collection: journeyCollectionNames.journeys, op: 'delete', filter: { _id: journeyDocumentId(workspace, journeyId, version), status: 'draft', updatedAt: stored.updatedAt }, mustMatch: true },
  ]);
  if (!result.ok) return fail(createProblem('CONFLICT', [{ pointer: '/version', message: `Version ${version} of "${journeyId}" changed while deleting; read it again and retry.` }]));
  return ok(undefined);
}

/** Every version of a journey, oldest first; NOT_FOUND (thrown, for route handlers) when there is none. */
export async function requireVersions(runtime: JourneyRuntime, workspace: string, journeyId: string): Promise<StoredJourney[]> {
  const versions = await listJourneyVersions(runtime, workspace, journeyId);
  if (versions.length === 0) throw new ProblemError(createProblem('NOT_FOUND', [{ pointer: '/id', message: `No journey "${journeyId}" in this workspace.` }]));
  return versions;
}

/** One version of a journey; NOT_FOUND (thrown) when it does not exist. */
export async function requireVersion(runtime: JourneyRuntime, workspace: string, journeyId: string, version: number): Promise<StoredJourney> {
  const stored = await loadJourneyVersion(runtime, workspace, journeyId, version);
  if (!stored) throw new ProblemError(createProblem('NOT_FOUND', [{ pointer: '/version', message: `Journey "${journeyId}" has no version ${version}.` }]));
  return stored;
}
