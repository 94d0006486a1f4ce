import { isDeepStrictEqual } from 'node:util';
import type { Journey, RulePackImportItem } from '../../schemas/types';
import { createProblem, fail, ok, type ProblemDetail, type Result } from '../errors/index';
import { freezeTemplateRefs, isTemplateRef, journeyCollectionNames, journeyDocumentId, planJourneyPublish, toJourneyDocument, type StoredJourney } from '../journeys/index';
import type { RuntimeContext } from '../runtime/index';
import { planSegmentSave } from '../segments/index';
import type { WriteOp } from '../store/index';
import { isTemplateUnchanged, planTemplateSave } from '../templates/index';
import { planTraitDefinitionSave, type CheckedTraitDefinition } from '../traits/index';
import { versionInPack } from './journey-version-in-pack';
import type { CheckedPack } from './pack-check';
import { toPackDetails } from './pack-details';
import { libraryForPackJourney } from './pack-journey-templates';
import type { WorkspaceDefinitions } from './workspace-definitions';

/** What an import does when the workspace already has an id of the pack. */
export type ConflictPolicy = 'fail' | 'skip' | 'replace';

/** Everything one import writes (in one commit) and what it reports. */
export interface ImportPlan {
  writes: WriteOp[];
  items: RulePackImportItem[];
  /** Segments saved (created, revived or replaced), whose membership is recomputed after the commit. */
  segments: Array<{ id: string; references: readonly string[] }>;
  /** Whether a saved trait definition must be backfilled over every customer. */
  backfill: boolean;
  /** Whether a journey version goes live. */
  published: boolean;
  /** What the import did that someone should know: open drafts that a published version now stands above. */
  warnings: ProblemDetail[];
}

export interface ImportPlanOptions {
  onConflict: ConflictPolicy;
  publish: boolean;
}

function traitFields(definition: CheckedTraitDefinition): unknown[] {
  return [definition.name, definition.description ?? null, definition.event, definition.aggregation, definition.property ?? null, definition.filter ?? null, definition.window_days ?? null, definition.value_type];
}

/** A journey as far as a new version would differ: without its number and status, references without their frozen copies. */
function comparableJourney(document: Journey, keepFrozen: boolean): unknown {
  const { version: _version, status: _status, ...rest } = document;
  if (keepFrozen) return rest;
  return {
    ...rest,
    states: rest.states.map((state) => (state.kind === 'send' && isTemplateRef(state.params.template) ? { ...state, params: { ...state.params, template: { ref: state.params.template.ref } } } : state)),
  };
}

/**
 * The drafts above a journey's last published (or archived) version, which publishing the pack's version
 * as `publishedVersion` leaves below a live version: they stay as they are (a marketer's work in
 * progress is never overwritten by an import), but can no longer be published, so the answer names
 * each with the way to carry on.
 */
function describeBuriedDrafts(versions: readonly StoredJourney[], publishedVersion: number, pointer: string): ProblemDetail[] {
  const lastNotDraft = versions.findLast((version) => version.status !== 'draft')?.version ?? 0;
  return versions
    .filter((version) => version.status === 'draft' && version.version > lastNotDraft)
    .map((draft) => ({
      pointer,
      message: `Version ${draft.version} of "${draft.id}" is a draft that was open when the pack's version ${publishedVersion} was published: it is kept as it is, but can no longer be published. To carry on with it, save it as version ${publishedVersion + 1} (PUT /api/journeys/${draft.id}/versions/${publishedVersion + 1}) and publish that.`,
    }));
}

/**
 * Plans the writes of an import of a checked pack, in the order that leaves the least harm should a
 * store without transactions stop half-way (docs/packs.md): templates, traits, segments, then journeys,
 * so a journey never goes live before what it uses. For each element: created when the workspace lacks
 * the id; with the id present, `skip` keeps the workspace's, `replace` saves the pack's as a new
 * version (a journey's published versions never change: the pack's becomes the next version) unless
 * it is the same already (`unchanged`; a journey is compared with the version an export carries).
 * Journeys are drafts unless `publish`, which freezes their library templates (a published journey of
 * the pack keeps the frozen copies it carries) and validates them exactly as publishing does; open
 * drafts that a published version then stands above are named in `warnings`.
 */
