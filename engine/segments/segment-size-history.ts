import type { SegmentSizes } from '../../schemas/types';
import type { RuntimeContext } from '../runtime/index';
import type { StoragePort } from '../store/index';
import { loadLiveSegments } from './live-segments';
import { segmentCollectionNames } from './segment-collections';

export type SizeReason = SegmentSizes['points'][number]['reason'];

/** One size point as stored. */
export interface SegmentSizeDocument {
  _id: string;
  workspace: string;
  segmentId: string;
  version: number;
  at: string;
  size: number;
  reason: SizeReason;
}

const hourMilliseconds = 3_600_000;
/** The longest range one size-history answer covers (a point an hour for a year is 8,760 points). */
export const maxSizeRangeMilliseconds = 366 * 24 * hourMilliseconds;

/** How many customers are in a segment now (the `segments` index answers it). */
export async function countSegmentMembers(store: StoragePort, workspace: string, segmentId: string): Promise<number> {
  return store.collection(segmentCollectionNames.customers).count(workspace, { segments: segmentId });
}

/** Counts the members and records a size point; returns the size. */
export async function recordSegmentSize(store: StoragePort, workspace: string, segment: { id: string; version: number }, reason: SizeReason, now: number): Promise<number> {
  const size = await countSegmentMembers(store, workspace, segment.id);
  const at = new Date(now).toISOString();
  // One point per segment version, instant and reason: a later recompute in the same millisecond replaces it.
  const _id = `${workspace}/${segment.id}/${segment.version}/${at}/${reason}`;
  await store.collection<SegmentSizeDocument>(segmentCollectionNames.sizes).replaceOne(workspace, { _id }, { _id, segmentId: segment.id, version: segment.version, at, size, reason }, { upsert: true });
  return size;
}

/**
 * The hourly size job: records the size of every active segment once per clock hour. The point's id
 * is the hour, so several processes running the job record it once, and a job run every few minutes
 * costs one lookup per segment until the next hour starts.
 */
export async function recordHourlySegmentSizes(runtime: Pick<RuntimeContext, 'store'>, workspace: string, now: number): Promise<number> {
  const { store } = runtime;
  const live = await loadLiveSegments(runtime, workspace);
  const hour = new Date(Math.floor(now / hourMilliseconds) * hourMilliseconds).toISOString();
  const sizes = store.collection<SegmentSizeDocument>(segmentCollectionNames.sizes);
  let recorded = 0;
  for (const segment of live.ordered) {
    const _id = `${workspace}/${segment.id}/hourly/${hour}`;
    if (await sizes.findOne(workspace, { _id })) continue;
    const size = await countSegmentMembers(store, workspace, segment.id);
    const inserted = await sizes.insertOne(workspace, { _id, segmentId: segment.id, version: segment.version, at: new Date(now).toISOString(), size, reason: 'hourly' });
    if (inserted.ok) recorded++;
  }
  return recorded;
}

/** A segment's size points between two instants (inclusive), oldest first. */
export async function listSegmentSizes(store: StoragePort, workspace: string, segmentId: string, from: string, to: string): Promise<SegmentSizes> {
  const points = await store
    .collection<SegmentSizeDocument>(segmentCollectionNames.sizes)
    .find(workspace, { segmentId, at: { $gte: from, $lte: to } }, { sort: { at: 1 }, projection: { at: 1, size: 1, reason: 1, version: 1 } });
  return { segmentId, from, to, points: points.map(({ at, size, reason, version }) => ({ at, size, reason, version })) };
}
