import type { TraitView } from '../../schemas/types';
import { createProblem, fail, ok, type Result } from '../errors/index';
import type { CustomTraitFact } from '../rules/index';
import type { RuntimeContext } from '../runtime/index';
import type { StoragePort, WriteOp } from '../store/index';
import { isComputationChanged, toTraitView, traitDefinitionIdOf, type StoredTraitDefinition } from './stored-trait';
import { traitCollectionNames } from './trait-collections';
import { updateTraitConfigOp } from './trait-config';
import { checkTraitDefinition, type CheckedTraitDefinition } from './trait-definition';

/** What the definition functions need: the store and the clock. */
type DefinitionRuntime = Pick<RuntimeContext, 'store' | 'clock'>;

/** The outcome of a save: the definition, and whether customers' values must be backfilled. */
export interface TraitSaveResult {
  trait: TraitView;
  needsBackfill: boolean;
}

const maxCommitAttempts = 5;

function definitionsOf(store: StoragePort) {
  return store.collection<StoredTraitDefinition>(traitCollectionNames.definitions);
}

/** The workspace's active definitions, in id order. */
export async function listTraitDefinitions(store: StoragePort, workspace: string): Promise<TraitView[]> {
  return (await definitionsOf(store).find(workspace, { status: 'active' }, { sort: { id: 1 } })).map(toTraitView);
}

/** One active definition, or null. */
export async function findTraitDefinition(store: StoragePort, workspace: string, id: string): Promise<TraitView | null> {
  const stored = await definitionsOf(store).findOne(workspace, { _id: traitDefinitionIdOf(workspace, id), status: 'active' });
  return stored ? toTraitView(stored) : null;
}

/**
 * The workspace's computed traits as fact catalogue entries (`traits.<id>`), for conditions over them
 * (engine/segments' `loadWorkspaceFacts(…, { customTraits })`).
 */
export async function loadCustomTraitFacts(store: StoragePort, workspace: string): Promise<CustomTraitFact[]> {
  const stored = await definitionsOf(store).find(workspace, { status: 'active' }, { sort: { id: 1 } });
  return stored.map((definition) => ({
    id: definition.id,
    type: definition.value_type,
    description: definition.description ?? `${definition.name}: ${definition.aggregation}${definition.property ? ` of ${definition.property}` : ''} over "${definition.event}"${definition.window_days ? ` in the last ${definition.window_days} days` : ''}.`,
    examples: [],
    ...(definition.value_type === 'date' ? { format: 'date-time' as const } : {}),
  }));
}

/**
 * The writes that save a checked definition — a new trait, a deleted id re-created (its revisions
 * continue), or a change of an active one — without committing them, for callers that commit several
 * definitions at once (a rule pack import). Guarded by the revision they replace, so a concurrent
 * change makes the whole commit conflict. `needsBackfill`: what the trait computes changed, so the
 * caller asks for the scheduler's `traits.backfill`, as after createTraitDefinition.
 */
export function planTraitDefinitionSave(
  workspace: string,
  definition: CheckedTraitDefinition,
  existing: StoredTraitDefinition | null,
  now: string,
): { trait: StoredTraitDefinition; writes: WriteOp[]; needsBackfill: boolean } {
  const _id = traitDefinitionIdOf(workspace, definition.id);
  if (existing?.status === 'active') {
    const changed = isComputationChanged(existing, definition);
    const trait: StoredTraitDefinition = {
      ...definition,
      _id,
      workspace,
      revision: changed ? existing.revision + 1 : existing.revision,
      status: 'active',
      createdAt: existing.createdAt,
      updatedAt: now,
      backfill: changed ? { ...existing.backfill, status: 'pending' } : existing.backfill,
    };
    const filter = { _id, revision: existing.revision, updatedAt: existing.updatedAt };
    return { trait, writes: [{ collection: traitCollectionNames.definitions, op: 'replace', filter, doc: trait, mustMatch: true }, updateTraitConfigOp(workspace, now)], needsBackfill: changed };
  }
  const trait: StoredTraitDefinition = { ...definition, _id, workspace, revision: (existing?.revision ?? 0) + 1, status: 'active', createdAt: now, updatedAt: now, backfill: { status: 'pending', revision: 0 } };
  const write: WriteOp = existing
    ? { collection: traitCollectionNames.definitions, op: 'replace', filter: { _id, revision: existing.revision }, doc: trait, mustMatch: true }
    : { collection: traitCollectionNames.definitions, op: 'insert', doc: trait };
  return { trait, writes: [write, updateTraitConfigOp(workspace, now)], needsBackfill: true };
}

/**
 * Creates a definition from a client's JSON (checked by `checkTraitDefinition`; nothing is saved when it
 * fails). `CONFLICT` when the id exists. Re-creating a deleted id continues its revisions. The caller
 * then asks for a backfill (the scheduler's `traits.backfill`).
 */
