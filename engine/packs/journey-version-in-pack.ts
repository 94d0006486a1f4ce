import type { StoredJourney } from '../journeys/index';

/**
 * The version of a journey a pack carries: what the workspace runs — its live (highest published)
 * version when it has one, so an unfinished draft on top never replaces it in the pack — else its
 * latest version (a journey only ever drafted: its latest draft; an archived one: its latest, which
 * an export leaves out unless named). An import compares the pack's journey with this same version,
 * so importing a workspace's export back into it changes nothing.
 */
export function versionInPack(versions: readonly StoredJourney[]): StoredJourney | null {
  const live = versions.findLast((version) => version.status === 'published');
  return live ?? versions.at(-1) ?? null;
}
