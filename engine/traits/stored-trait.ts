import type { TraitBackfill, TraitView } from '../../schemas/types';
import type { CheckedTraitDefinition } from './trait-definition';

/**
 * A trait definition as stored in `trait_definitions` (`_id` = `<workspace>/<id>`). Deleting one
 * leaves a tombstone (`status: 'deleted'`) until the backfill has removed the trait from every
 * customer; re-creating the id continues its revisions.
 */
export interface StoredTraitDefinition extends CheckedTraitDefinition {
  _id: string;
  workspace: string;
  /** Increments whenever what the trait computes changes; customers' states carry the revision they were computed for. */
  revision: number;
  status: 'active' | 'deleted';
  createdAt: string;
  updatedAt: string;
  backfill: TraitBackfill;
}

/** The `_id` of a definition: workspace and id, since MongoDB's `_id` is unique across workspaces. */
export function traitDefinitionIdOf(workspace: string, id: string): string {
  return `${workspace}/${id}`;
}

/** The definition as the API shows it (schemas/trait.schema.json). */
export function toTraitView(stored: StoredTraitDefinition): TraitView {
  const { _id: _storedId, workspace: _workspace, status: _status, ...view } = stored;
  return view as TraitView;
}

/** Whether the fields that decide a trait's values differ (name and description do not). */
export function isComputationChanged(a: CheckedTraitDefinition, b: CheckedTraitDefinition): boolean {
  const computed = (definition: CheckedTraitDefinition) =>
    JSON.stringify([definition.event, definition.aggregation, definition.property ?? null, definition.filter ?? null, definition.window_days ?? null, definition.value_type]);
  return computed(a) !== computed(b);
}
