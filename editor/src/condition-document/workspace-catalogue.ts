import { findFact, type FactCatalogue as EngineCatalogue } from '../../../engine/rules/index';
import type { FactCatalogue, FactDescription } from '../../../schemas/types';

const converted = new WeakMap<FactCatalogue, EngineCatalogue>();

/**
 * The workspace catalogue GET /api/facts serves, as the engine's checkCondition takes it. It is the
 * same list of facts (the server builds the answer from it); only the `origin` of segment facts is
 * wider than the engine's type says. Converted once per answer, so the engine's index of it is too.
 */
export function toEngineCatalogue(catalogue: FactCatalogue): EngineCatalogue {
  let engine = converted.get(catalogue);
  if (!engine) {
    engine = { facts: catalogue.facts as unknown as EngineCatalogue['facts'] };
    converted.set(catalogue, engine);
  }
  return engine;
}

/** The catalogue entry covering a concrete fact path (exact, then `*`, then `**` patterns), or undefined. */
export function describeFact(catalogue: FactCatalogue, path: string): FactDescription | undefined {
  return findFact(toEngineCatalogue(catalogue), path) as FactDescription | undefined;
}
