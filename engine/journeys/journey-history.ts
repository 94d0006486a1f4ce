import type { CustomerJourneyHistory } from '../../schemas/types';
import type { StoragePort, StoredDocument, WriteOp } from '../store/index';
import { journeyCollectionNames } from './journey-collections';
import type { JourneyInstance, PathEntry } from './journey-instance';

/** Steps per history document: each step rewrites its document in the log, so they stay small. */
export const historyChunkSteps = 20;

/** History documents kept per instance: 200 older steps; a loop that runs for years drops its oldest. */
export const historyChunks = 10;

/** Runs of one journey a customer's history shows, newest first. */
export const historyInstanceLimit = 50;

/**
 * Steps of an instance that outgrew the recent path it keeps (`journey_paths`), in documents of
 * `historyChunkSteps`: `_id` is `<instance _id>.<chunk>`, and chunk `n` holds the instance's steps
 * `n × historyChunkSteps` onwards, oldest first. The instance and its presence keep only the last few
 * steps, so a waiting customer stays small (tests/journeys/instance-size.test.ts); the whole path is
 * these steps, then the instance's `path`.
 */
export interface InstanceHistory extends StoredDocument {
  instanceId: string;
  journeyId: string;
  chunk: number;
  steps: PathEntry[];
}

const chunkId = (instanceId: string, chunk: number): string => `${instanceId}.${chunk}`;

/**
 * The writes that keep steps an instance's path no longer holds, committed with the instance: pushed to
 * the chunk each belongs to, and a chunk past `historyChunks` deleted when a new one starts. None when
 * no step was dropped (a run of a few states never writes one). `instance.steps` counts every step,
 * these included.
 */
export function historyWrites(instance: Pick<JourneyInstance, '_id' | 'journeyId' | 'steps' | 'path'>, dropped: readonly PathEntry[]): WriteOp[] {
  const writes: WriteOp[] = [];
  const first = instance.steps - instance.path.length - dropped.length;
  for (let offset = 0; offset < dropped.length; ) {
    const index = first + offset;
    const chunk = Math.floor(index / historyChunkSteps);
    const count = Math.min(dropped.length - offset, (chunk + 1) * historyChunkSteps - index);
    writes.push({
      collection: journeyCollectionNames.paths,
      op: 'update',
      filter: { _id: chunkId(instance._id, chunk) },
      update: { $push: { steps: { $each: dropped.slice(offset, offset + count) } }, $setOnInsert: { instanceId: instance._id, journeyId: instance.journeyId, chunk } },
      upsert: true,
    });
    if (index % historyChunkSteps === 0 && chunk >= historyChunks) {
      writes.push({ collection: journeyCollectionNames.paths, op: 'delete', filter: { _id: chunkId(instance._id, chunk - historyChunks) } });
    }
    offset += count;
  }
  return writes;
}

/** A stored path entry: `[state, at]`, or `{ state, at }` in instance documents written before that form. */
function toStep(entry: PathEntry | { state: string; at: string }): { state: string; at: string } {
  return Array.isArray(entry) ? { state: entry[0], at: entry[1] } : { state: entry.state, at: entry.at };
}

/**
 * A customer's instances of one journey, newest first (at most `historyInstanceLimit`; `more` says
 * when there are others), each with its whole path: the older steps its history holds, then its recent
 * ones. `pathComplete` is false when steps are missing: dropped past `historyChunks`, or taken before
 * histories were kept.
 */
export async function readJourneyHistory(store: StoragePort, workspace: string, customerId: string, journeyId: string): Promise<CustomerJourneyHistory> {
  const found = await store
    .collection<JourneyInstance>(journeyCollectionNames.instances)
    .find(workspace, { customerId, journeyId }, { sort: { enteredAt: -1, _id: -1 }, limit: historyInstanceLimit + 1 });
  const instances = found.slice(0, historyInstanceLimit);
  const chunkIds = instances.flatMap((instance) => {
    const older = (instance.steps ?? 0) - (instance.path ?? []).length;
    if (older <= 0) return [];
    const last = Math.floor((older - 1) / historyChunkSteps);
    return Array.from({ length: Math.min(last + 1, historyChunks) }, (_, i) => chunkId(instance._id, last - i));
  });
  const chunks = chunkIds.length === 0 ? [] : await store.collection<InstanceHistory>(journeyCollectionNames.paths).find(workspace, { _id: { $in: chunkIds } }, { sort: { chunk: 1 } });
  const olderSteps = new Map<string, PathEntry[]>();
  for (const chunk of chunks) olderSteps.set(chunk.instanceId, [...(olderSteps.get(chunk.instanceId) ?? []), ...chunk.steps]);
  return {
    journeyId,
    instances: instances.map((instance) => {
      const path = [...(olderSteps.get(instance._id) ?? []), ...(instance.path ?? [])].map(toStep);
      const steps = instance.steps ?? path.length;
      return {
        instanceId: instance._id,
        version: instance.version,
        status: instance.status,
        state: instance.state,
        enteredAt: instance.enteredAt,
        updatedAt: instance.updatedAt,
        ...(instance.endedAt !== undefined ? { endedAt: instance.endedAt } : {}),
        ...(instance.endReason !== undefined ? { endReason: instance.endReason } : {}),
        ...(instance.variant !== undefined ? { variant: instance.variant } : {}),
        ...(instance.holdout ? { holdout: true } : {}),
        ...(instance.convertedAt !== undefined ? { convertedAt: instance.convertedAt } : {}),
        steps,
        path,
        pathComplete: path.length === steps,
      };
    }),
    more: found.length > historyInstanceLimit,
  };
}
