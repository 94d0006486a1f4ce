import type { StoragePort } from '../store/index';
import { compileTrait, type CompiledTrait } from './compiled-trait';
import type { StoredTraitDefinition } from './stored-trait';
import { traitCollectionNames } from './trait-collections';
import { readTraitConfig, scalesOf, traitConfigIdOf, type TraitConfigDocument } from './trait-config';
import { resolveTraitSettings, type MarketingScales, type ResolvedTraitSettings } from './trait-settings';

/** What computing a workspace's traits needs, compiled once per config revision. */
export interface TraitCatalog {
  readonly revision: number;
  /** Active definitions, compiled, in id order. */
  readonly traits: readonly CompiledTrait[];
  readonly definitions: readonly StoredTraitDefinition[];
  readonly settings: ResolvedTraitSettings;
  readonly scales: MarketingScales;
}

/**
 * Per store, per workspace: the last catalogue compiled. Invalidated through the store — every change
 * bumps the config revision, and each load compares it — so another process's change is seen on the
 * next event it affects.
 */
const caches = new WeakMap<StoragePort, Map<string, TraitCatalog>>();

/**
 * The workspace's trait catalogue: one small read (the config revision) when nothing changed, a reload
 * of the definitions and settings when something did.
 */
export async function loadTraitCatalog(store: StoragePort, workspace: string): Promise<TraitCatalog> {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  const head = await store.collection<TraitConfigDocument>(traitCollectionNames.config).findOne(workspace, { _id: traitConfigIdOf(workspace) }, { projection: { revision: 1 } });
  const revision = head?.revision ?? 0;
  const cached = cache.get(workspace);
  if (cached && cached.revision === revision) return cached;
  const [config, definitions] = await Promise.all([
    readTraitConfig(store, workspace),
    store.collection<StoredTraitDefinition>(traitCollectionNames.definitions).find(workspace, { status: 'active' }, { sort: { id: 1 } }),
  ]);
  const catalog: TraitCatalog = Object.freeze({
    revision,
    traits: Object.freeze(definitions.map(compileTrait)),
    definitions: Object.freeze(definitions),
    settings: resolveTraitSettings(config?.settings),
    scales: scalesOf(config),
  });
  cache.set(workspace, catalog);
  return catalog;
}
