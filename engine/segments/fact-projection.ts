/**
 * Projections that read only the facts a condition uses, so MongoDB sends (and the embedded store
 * copies) a few fields per customer instead of whole documents.
 */

/** Paths without those whose ancestor is also listed (MongoDB refuses overlapping projection paths). */
export function withoutNestedPaths(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort();
  return sorted.filter((path) => !sorted.some((other) => other !== path && path.startsWith(`${other}.`)));
}

/** An inclusion projection of the given fact paths plus `extra` fields. */
export function createFactProjection(facts: readonly string[], extra: readonly string[] = []): Record<string, 1> {
  const projection: Record<string, 1> = {};
  for (const path of withoutNestedPaths([...facts, ...extra])) projection[path] = 1;
  return projection;
}
