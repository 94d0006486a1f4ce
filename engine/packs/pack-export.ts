import type { Journey, PackSegment, PackTemplate, RulePack, TraitDefinition } from '../../schemas/types';
import { createProblem, fail, ok, type ProblemDetail, type Result } from '../errors/index';
import { toJourneyDocument } from '../journeys/index';
import type { RuntimeContext } from '../runtime/index';
import type { StoredSegment } from '../segments/index';
import type { StoredTemplate } from '../templates/index';
import type { StoredTraitDefinition } from '../traits/index';
import { versionInPack } from './journey-version-in-pack';
import type { PackKind } from './pack-context';
import { loadWorkspaceDefinitions } from './workspace-definitions';

/** Which ids of each kind to export: a list, or undefined for all of them (an empty list: none). */
export type PackSelection = Partial<Record<PackKind, readonly string[]>>;

export interface PackExportOptions {
  name?: string;
  description?: string;
}

function toPackSegment(segment: StoredSegment): PackSegment {
  return { id: segment.id, name: segment.name, ...(segment.description ? { description: segment.description } : {}), conditions: segment.conditions };
}

function toPackTrait(trait: StoredTraitDefinition): TraitDefinition {
  return {
    id: trait.id,
    name: trait.name,
    ...(trait.description !== undefined ? { description: trait.description } : {}),
    event: trait.event,
    aggregation: trait.aggregation,
    ...(trait.property !== undefined ? { property: trait.property } : {}),
    ...(trait.filter !== undefined ? { filter: trait.filter as unknown as Record<string, unknown> } : {}),
    ...(trait.window_days !== undefined ? { window_days: trait.window_days } : {}),
    value_type: trait.value_type,
  };
}

function toPackTemplate(template: StoredTemplate): PackTemplate {
  return { id: template.id, name: template.name, ...(template.description ? { description: template.description } : {}), channel: template.channel, content: template.content };
}

/** The exportable definitions of one kind by id: active segments and traits, every template, and journeys whose carried version is not archived. */
function pick<T>(kind: PackKind, available: Map<string, T>, wanted: readonly string[] | undefined, details: ProblemDetail[]): T[] {
  if (wanted === undefined) return [...available.keys()].sort().map((id) => available.get(id)!);
  const found: T[] = [];
  for (const id of [...new Set(wanted)]) {
    const item = available.get(id);
    if (item === undefined) details.push({ pointer: `/${kind}`, message: `No ${kind.slice(0, -1)} "${id}" to export in this workspace.` });
    else found.push(item);
  }
  return found;
}

/**
 * The workspace's current definitions as a rule pack: what it runs — active segments and trait
 * definitions, every library template, and each journey's live version as it is stored, with its
 * frozen templates (`versionInPack`: a draft on top of a live version is work in progress, not what
 * runs; a journey only ever drafted carries its latest draft). `selection` narrows each kind to ids (unknown ids: `NOT_FOUND`). Exporting, then
 * importing into an empty workspace, then exporting again gives the same pack, but for `exportedAt`.
 *
 * @example await exportPack(runtime, workspace, { journeys: ['welcome-series'], segments: [] })
 */
export async function exportPack(runtime: Pick<RuntimeContext, 'store' | 'clock'>, workspace: string, selection: PackSelection = {}, options: PackExportOptions = {}): Promise<Result<RulePack>> {
  const current = await loadWorkspaceDefinitions(runtime, workspace);
  const details: ProblemDetail[] = [];
  const segments = pick('segments', new Map([...current.segments].filter(([, segment]) => segment.status === 'active')), selection.segments, details);
  const traits = pick('traits', new Map([...current.traits].filter(([, trait]) => trait.status === 'active')), selection.traits, details);
  const templates = pick('templates', current.templates, selection.templates, details);
  const carried = new Map([...current.journeys].map(([id, versions]) => [id, versionInPack(versions)!]));
  const journeys = pick('journeys', selection.journeys === undefined ? new Map([...carried].filter(([, version]) => version.status !== 'archived')) : carried, selection.journeys, details);
  if (details.length > 0) return fail(createProblem('NOT_FOUND', details));
  return ok({
    format: 'wayfarer.rule-pack',
    version: 1,
    name: options.name ?? 'Workspace export',
    ...(options.description !== undefined ? { description: options.description } : {}),
    exportedAt: new Date(runtime.clock.now()).toISOString(),
    segments: segments.map(toPackSegment),
    traits: traits.map(toPackTrait),
    journeys: journeys.map((version): Journey => toJourneyDocument(version)),
    templates: templates.map(toPackTemplate),
  });
}
