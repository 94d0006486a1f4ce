import type { FactCatalogue as FactCatalogueAnswer } from '../../schemas/types';
import {
  createFactCatalogue,
  describeConditionLanguage,
  extendFactCatalogue,
  observeAttributes,
  type CustomTraitFact,
  type FactCatalogue,
} from '../rules/index';
import type { RuntimeContext } from '../runtime/index';
import { loadCustomTraitFacts } from '../traits/index';
import { segmentCollectionNames } from './segment-collections';
import type { StoredSegment } from './stored-segment';

/** How many customers' attributes are sampled for the observed attribute keys. */
export const observedAttributeSample = 1000;

export interface WorkspaceFactOptions {
  /** The workspace's custom trait definitions, catalogued as `traits.<id>`; default: read by engine/traits. */
  customTraits?: CustomTraitFact[];
}

/** The fact catalogue of one workspace, and the segments it can refer to. */
export interface WorkspaceFacts {
  catalogue: FactCatalogue;
  segments: Array<{ id: string; name: string }>;
}

/**
 * The catalogue conditions of a workspace are checked against: the built-in facts, the workspace's
 * custom traits (engine/traits), the attribute keys seen in a sample of its customers (so a condition cannot use
 * `attributes.plan` as a number where the data holds text), and its active segment ids as the known
 * values of `segments`. Read fresh on every call: it is one small query per collection.
 */
export async function loadWorkspaceFacts(runtime: Pick<RuntimeContext, 'store'>, workspace: string, options: WorkspaceFactOptions = {}): Promise<WorkspaceFacts> {
  const { store } = runtime;
  const [sample, segments, customTraits] = await Promise.all([
    store.collection<{ _id: string; workspace: string; attributes?: unknown }>(segmentCollectionNames.customers).find(workspace, {}, { limit: observedAttributeSample, projection: { attributes: 1 } }),
    store.collection<StoredSegment>(segmentCollectionNames.segments).find(workspace, { status: 'active' }, { projection: { id: 1, name: 1 } }),
    options.customTraits ?? loadCustomTraitFacts(store, workspace),
  ]);
  const listed = segments.map((segment) => ({ id: segment.id, name: segment.name })).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const extended = extendFactCatalogue(createFactCatalogue(), { traits: customTraits, attributes: observeAttributes(sample) });
  const ids = listed.map((segment) => segment.id);
  const catalogue: FactCatalogue = {
    facts: extended.facts.map((fact) => (fact.path === 'segments' ? { ...fact, values: ids, examples: ids.length > 0 ? [ids.slice(0, 2)] : fact.examples } : fact)),
  };
  return { catalogue, segments: listed };
}

/**
 * What GET /api/facts answers: the workspace's catalogue and operators, plus one
 * `segmentsEnteredAt.<id>` entry per segment so the editor can offer "entered VIP within 7 days".
 */
export function describeWorkspaceFacts(facts: WorkspaceFacts): FactCatalogueAnswer {
  const language = describeConditionLanguage(facts.catalogue);
  const segmentFacts = facts.segments.map((segment) => ({
    path: `segmentsEnteredAt.${segment.id}`,
    type: 'date' as const,
    format: 'date-time' as const,
    description: `When the customer entered the segment "${segment.name}" (absent when not in it).`,
    examples: ['2024-03-01T09:30:00.000Z'],
    scope: 'customer' as const,
    origin: 'segment' as const,
  }));
  return { facts: [...language.facts, ...segmentFacts], operators: language.operators, limits: language.limits, segments: facts.segments };
}
