import type { StoredEvent } from '../../schemas/types';
import type { Filter, StoragePort } from '../store/index';
import type { CompiledTrait } from './compiled-trait';
import { foldTraitEvents, type TraitStateRebuilder } from './computed-traits';
import type { TraitState } from './customer-trait-state';
import { traitCollectionNames } from './trait-collections';
import { firstDayOfWindow } from './trait-window';

/**
 * The filter over `events` that finds every event the traits could count at `now`: their names (track
 * events by name; page and screen calls when a trait counts "Page Viewed" / "Screen Viewed"), and —
 * when every trait has a window — nothing older than the widest window.
 */
export function eventFilterOf(traits: readonly CompiledTrait[], now: number): Filter {
  const names = [...new Set(traits.map((trait) => trait.event))].sort();
  const kinds: Filter[] = [{ type: 'track', event: { $in: names } }];
  if (names.includes('Page Viewed')) kinds.push({ type: 'page' });
  if (names.includes('Screen Viewed')) kinds.push({ type: 'screen' });
  const filter: Filter = kinds.length === 1 ? { ...kinds[0] } : { $or: kinds };
  if (traits.length > 0 && traits.every((trait) => trait.windowDays !== null)) {
    const widest = Math.max(...traits.map((trait) => trait.windowDays as number));
    filter.timestamp = { $gte: `${firstDayOfWindow(now, widest)}T00:00:00.000Z` };
  }
  return filter;
}

/** A rebuilder that reads each customer's stored events (by the events' customerId index). */
export function createStoredEventRebuilder(store: StoragePort, workspace: string): TraitStateRebuilder {
  const events = store.collection<StoredEvent>(traitCollectionNames.events);
  return async (requests, now) => {
    const rebuilt = new Map<string, Record<string, TraitState>>();
    for (const { customerId, traits } of requests) {
      const stream = events.iterate(workspace, { ...eventFilterOf(traits, now), customerId });
      rebuilt.set(customerId, await foldTraitEvents(stream, traits, now));
    }
    return rebuilt;
  };
}
