import type { TraitSettings } from '../../schemas/types';
import { createProblem, fail, ok, type Result } from '../errors/index';
import type { RuntimeContext } from '../runtime/index';
import { readTraitConfig, updateTraitConfigOp } from './trait-config';
import { checkTraitSettings, resolveTraitSettings, type ResolvedTraitSettings } from './trait-settings';

/** The workspace's marketing-trait settings, defaults filled in (GET /api/traits/settings). */
export async function readWorkspaceTraitSettings(runtime: Pick<RuntimeContext, 'store'>, workspace: string): Promise<ResolvedTraitSettings> {
  return resolveTraitSettings((await readTraitConfig(runtime.store, workspace))?.settings);
}

/**
 * Replaces the workspace's settings (PUT /api/traits/settings; a missing field takes its default) and
 * returns them resolved. Nothing is saved when they are invalid. The caller then asks for a refresh so
 * tiers and stages follow the new settings at once.
 */
export async function saveWorkspaceTraitSettings(runtime: Pick<RuntimeContext, 'store' | 'clock'>, workspace: string, body: unknown): Promise<Result<ResolvedTraitSettings>> {
  const checked = checkTraitSettings(body);
  if (!checked.ok) return checked;
  const settings: TraitSettings = checked.value;
  const result = await runtime.store.commit(workspace, [updateTraitConfigOp(workspace, new Date(runtime.clock.now()).toISOString(), { settings })]);
  if (!result.ok) return fail(createProblem('CONFLICT', [{ pointer: '', message: 'The settings changed while saving; read them again and retry.' }]));
  return ok(resolveTraitSettings(settings));
}