export async function createTraitDefinition(runtime: DefinitionRuntime, workspace: string, body: unknown): Promise<Result<TraitSaveResult>> {
  const checked = checkTraitDefinition(body);
  if (!checked.ok) return checked;
  const definition = checked.value;
  const definitions = definitionsOf(runtime.store);
  const _id = traitDefinitionIdOf(workspace, definition.id);
  for (let attempt = 0; attempt < maxCommitAttempts; attempt++) {
    const existing = await definitions.findOne(workspace, { _id });
    if (existing?.status === 'active') {
      return fail(createProblem('CONFLICT', [{ pointer: '/id', message: `A trait "${definition.id}" already exists; change it with PUT /api/traits/${definition.id}.` }]));
    }
    const now = new Date(runtime.clock.now()).toISOString();
    const revision = (existing?.revision ?? 0) + 1;
    const stored: StoredTraitDefinition = { ...definition, _id, workspace, revision, status: 'active', createdAt: now, updatedAt: now, backfill: { status: 'pending', revision: 0 } };
    const write = existing
      ? { collection: traitCollectionNames.definitions, op: 'replace' as const, filter: { _id, revision: existing.revision }, doc: stored, mustMatch: true }
      : { collection: traitCollectionNames.definitions, op: 'insert' as const, doc: stored };
    const result = await runtime.store.commit(workspace, [write, updateTraitConfigOp(workspace, now)]);
    if (result.ok) return ok({ trait: toTraitView(stored), needsBackfill: true });
  }
  return fail(createProblem('CONFLICT', [{ pointer: '/id', message: `The trait "${definition.id}" is being changed by other requests right now; retry.` }]));
}

/**
 * Replaces a definition. The body's `id`, when given, must be the one in the path. A change to what
 * the trait computes raises its revision and needs a backfill; a new name or description does not.
 */
export async function updateTraitDefinition(runtime: DefinitionRuntime, workspace: string, id: string, body: unknown): Promise<Result<TraitSaveResult>> {
  const withId = body !== null && typeof body === 'object' && !Array.isArray(body) && !('id' in body) ? { ...body, id } : body;
  const checked = checkTraitDefinition(withId);
  if (!checked.ok) return checked;
  if (checked.value.id !== id) {
    return fail(createProblem('VALIDATION_FAILED', [{ pointer: '/id', message: `must be "${id}", the id in the path (a trait's id cannot change; create a new trait instead).` }]));
  }
  return saveChange(runtime, workspace, id, (existing, now) => {
    const changed = isComputationChanged(existing, checked.value);
    const revision = changed ? existing.revision + 1 : existing.revision;
    return {
      next: { ...(checked.value as CheckedTraitDefinition), _id: existing._id, workspace, revision, status: 'active', createdAt: existing.createdAt, updatedAt: now, backfill: changed ? { ...existing.backfill, status: 'pending' } : existing.backfill },
      needsBackfill: changed,
    };
  });
}

/**
 * Deletes a definition: it stops being computed at once; the backfill then removes `traits.<id>` from
 * every customer and drops the tombstone. `NOT_FOUND` for an unknown id.
 */
export async function deleteTraitDefinition(runtime: DefinitionRuntime, workspace: string, id: string): Promise<Result<TraitSaveResult>> {
  return saveChange(runtime, workspace, id, (existing, now) => ({
    next: { ...existing, revision: existing.revision + 1, status: 'deleted', updatedAt: now, backfill: { ...existing.backfill, status: 'pending' } },
    needsBackfill: true,
  }));
}

async function saveChange(
  runtime: DefinitionRuntime,
  workspace: string,
  id: string,
  change: (existing: StoredTraitDefinition, now: string) => { next: StoredTraitDefinition; needsBackfill: boolean },
): Promise<Result<TraitSaveResult>> {
  const definitions = definitionsOf(runtime.store);
  const _id = traitDefinitionIdOf(workspace, id);
  for (let attempt = 0; attempt < maxCommitAttempts; attempt++) {
    const existing = await definitions.findOne(workspace, { _id, status: 'active' });
    if (!existing) return fail(createProblem('NOT_FOUND', [{ pointer: '/id', message: `No trait "${id}" in this workspace.` }]));
    const now = new Date(runtime.clock.now()).toISOString();
    const { next, needsBackfill } = change(existing, now);
    const result = await runtime.store.commit(workspace, [
      { collection: traitCollectionNames.definitions, op: 'replace', filter: { _id, revision: existing.revision, updatedAt: existing.updatedAt }, doc: next, mustMatch: true },
      updateTraitConfigOp(workspace, now),
    ]);
    if (result.ok) return ok({ trait: toTraitView(next), needsBackfill });
  }
  return fail(createProblem('CONFLICT', [{ pointer: '/id', message: `The trait "${id}" is being changed by other requests right now; retry.` }]));
}
