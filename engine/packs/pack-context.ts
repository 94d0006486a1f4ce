import { createFactCatalogue, type FactCatalogue } from '../rules/index';
import { createTemplateLibrary, type TemplateCustomer, type TemplateLibrary } from '../templates/index';
import type { Clock } from '../time/index';

/** The kinds of definitions a pack holds, as its arrays name them. */
export const packKinds = ['segments', 'traits', 'journeys', 'templates'] as const;
export type PackKind = (typeof packKinds)[number];

/** What a pack is checked against: the workspace it goes into, or nothing (offline). */
export interface PackContext {
  /**
   * The catalogue conditions are checked against before the pack's own traits are added: the
   * built-in one offline, the workspace's (its custom traits and observed attributes) online.
   */
  catalogue: FactCatalogue;
  /** The workspace's active segments, with the segments each one reads (for the cycle check). */
  segments: ReadonlyMap<string, { name: string; references: readonly string[] }>;
  /** The workspace's template library. */
  templates: TemplateLibrary;
  /**
   * Ids whose workspace definition stays (an import with onConflict "skip"): the pack's own is still
   * checked, but the pack's journeys and segments are checked against the workspace's.
   */
  keep?: Partial<Record<'segments' | 'traits' | 'templates', ReadonlySet<string>>>;
  /** The customer templates are rendered against; default journeys' sample customer. */
  sampleCustomer?: TemplateCustomer;
  /** The "now" templates render with; default the system clock. */
  clock?: Clock;
}

/**
 * The context of an offline check (`wayfarer pack validate FILE`): the built-in fact catalogue and an
 * empty workspace, so every reference must resolve inside the pack.
 */
export function createOfflinePackContext(): PackContext {
  return { catalogue: createFactCatalogue(), segments: new Map(), templates: createTemplateLibrary([]) };
}
