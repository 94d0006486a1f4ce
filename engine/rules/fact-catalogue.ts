/**
 * The fact catalogue: every path a condition may use, with its type, a description and example
 * values. It is plain JSON (GET /api/facts serves it; the editor builds its field picker from it).
 *
 * Paths may hold wildcards: `*` stands for exactly one segment (`traits.event_counts.*`: any event
 * name) and a final `**` for one or more (`attributes.**`: any attribute nobody has declared). An exact
 * entry wins over `*` patterns, which win over `**` patterns; among patterns the one with more literal
 * segments wins.
 */
import { builtInFacts } from './builtin-facts';
import type { ElementType, FactType } from './fact-type';
import { parseFactPath } from './fact-path';
import { defaultConditionLimits, type ConditionLimits } from './condition-limits';
import { listOperators, type OperatorDescription } from './operator-table';

export interface FactDefinition {
  /** Dotted path, possibly with `*` / trailing `**` wildcards. */
  path: string;
  type: FactType;
  /** Element type of an array fact. */
  items?: ElementType;
  /** For `date` facts: a full timestamp or a calendar date. */
  format?: 'date-time' | 'date';
  description: string;
  /** Example values, for the editor's placeholders and value pickers. */
  examples: unknown[];
  /** The known values of an enumerated text fact (a picker, not a restriction). */
  values?: string[];
  /** `event` facts exist only while a triggering event is evaluated (journey triggers, branches, waits). */
  scope: 'customer' | 'event';
  origin: 'built-in' | 'custom-trait' | 'observed';
}

export interface FactCatalogue {
  facts: FactDefinition[];
}

/** A computed trait defined in a workspace, added to the catalogue as `traits.<id>`. */
export interface CustomTraitFact {
  id: string;
  type: Exclude<FactType, 'any'>;
  description?: string;
  examples?: unknown[];
  items?: ElementType;
  format?: 'date-time' | 'date';
}

/** An attribute key seen in a workspace's data (see observeAttributes). */
export interface ObservedAttribute {
  /** The full path, `attributes.plan` or `attributes.address.city`. */
  path: string;
  type: FactType;
  items?: ElementType;
  examples: unknown[];
}

export interface FactCatalogueOptions {
  /**
   * Whether attributes missing from the catalogue may still be used (typed by the condition, through
   * the `attributes.**` entry). Default true: a segment may be written before the first customer
   * carries the attribute (rule packs do this). Set false to accept only catalogued attributes.
   */
  openAttributes?: boolean;
}

/** The built-in catalogue: the customer document's fixed fields, built-in traits, common attributes, event facts. */
export function createFactCatalogue(options: FactCatalogueOptions = {}): FactCatalogue {
  const openAttributes = options.openAttributes ?? true;
  return {
    facts: builtInFacts()
      .filter((fact) => openAttributes || fact.path !== 'attributes.**')
      .map((fact) => ({ ...fact, examples: [...fact.examples], ...(fact.values ? { values: [...fact.values] } : {}) })),
  };
}

/**
 * A catalogue with a workspace's custom traits and observed attributes added. Entries already present
 * win (built-ins first), so data can never retype a built-in fact; a trait id that is not a valid path
 * segment is a bug in the trait definition and throws.
 */
