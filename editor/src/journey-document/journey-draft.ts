import type { Journey } from '../../../schemas/types';

/**
 * A new journey as the editor starts it: an event entry, an exit, and nothing between them yet, so
 * the first thing the validation says is what to connect.
 */
export function createJourneyDraft(id: string, name: string): Journey {
  return {
    id,
    name,
    version: 1,
    status: 'draft',
    states: [
      { id: 'entry', kind: 'entry', label: 'Entry', stage: 'acquire', position: { x: 0, y: 0 }, params: { trigger: { type: 'event', event: 'Signed Up' } } },
      { id: 'exit', kind: 'exit', label: 'Exit', stage: 'acquire', position: { x: 640, y: 0 } },
    ],
    transitions: [],
    settings: { reentry: { policy: 'never' } },
  };
}
