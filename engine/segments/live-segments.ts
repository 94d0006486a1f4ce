import { compileCondition, type CustomerCompiledCondition } from '../rules/index';
import type { StoragePort } from '../store/index';
import { segmentCollectionNames } from './segment-collections';
import { orderByReferences } from './segment-references';
import { segmentCatalogId, type SegmentCatalogDocument, type StoredSegment } from './stored-segment';

/** An active segment, compiled and indexed for evaluation. */
export interface LiveSegment {
  /** Position in `LiveSegments.ordered`. */
  position: number;
  id: string;
  name: string;
  version: number;
  compiled: CustomerCompiledCondition;
  /** The parts of the customer document whose change can change the answer (see watchKeyOf). */
  watches: readonly string[];
  /** Other segments it reads; re-evaluated when their membership changes. */
  references: readonly string[];
  dependsOnTime: boolean;
  /** Reads something that changes on every write or after this stage (`updatedAt`, `journeys.*`). */
  alwaysEvaluate: boolean;
}

/** The active segments of a workspace, ordered so each comes after the segments it reads. */
export interface LiveSegments {
  revision: number;
  ordered: readonly LiveSegment[];
  byId: ReadonlyMap<string, LiveSegment>;
  /** The segments whose membership follows the clock. */
  timeDependent: readonly LiveSegment[];
  /** Positions of the segments watching each watch key. */
  byWatchKey: ReadonlyMap<string, readonly number[]>;
  /** Positions of the segments reading each segment's membership. */
  readersOf: ReadonlyMap<string, readonly number[]>;
  /** Positions of the segments evaluated on every event (`updatedAt`, `journeys`). */
  alwaysEvaluated: readonly number[];
}

/**
 * The part of the customer document a fact lives in, at the granularity the segments stage compares
 * before/after: `traits.rfm.r` → `traits.rfm`, `attributes.address.city` → `attributes.address`,
 * `userId` → `userId`. Membership facts (`segments`, `segmentsEnteredAt.*`) are followed through
 * references instead.
 */
export function watchKeyOf(fact: string): string {
  const segments = fact.split('.');
  return segments.length === 1 ? segments[0] : `${segments[0]}.${segments[1]}`;
}

const membershipRoots = new Set(['segments', 'segmentsEnteredAt']);
/** Facts the stage cannot see change: `updatedAt` moves on every write, `journeys` after this stage. */
const volatileRoots = new Set(['updatedAt', 'journeys']);

/** Compiled versions per store; a saved version never changes, so entries never go stale. */
const compiledLimit = 2000;
const compiledByStore = new WeakMap<StoragePort, Map<string, CustomerCompiledCondition>>();
const liveByStore = new WeakMap<StoragePort, Map<string, LiveSegments>>();

function cacheOf<T>(caches: WeakMap<StoragePort, Map<string, T>>, store: StoragePort): Map<string, T> {
  let cache = caches.get(store);
  if (!cache) caches.set(store, (cache = new Map()));
  return cache;
}

/** The compiled condition of one segment version (cached by workspace, id and version). */
export function compileSegmentVersion(store: StoragePort, workspace: string, segment: Pick<StoredSegment, 'id' | 'version' | 'conditions'>): CustomerCompiledCondition {
  const cache = cacheOf(compiledByStore, store);
  const key = `${workspace}/${segment.id}@${segment.version}`;
  let compiled = cache.get(key);
  if (!compiled) {
    compiled = compileCondition(segment.conditions, { scope: 'customer' }) as CustomerCompiledCondition;
    if (cache.size >= compiledLimit) cache.delete(cache.keys().next().value!);
    cache.set(key, compiled);
  }
  return compiled;
}

/** Builds the live set from stored definitions. */
export function buildLiveSegments(store: StoragePort, workspace: string, revision: number, stored: readonly StoredSegment[]): LiveSegments {
  const live = stored
    .filter((segment) => segment.status === 'active')
    .map((segment): Omit<LiveSegment, 'position'> => {
      const compiled = compileSegmentVersion(store, workspace, segment);
      const roots = compiled.facts.map((fact) => fact.split('.')[0]);
      return {
        id: segment.id,
        name: segment.name,
        version: segment.version,
        compiled,
        watches: [...new Set(compiled.facts.filter((fact) => !membershipRoots.has(fact.split('.')[0])).map(watchKeyOf))],
        references: segment.references,
        dependsOnTime: compiled.dependsOnTime,
        alwaysEvaluate: roots.some((root) => volatileRoots.has(root)),
      };
    });
  const ordered: LiveSegment[] = orderByReferences(live).map((segment, position) => ({ ...segment, position }));
  const byWatchKey = new Map<string, number[]>();
  const readersOf = new Map<string, number[]>();
  const append = (map: Map<string, number[]>, key: string, position: number): void => {
    const list = map.get(key);
    if (list) list.push(position);
    else map.set(key, [position]);
  };
  for (const segment of ordered) {
    for (const key of segment.watches) append(byWatchKey, key, segment.position);
    for (const id of segment.references) append(readersOf, id, segment.position);
  }
  return {
    revision,
    ordered,
    byId: new Map(ordered.map((segment) => [segment.id, segment])),
    timeDependent: ordered.filter((segment) => segment.dependsOnTime),
    byWatchKey,
    readersOf,
    alwaysEvaluated: ordered.filter((segment) => segment.alwaysEvaluate).map((segment) => segment.position),
  };
}

/**
 * The active segments of a workspace. Cached per process and revalidated on every call by reading the
 * one small catalog document whose revision every definition change bumps in the same commit — so a
 * segment saved by another process is evaluated here from the next event on.
 */
export async function loadLiveSegments(runtime: { store: StoragePort }, workspace: string): Promise<LiveSegments> {
  const { store } = runtime;
  const catalog = await store.collection<SegmentCatalogDocument>(segmentCollectionNames.catalog).findOne(workspace, { _id: segmentCatalogId(workspace) });
  const revision = catalog?.revision ?? 0;
  const cache = cacheOf(liveByStore, store);
  const cached = cache.get(workspace);
  if (cached && cached.revision === revision) return cached;
  const stored = revision === 0 ? [] : await store.collection<StoredSegment>(segmentCollectionNames.segments).find(workspace, { status: 'active' });
  const live = buildLiveSegments(store, workspace, revision, stored);
  cache.set(workspace, live);
  return live;
}
