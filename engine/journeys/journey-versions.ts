import type { Journey } from '../../schemas/types';
import { createProblem, fail, ok, type ProblemDetail, type Result } from '../errors/index';
import type { WriteOp } from '../store/index';
import { createTemplateLibrary, loadTemplateLibrary } from '../templates/index';
import { validateAgainstSchema } from '../validation/index';
import { forgetLiveJourneys, readCatalogRevision } from './journey-catalog';
import { journeyCollectionNames } from './journey-collections';
import type { JourneyRuntime } from './journey-runtime';
import { scheduleWrites } from './scheduled-entry';
import { validateJourney, type JourneyValidationOptions } from './journey-validation';
import { catalogDocumentId, journeyDocumentId, toJourneyDocument, type StoredJourney } from './stored-journey';
import { freezeTemplateRefs, listTemplateRefs } from './template-refs';

/** One stored version, or null. */
export async function loadJourneyVersion(runtime: JourneyRuntime, workspace: string, journeyId: string, version: number): Promise<StoredJourney | null> {
  return runtime.store.collection<StoredJourney>(journeyCollectionNames.journeys).findOne(workspace, { _id: journeyDocumentId(workspace, journeyId, version) });
}

/** Every stored version of a journey, oldest first. */
export async function listJourneyVersions(runtime: JourneyRuntime, workspace: string, journeyId: string): Promise<StoredJourney[]> {
  return runtime.store.collection<StoredJourney>(journeyCollectionNames.journeys).find(workspace, { id: journeyId }, { sort: { version: 1 } });
}

function catalogBump(workspace: string, now: string, expectedRevision?: number | null): WriteOp {
  return {
    collection: journeyCollectionNames.catalog,
    op: 'update',
    // With an expected revision, the commit fails when the catalog moved since it was read (another
    // publish or archive in between): the upsert then meets an existing _id, a duplicate key.
    filter:
      expectedRevision === undefined ? { _id: catalogDocumentId(workspace) }
      : { _id: catalogDocumentId(workspace), revision: expectedRevision === null ? { $exists: false } : expectedRevision },
    update: { $inc: { revision: 1 }, $set: { updatedAt: now } },
    upsert: true,
  };
}

/** Attempts at a publish or archive whose catalog moved under it, each deciding again from what is stored. */
const maxCatalogAttempts = 5;

/**
 * Saves a draft version (insert or overwrite). Only the schema is checked, so work in progress can be
 * saved; publishing checks everything. A version that is published or archived never changes:
 * `IMMUTABLE_VERSION` (save the change as a new version).
 */
export async function saveJourneyDraft(runtime: JourneyRuntime, workspace: string, input: unknown): Promise<Result<StoredJourney>> {
  const valid = validateAgainstSchema<Journey>('journey', input);
  if (!valid.ok) return valid;
  const document = valid.value;
  if (document.status !== 'draft') {
    return fail(createProblem('VALIDATION_FAILED', [{ pointer: '/status', message: 'A saved version is a draft; publish it with the publish action instead of setting the status.' }]));
  }
  const existing = await loadJourneyVersion(runtime, workspace, document.id, document.version);
  if (existing && existing.status !== 'draft') {
    return fail(createProblem('IMMUTABLE_VERSION', [{ pointer: '/version', message: `Version ${document.version} of "${document.id}" is ${existing.status}. Save your change as version ${document.version + 1}.` }]));
  }
  const now = new Date(runtime.clock.now()).toISOString();
  const stored: StoredJourney = { ...structuredClone(document), _id: journeyDocumentId(workspace, document.id, document.version), workspace, createdAt: existing?.createdAt ?? now, updatedAt: now };
  const op: WriteOp = existing
    ? { collection: journeyCollectionNames.journeys, op: 'replace', filter: { _id: stored._id, status: 'draft', updatedAt: existing.updatedAt }, doc: stored, mustMatch: true }
    : { collection: journeyCollectionNames.journeys, op: 'insert', doc: stored };
  const result = await runtime.store.commit(workspace, [op]);
  if (!result.ok) return fail(createProblem('CONFLICT', [{ pointer: '/version', message: `Version ${document.version} of "${document.id}" changed while saving; read it again and retry.` }]));
  return ok(stored);
}

/**
 * What publishing a version means, without writing anything: its library template references frozen
 * (each `{ "ref": id }` gets the library's content now — `options.templates`, else read from the
 * workspace's library), the whole document validated (`INVALID_DEFINITION` with a pointer per
 * problem), and the writes that make it live besides the version itself: the catalog revision and its
 * scheduled entries. `publishJourney` commits them with the version; a rule pack import commits them
 * with everything else it imports.
 */
