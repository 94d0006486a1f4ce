import type { EntryState } from '../../schemas/types';
import type { StoragePort } from '../store/index';
import { journeyCollectionNames } from './journey-collections';
import { journeyVersionKey } from './journey-document';
import { segmentEnteredEvent, segmentExitedEvent } from './journey-event';
import { compileJourney, type CompiledJourney } from './journey-machine';
import type { JourneyRuntime } from './journey-runtime';
import { catalogDocumentId, journeyDocumentId, toJourneyDocument, type JourneyCatalogDocument, type StoredJourney } from './stored-journey';

/** An entry state customers come in by on a given event. */
export interface EntryRoute {
  compiled: CompiledJourney;
  entry: EntryState;
}

/** The journeys new customers can enter now, indexed for the ingestion stage. */
export interface LiveJourneys {
  revision: number;
  /** The request time (`now`) this index was last confirmed current for. */
  checkedAt: number | null;
  /** The live (highest published) version of each journey. */
  byJourney: Map<string, CompiledJourney>;
  /** Entry states by the event name that triggers them (segment triggers under Segment Entered / Exited). */
  byEvent: Map<string, EntryRoute[]>;
}

/** Compiled versions kept per store; published versions never change, so entries never go stale. */
const compiledLimit = 1000;
const compiledByStore = new WeakMap<StoragePort, Map<string, CompiledJourney>>();
const liveByStore = new WeakMap<StoragePort, Map<string, LiveJourneys>>();

function cacheOf<T>(caches: WeakMap<StoragePort, Map<string, T>>, store: StoragePort): Map<string, T> {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  return cache;
}

function compileCached(store: StoragePort, workspace: string, stored: StoredJourney): CompiledJourney {
  const cache = cacheOf(compiledByStore, store);
  const key = `${workspace}/${journeyVersionKey(stored.id, stored.version)}`;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = compileJourney(toJourneyDocument(stored));
    if (cache.size >= compiledLimit) cache.delete(cache.keys().next().value!);
    cache.set(key, compiled);
  }
  return compiled;
}

/**
 * A published or archived journey version, compiled (cached by journey id and version). Drafts give
 * null: nobody runs in a draft, and a draft may still change.
 */
export async function loadCompiledJourney(runtime: JourneyRuntime, workspace: string, journeyId: string, version: number): Promise<CompiledJourney | null> {
  const cached = peekCompiledJourney(runtime.store, workspace, journeyId, version);
  if (cached) return cached;
  const stored = await runtime.store.collection<StoredJourney>(journeyCollectionNames.journeys).findOne(workspace, { _id: journeyDocumentId(workspace, journeyId, version) });
  if (!stored || stored.status === 'draft') return null;
  return compileCached(runtime.store, workspace, stored);
}

/** A version this process has compiled already, without a read; undefined when it has not (loadCompiledJourney loads it). */
export function peekCompiledJourney(store: StoragePort, workspace: string, journeyId: string, version: number): CompiledJourney | undefined {
  return compiledByStore.get(store)?.get(`${workspace}/${journeyVersionKey(journeyId, version)}`);
}

/** The event name an entry trigger listens on, or null for schedule and API entries. */
function triggerEventName(entry: EntryState): string | null {
  const trigger = entry.params.trigger;
  if (trigger.type === 'event') return trigger.event;
  if (trigger.type === 'segment-entered') return segmentEnteredEvent;
  if (trigger.type === 'segment-exited') return segmentExitedEvent;
  return null;
}

/** The workspace's journey catalog revision now (null before the first publish). */
export async function readCatalogRevision(runtime: JourneyRuntime, workspace: string): Promise<number | null> {
  const catalog = await runtime.store.collection<JourneyCatalogDocument>(journeyCollectionNames.catalog).findOne(workspace, { _id: catalogDocumentId(workspace) });
  return catalog?.revision ?? null;
}

/**
 * The live journeys of a workspace. Cached per process and revalidated by reading one small catalog
 * document, whose revision every publish and archive bumps in the same commit — so a journey
 * published by another process is live here from the next request on. Calls with the same `now` (the
 * events of one ingestion request share their receive time) check once: a request sees one catalog.
 */
export async function loadLiveJourneys(runtime: JourneyRuntime, workspace: string, now?: number): Promise<LiveJourneys> {
  const cache = cacheOf(liveByStore, runtime.store);
  const cached = cache.get(workspace);
  if (cached && now !== undefined && cached.checkedAt === now) return cached;
  const revision = (await readCatalogRevision(runtime, workspace)) ?? 0;
  if (cached && cached.revision === revision) {
    cached.checkedAt = now ?? null;
    return cached;
  }

  const published = await runtime.store.collection<StoredJourney>(journeyCollectionNames.journeys).find(workspace, { status: 'published' });
  const latest = new Map<string, StoredJourney>();
  for (const stored of published) {
    const current = latest.get(stored.id);
    if (!current || stored.version > current.version) latest.set(stored.id, stored);
  }
  const byJourney = new Map<string, CompiledJourney>();
  const byEvent = new Map<string, EntryRoute[]>();
  for (const stored of [...latest.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    const compiled = compileCached(runtime.store, workspace, stored);
    byJourney.set(stored.id, compiled);
    for (const entry of compiled.graph.entries) {
      const name = triggerEventName(entry);
      if (name === null) continue;
      if (!byEvent.has(name)) byEvent.set(name, []);
      byEvent.get(name)!.push({ compiled, entry });
    }
  }
  const live: LiveJourneys = { revision, checkedAt: now ?? null, byJourney, byEvent };
  cache.set(workspace, live);
  return live;
}

/** Drops this process's live index of a workspace (after publishing or archiving here). */
export function forgetLiveJourneys(store: StoragePort, workspace: string): void {
  liveByStore.get(store)?.delete(workspace);
}
