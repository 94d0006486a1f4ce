import type { ClvModel, TraitSettings } from '../../schemas/types';
import type { StoragePort, WriteOp } from '../store/index';
import type { RfmScale } from './rfm';
import { traitCollectionNames } from './trait-collections';
import type { MarketingScales } from './trait-settings';
import type { ValueTierScale } from './value-tier';

/**
 * The one `trait_config` document of a workspace. `revision` changes with every definition, setting,
 * scale or model change, so a process can cache what it compiled from them and check one number per
 * event (trait-catalog.ts).
 */
export interface TraitConfigDocument {
  _id: string;
  workspace: string;
  revision: number;
  updatedAt: string;
  /** As the client sent them; defaults are filled in when read (resolveTraitSettings). */
  settings?: TraitSettings;
  rfm_scale?: RfmScale | null;
  value_tier_scale?: ValueTierScale | null;
  clv_model?: ClvModel | null;
}

export function traitConfigIdOf(workspace: string): string {
  return `${workspace}/traits`;
}

/** The workspace's config document, or null before anything was configured. */
export function readTraitConfig(store: StoragePort, workspace: string): Promise<TraitConfigDocument | null> {
  return store.collection<TraitConfigDocument>(traitCollectionNames.config).findOne(workspace, { _id: traitConfigIdOf(workspace) });
}

/**
 * The write that bumps the config revision (creating the document if needed) and sets `fields`:
 * put it in the same commit as the change it announces.
 */
export function updateTraitConfigOp(workspace: string, now: string, fields: Partial<Omit<TraitConfigDocument, '_id' | 'workspace' | 'revision' | 'updatedAt'>> = {}): WriteOp {
  return {
    collection: traitCollectionNames.config,
    op: 'update',
    filter: { _id: traitConfigIdOf(workspace) },
    update: { $inc: { revision: 1 }, $set: { updatedAt: now, ...fields } },
    upsert: true,
  };
}

/** The scales and model recorded in a config document. */
export function scalesOf(config: TraitConfigDocument | null): MarketingScales {
  return { rfm: config?.rfm_scale ?? null, value_tier: config?.value_tier_scale ?? null, clv_model: config?.clv_model ?? null };
}
