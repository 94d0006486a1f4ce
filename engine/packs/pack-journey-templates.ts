import type { Journey } from '../../schemas/types';
import { readFrozenTemplates } from '../journeys/index';
import { createTemplateLibrary, type TemplateLibrary } from '../templates/index';

/**
 * The library a pack's journey is published with. A published or archived journey in a pack carries
 * frozen copies of its library templates — what the workspace it came from sends — and those win over
 * the library: the target's (or the pack's) template of the same id may have changed since, or be gone,
 * and publishing must not swap in other content. References without a frozen copy, and drafts (which
 * render the library), use the library.
 */
export function libraryForPackJourney(document: Journey, library: TemplateLibrary): TemplateLibrary {
  if (document.status === 'draft') return library;
  const frozen = readFrozenTemplates(document);
  if (frozen.size === 0) return library;
  return createTemplateLibrary([...library.values(), ...frozen.values()]);
}
