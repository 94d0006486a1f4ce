import type { RulePackImport, RulePackRecompute } from '../../schemas/types';
import { createProblem, fail, ok, type ProblemDetail, type Result } from '../errors/index';
import { forgetLiveJourneys } from '../journeys/index';
import type { RuntimeContext } from '../runtime/index';
import { countSegmentMembers, orderByReferences, recomputeSegment } from '../segments/index';
import { checkPack } from './pack-check';
import { packKinds, type PackKind } from './pack-context';
import { listPackIds } from './pack-elements';
import { planPackImport, type ConflictPolicy } from './pack-import-plan';
import { loadWorkspaceDefinitions, toPackContext, type WorkspaceDefinitions } from './workspace-definitions';

export interface PackImportOptions {
  /** What to do with ids the workspace already has: `fail` (default), `skip` or `replace`. */
  onConflict?: ConflictPolicy;
  /** Publish the pack's journeys (default: save them as drafts). */
  publish?: boolean;
}

const kindOf: Record<PackKind, 'segment' | 'trait' | 'journey' | 'template'> = { segments: 'segment', traits: 'trait', journeys: 'journey', templates: 'template' };

/** The ids of the pack that the workspace already has (an active segment or trait, any journey version, a template). */
export function findPackConflicts(pack: unknown, current: WorkspaceDefinitions): Array<{ kind: 'segment' | 'trait' | 'journey' | 'template'; id: string; pointer: string }> {
  const ids = listPackIds(pack);
  const exists: Record<PackKind, (id: string) => boolean> = {
    segments: (id) => current.segments.get(id)?.status === 'active',
    traits: (id) => current.traits.get(id)?.status === 'active',
    journeys: (id) => current.journeys.has(id),
    templates: (id) => current.templates.has(id),
  };
  return packKinds.flatMap((kind) => ids[kind].filter(({ id }) => exists[kind](id)).map(({ id, pointer }) => ({ kind: kindOf[kind], id, pointer })));
}

function conflictDetails(conflicts: ReturnType<typeof findPackConflicts>): ProblemDetail[] {
  return conflicts.map(({ kind, id, pointer }) => ({
    code: 'CONFLICT',
    pointer: `${pointer}/id`,
    message: `The workspace already has the ${kind} "${id}". Import with onConflict "skip" to keep the workspace's, or "replace" to save the pack's as a new version.`,
  }));
}

/**
 * Imports a rule pack into a workspace, all or nothing:
 *
 * 1. everything is checked first (`checkPack` against the workspace: its catalogue, segments and
 *    template library; drafts that stay drafts only as far as saving a draft is) — a bad pack changes
 *    nothing and gets `INVALID_IMPORT` with every problem and its JSON pointer into the pack;
 * 2. ids the workspace already has follow `onConflict`: `fail` (default) refuses the import with
 *    `CONFLICT` naming each, `skip` keeps the workspace's, `replace` saves the pack's as new versions
 *    (never editing a published journey version);
 * 3. every write goes into ONE `store.commit` (atomic on the embedded store and on a MongoDB replica
 *    set; on a standalone MongoDB server the writes apply in order — see docs/packs.md);
 * 4. then the imported segments' membership is recomputed (Segment Entered / Exited recorded), and
 *    the report says whether imported traits need the scheduler's backfill.
 *
 * @example await importPack(runtime, workspace, JSON.parse(file), { onConflict: 'replace', publish: true })
 */
export async function importPack(runtime: RuntimeContext, workspace: string, json: unknown, options: PackImportOptions = {}): Promise<Result<RulePackImport>> {
  const onConflict = options.onConflict ?? 'fail';
  const publish = options.publish ?? false;
  const current = await loadWorkspaceDefinitions(runtime, workspace);
  const conflicts = findPackConflicts(json, current);
  const kept = (kind: 'segment' | 'trait' | 'template') => new Set(onConflict === 'skip' ? conflicts.filter((c) => c.kind === kind).map((c) => c.id) : []);
  const checked = checkPack(json, { ...toPackContext(current, { segments: kept('segment'), traits: kept('trait'), templates: kept('template') }), clock: runtime.clock }, { publish });
  if (onConflict === 'fail' && conflicts.length > 0) {
    if (!checked.ok) return fail(createProblem('INVALID_IMPORT', [...checked.problem.details, ...conflictDetails(conflicts)], checked.problem.message));
    return fail(createProblem('CONFLICT', conflictDetails(conflicts), `The workspace already has ${conflicts.length} of the pack's ids; nothing was imported. Choose onConflict "skip" or "replace".`));
  }
  if (!checked.ok) return checked;

  const planned = await planPackImport(runtime, workspace, checked.value, current, { onConflict, publish });
  if (!planned.ok) return planned;
  const plan = planned.value;
  if (plan.writes.length > 0) {
    const result = await runtime.store.commit(workspace, plan.writes);
    if (!result.ok) {
      return fail(createProblem('CONFLICT', [{ pointer: '', message: `The workspace changed while the pack was being imported (${result.conflict.reason}); nothing was imported. Import it again.` }]));
    }
  }
  if (plan.published) forgetLiveJourneys(runtime.store, workspace);

  const recomputed: RulePackRecompute[] = [];
  for (const segment of orderByReferences(plan.segments)) {
    const result = await recomputeSegment(runtime, workspace, segment.id);
    // null: another process is recomputing it right now (its result is the same); report the size now.
    recomputed.push(result
      ? { segmentId: segment.id, entered: result.entered, exited: result.exited, size: result.size }
      : { segmentId: segment.id, entered: 0, exited: 0, size: await countSegmentMembers(runtime.store, workspace, segment.id) });
  }
  const name = (json as { name: string }).name;
  return ok({ name, onConflict, publish, items: plan.items, recomputed, backfill: plan.backfill, warnings: [...checked.value.warnings, ...plan.warnings] });
}