export function extendFactCatalogue(
  catalogue: FactCatalogue,
  additions: { traits?: CustomTraitFact[]; attributes?: ObservedAttribute[] },
): FactCatalogue {
  const facts = [...catalogue.facts];
  const known = new Set(facts.map((fact) => fact.path));
  for (const trait of additions.traits ?? []) {
    const path = `traits.${trait.id}`;
    const parsed = parseFactPath(path);
    if (!parsed.ok || parsed.segments.length !== 2) throw new Error(`Custom trait id "${trait.id}" is not a valid fact path segment: it ${parsed.ok ? 'contains a dot' : parsed.reason}.`);
    if (known.has(path)) continue;
    known.add(path);
    facts.push({
      path,
      type: trait.type,
      description: trait.description ?? `Custom trait ${trait.id}.`,
      examples: trait.examples ?? [],
      ...(trait.items ? { items: trait.items } : {}),
      ...(trait.type === 'date' ? { format: trait.format ?? 'date-time' } : {}),
      scope: 'customer',
      origin: 'custom-trait',
    });
  }
  for (const attribute of additions.attributes ?? []) {
    if (!attribute.path.startsWith('attributes.') || known.has(attribute.path)) continue;
    if (!parseFactPath(attribute.path).ok) continue;
    known.add(attribute.path);
    facts.push({
      path: attribute.path,
      type: attribute.type,
      description: 'Seen in this workspace\'s customer attributes.',
      examples: attribute.examples,
      ...(attribute.items ? { items: attribute.items } : {}),
      scope: 'customer',
      origin: 'observed',
    });
  }
  return { facts };
}

interface PatternEntry {
  segments: string[];
  deep: boolean;
  literals: number;
  fact: FactDefinition;
}

interface CatalogueIndex {
  exact: Map<string, FactDefinition>;
  patterns: PatternEntry[];
}

const indexes = new WeakMap<FactCatalogue, CatalogueIndex>();

function indexCatalogue(catalogue: FactCatalogue): CatalogueIndex {
  let index = indexes.get(catalogue);
  if (index) return index;
  index = { exact: new Map(), patterns: [] };
  for (const fact of catalogue.facts) {
    const segments = fact.path.split('.');
    if (!segments.some((segment) => segment === '*' || segment === '**')) {
      if (!index.exact.has(fact.path)) index.exact.set(fact.path, fact);
      continue;
    }
    const deep = segments[segments.length - 1] === '**';
    index.patterns.push({
      segments: deep ? segments.slice(0, -1) : segments,
      deep,
      literals: segments.filter((segment) => segment !== '*' && segment !== '**').length,
      fact,
    });
  }
  // Single-segment wildcards before deep ones; then the most literal segments first.
  index.patterns.sort((a, b) => Number(a.deep) - Number(b.deep) || b.literals - a.literals);
  indexes.set(catalogue, index);
  return index;
}

function matchesPattern(pattern: PatternEntry, segments: string[]): boolean {
  if (pattern.deep ? segments.length <= pattern.segments.length : segments.length !== pattern.segments.length) return false;
  return pattern.segments.every((segment, i) => segment === '*' || segment === segments[i]);
}

/** The catalogue entry that covers a concrete fact path, or `undefined`. */
export function findFact(catalogue: FactCatalogue, path: string): FactDefinition | undefined {
  const index = indexCatalogue(catalogue);
  const exact = index.exact.get(path);
  if (exact) return exact;
  const segments = path.split('.');
  return index.patterns.find((pattern) => matchesPattern(pattern, segments))?.fact;
}

/** The facts under a path prefix that the catalogue names explicitly (for "did you mean" hints). */
export function listNearbyFacts(catalogue: FactCatalogue, path: string, limit = 5): string[] {
  const parent = path.includes('.') ? path.slice(0, path.lastIndexOf('.') + 1) : '';
  const leaf = path.slice(parent.length).toLowerCase();
  const siblings = catalogue.facts.map((fact) => fact.path).filter((candidate) => candidate.startsWith(parent) && !candidate.includes('*'));
  const similar = siblings.filter((candidate) => {
    const name = candidate.slice(parent.length).toLowerCase();
    return name.includes(leaf) || leaf.includes(name) || name.slice(0, 3) === leaf.slice(0, 3);
  });
  return (similar.length > 0 ? similar : siblings).slice(0, limit);
}

/** What GET /api/facts answers: the catalogue, the operators and the limits, all plain JSON. */
export function describeConditionLanguage(catalogue: FactCatalogue, limits: ConditionLimits = defaultConditionLimits): {
  facts: FactDefinition[];
  operators: OperatorDescription[];
  limits: ConditionLimits;
} {
  return { facts: catalogue.facts, operators: listOperators(), limits: { ...limits } };
}