export async function planPackImport(runtime: RuntimeContext, workspace: string, checked: CheckedPack, current: WorkspaceDefinitions, options: ImportPlanOptions): Promise<Result<ImportPlan>> {
  const now = new Date(runtime.clock.now()).toISOString();
  const plan: ImportPlan = { writes: [], items: [], segments: [], backfill: false, published: false, warnings: [] };
  const skip = options.onConflict === 'skip';

  for (const { pointer, value: input } of checked.templates) {
    const existing = current.templates.get(input.id) ?? null;
    if (existing && (skip || isTemplateUnchanged(existing, input))) {
      plan.items.push({ kind: 'template', id: input.id, pointer, action: skip ? 'skipped' : 'unchanged', version: existing.version });
      continue;
    }
    const { template, writes } = planTemplateSave(workspace, input, existing, now);
    plan.writes.push(...writes);
    plan.items.push({ kind: 'template', id: input.id, pointer, action: existing ? 'replaced' : 'created', version: template.version });
  }

  for (const { pointer, value: definition } of checked.traits) {
    const existing = current.traits.get(definition.id) ?? null;
    const active = existing?.status === 'active' ? existing : null;
    if (active && (skip || isDeepStrictEqual(traitFields(active), traitFields(definition)))) {
      plan.items.push({ kind: 'trait', id: definition.id, pointer, action: skip ? 'skipped' : 'unchanged', version: active.revision });
      continue;
    }
    const { trait, writes, needsBackfill } = planTraitDefinitionSave(workspace, definition, existing, now);
    plan.writes.push(...writes);
    plan.backfill ||= needsBackfill;
    plan.items.push({ kind: 'trait', id: definition.id, pointer, action: active ? 'replaced' : 'created', version: trait.revision });
  }

  for (const { pointer, value: input } of checked.segments) {
    const existing = current.segments.get(input.id) ?? null;
    const active = existing?.status === 'active' ? existing : null;
    if (active && (skip || (active.name === input.name && active.description === input.description && isDeepStrictEqual(active.conditions, input.conditions)))) {
      plan.items.push({ kind: 'segment', id: input.id, pointer, action: skip ? 'skipped' : 'unchanged', version: active.version });
      continue;
    }
    const { segment, writes } = planSegmentSave(workspace, input, existing, now);
    plan.writes.push(...writes);
    plan.segments.push({ id: segment.id, references: segment.references });
    plan.items.push({ kind: 'segment', id: input.id, pointer, action: active ? 'replaced' : 'created', version: segment.version });
  }

  const details: ProblemDetail[] = [];
  for (const { pointer, value: document } of checked.journeys) {
    const versions = current.journeys.get(document.id) ?? [];
    const latest = versions.at(-1) ?? null;
    // Compared with the version an export carries (the live one), so a workspace's own export changes nothing.
    const shown = versionInPack(versions);
    const templates = libraryForPackJourney(document, checked.templateLibrary);
    if (shown) {
      const frozen = options.publish && shown.status === 'published';
      const candidate = frozen ? freezeTemplateRefs(document, templates) : document;
      if (skip || ((!options.publish || shown.status === 'published') && isDeepStrictEqual(comparableJourney(toJourneyDocument(shown), frozen), comparableJourney(candidate, frozen)))) {
        plan.items.push({ kind: 'journey', id: document.id, pointer, action: skip ? 'skipped' : 'unchanged', version: shown.version, status: shown.status });
        continue;
      }
    }
    const version = latest ? latest.version + 1 : document.version;
    const draft: StoredJourney = { ...structuredClone(document), version, status: 'draft', _id: journeyDocumentId(workspace, document.id, version), workspace, createdAt: now, updatedAt: now };
    let stored = draft;
    if (options.publish) {
      const planned = await planJourneyPublish(runtime, workspace, draft, { catalogue: checked.catalogue, templates, clock: runtime.clock });
      if (!planned.ok) {
        details.push(...toPackDetails(planned.problem, pointer));
        continue;
      }
      stored = planned.value.published;
      plan.writes.push({ collection: journeyCollectionNames.journeys, op: 'insert', doc: stored }, ...planned.value.writes);
      plan.published = true;
      plan.warnings.push(...describeBuriedDrafts(versions, version, pointer));
    } else {
      plan.writes.push({ collection: journeyCollectionNames.journeys, op: 'insert', doc: stored });
    }
    plan.items.push({ kind: 'journey', id: document.id, pointer, action: latest ? 'replaced' : 'created', version, status: stored.status });
  }
  if (details.length > 0) return fail(createProblem('INVALID_IMPORT', details, `The pack's journeys cannot be published (${details.length} problem${details.length === 1 ? '' : 's'}); nothing was imported.`));
  return ok(plan);
}