export async function planJourneyPublish(
  runtime: JourneyRuntime,
  workspace: string,
  stored: StoredJourney,
  options: JourneyValidationOptions & {
    /** The catalog revision the caller decided on: the commit then fails if another publish or archive landed since. */
    catalogRevision?: number | null;
  } = {},
): Promise<Result<{ published: StoredJourney; writes: WriteOp[] }>> {
  const refs = listTemplateRefs(stored).map((site) => site.ref);
  // Only journeys with references read the library, so stores opened without it can still publish.
  const templates = options.templates ?? (refs.length > 0 ? await loadTemplateLibrary(runtime.store, workspace, refs) : createTemplateLibrary([]));
  const document = freezeTemplateRefs({ ...toJourneyDocument(stored), status: 'published' as const }, templates);
  const validated = validateJourney(document, { ...options, templates, clock: options.clock ?? runtime.clock });
  if (!validated.ok) return validated;
  const now = runtime.clock.now();
  const nowIso = new Date(now).toISOString();
  const published: StoredJourney = { ...stored, states: document.states, status: 'published', publishedAt: nowIso, updatedAt: nowIso };
  return ok({ published, writes: [catalogBump(workspace, nowIso, options.catalogRevision), ...(await scheduleWrites(runtime, workspace, stored.id, document, now))] });
}

/**
 * Publishes a saved draft after full validation (`INVALID_DEFINITION` with a pointer per problem).
 * From then on it is immutable, new customers enter it (it is the journey's highest published
 * version), customers already in older versions finish there, and its scheduled entries get their
 * timers. Library templates it refers to are frozen into it (`planJourneyPublish`): changing the library
 * later never changes what this version sends. Publishing an already published version changes nothing.
 */
export async function publishJourney(
  runtime: JourneyRuntime,
  workspace: string,
  journeyId: string,
  version: number,
  options: JourneyValidationOptions = {},
): Promise<Result<StoredJourney>> {
  // Decided from what is stored, then committed only if no other publish or archive of the workspace
  // landed in between (the catalog revision); else decided again: two publishes at once end as one
  // after the other would (the older version refused, the same version published once).
  for (let attempt = 1; ; attempt++) {
    const revision = await readCatalogRevision(runtime, workspace);
    const stored = await loadJourneyVersion(runtime, workspace, journeyId, version);
    if (!stored) return fail(createProblem('NOT_FOUND', [{ pointer: '/version', message: `Journey "${journeyId}" has no version ${version}.` }]));
    if (stored.status === 'published') return ok(stored);
    if (stored.status === 'archived') {
      return fail(createProblem('IMMUTABLE_VERSION', [{ pointer: '/status', message: `Version ${version} of "${journeyId}" is archived. Save it as a new version to publish it again.` }]));
    }
    const planned = await planJourneyPublish(runtime, workspace, stored, { ...options, catalogRevision: revision });
    if (!planned.ok) return planned;
    const newer = (await listJourneyVersions(runtime, workspace, journeyId)).filter((v) => v.version > version && v.status !== 'draft');
    if (newer.length > 0) {
      const details: ProblemDetail[] = [{ pointer: '/version', message: `Version ${newer[0].version} of "${journeyId}" is already ${newer[0].status}; publish a version above it.` }];
      return fail(createProblem('CONFLICT', details));
    }
    const { published, writes } = planned.value;
    const result = await runtime.store.commit(workspace, [
      { collection: journeyCollectionNames.journeys, op: 'replace', filter: { _id: stored._id, status: 'draft', updatedAt: stored.updatedAt }, doc: published, mustMatch: true },
      ...writes,
    ]);
    if (result.ok) {
      forgetLiveJourneys(runtime.store, workspace);
      return ok(published);
    }
    if (attempt >= maxCatalogAttempts) return fail(createProblem('CONFLICT', [{ pointer: '/version', message: `Version ${version} of "${journeyId}" changed while publishing; read it again and retry.` }]));
  }
}

/**
 * Archives a journey: every published version becomes archived, so nobody new enters, while customers
 * in flight finish on the version they are in. Its scheduled entries stop.
 */
export async function archiveJourney(runtime: JourneyRuntime, workspace: string, journeyId: string): Promise<Result<StoredJourney[]>> {
  // As publishJourney: committed only if no publish or archive landed since the versions were read.
  for (let attempt = 1; ; attempt++) {
    const revision = await readCatalogRevision(runtime, workspace);
    const versions = await listJourneyVersions(runtime, workspace, journeyId);
    if (versions.length === 0) return fail(createProblem('NOT_FOUND', [{ pointer: '/id', message: `No journey "${journeyId}" in this workspace.` }]));
    const nowIso = new Date(runtime.clock.now()).toISOString();
    const archived = versions.filter((v) => v.status === 'published').map((v): StoredJourney => ({ ...v, status: 'archived', archivedAt: nowIso, updatedAt: nowIso }));
    if (archived.length === 0) return ok([]);
    const result = await runtime.store.commit(workspace, [
      ...archived.map((v): WriteOp => ({ collection: journeyCollectionNames.journeys, op: 'replace', filter: { _id: v._id, status: 'published' }, doc: v, mustMatch: true })),
      catalogBump(workspace, nowIso, revision),
      ...(await scheduleWrites(runtime, workspace, journeyId, null, runtime.clock.now())),
    ]);
    if (result.ok) {
      forgetLiveJourneys(runtime.store, workspace);
      return ok(archived);
    }
    if (attempt >= maxCatalogAttempts) return fail(createProblem('CONFLICT', [{ pointer: '/id', message: `Journey "${journeyId}" changed while archiving; read it again and retry.` }]));
  }
}
