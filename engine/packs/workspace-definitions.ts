import { journeyCollectionNames, type StoredJourney } from '../journeys/index';
import type { RuntimeContext } from '../runtime/index';
import { listSegments, loadWorkspaceFacts, type StoredSegment, type WorkspaceFacts } from '../segments/index';
import { createTemplateLibrary, listTemplates, type StoredTemplate } from '../templates/index';
import { traitCollectionNames, type StoredTraitDefinition } from '../traits/index';
import type { PackContext } from './pack-context';

/** Everything a workspace holds that a pack can hold too, read once for an import or an export. */
export interface WorkspaceDefinitions {
  /** The workspace's fact catalogue (custom traits, observed attributes) and active segments. */
  facts: WorkspaceFacts;
  /** Segments by id, active and archived. */
  segments: Map<string, StoredSegment>;
  /** Trait definitions by id, with the tombstones of deleted ones. */
  traits: Map<string, StoredTraitDefinition>;
  templates: Map<string, StoredTemplate>;
  /** Every version of every journey, oldest first, by journey id. */
  journeys: Map<string, StoredJourney[]>;
}

/** Reads the workspace's definitions: a handful of small queries. */
export async function loadWorkspaceDefinitions(runtime: Pick<RuntimeContext, 'store'>, workspace: string): Promise<WorkspaceDefinitions> {
  const { store } = runtime;
  const [facts, segments, traits, templates, versions] = await Promise.all([
    loadWorkspaceFacts(runtime, workspace),
    listSegments(store, workspace, 'all'),
    store.collection<StoredTraitDefinition>(traitCollectionNames.definitions).find(workspace, {}, { sort: { id: 1 } }),
    listTemplates(store, workspace),
    store.collection<StoredJourney>(journeyCollectionNames.journeys).find(workspace, {}, { sort: { id: 1, version: 1 } }),
  ]);
  const journeys = new Map<string, StoredJourney[]>();
  for (const version of versions) journeys.set(version.id, [...(journeys.get(version.id) ?? []), version]);
  return {
    facts,
    segments: new Map(segments.map((segment) => [segment.id, segment])),
    traits: new Map(traits.map((trait) => [trait.id, trait])),
    templates: new Map(templates.map((template) => [template.id, template])),
    journeys,
  };
}

/** The context a pack is checked in when it goes into this workspace. */
export function toPackContext(current: WorkspaceDefinitions, keep: PackContext['keep'] = {}): PackContext {
  const active = [...current.segments.values()].filter((segment) => segment.status === 'active');
  return {
    catalogue: current.facts.catalogue,
    segments: new Map(active.map((segment) => [segment.id, { name: segment.name, references: segment.references }])),
    templates: createTemplateLibrary(current.templates.values()),
    keep,
  };
}
