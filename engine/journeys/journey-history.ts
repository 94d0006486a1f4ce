import type { CustomerJourneyHistory } from '../../schemas/types';
import type { StoragePort, StoredDocument, WriteOp } from '../store/index';
import { journeyCollectionNames } from './journey-collections';
import type { JourneyInstance, PathEntry } from './journey-instance';

/** Older steps an instance's history keeps; beyond, the oldest are dropped (a loop that runs for years). */
export const historyStepLimit = 1000;

/** Instances of one journey a customer's history shows, newest first. */
export const historyInstanceLimit = 50;

/**
 * The steps of an instance that outgrew the recent path it keeps (`journey_paths`, by the instance's
 * `_id`), oldest first. The instance and its presence keep only the last few steps, so a waiting
 * customer stays small (tests/journeys/instance-size.test.ts); the whole path is these steps, then the
 * instance's `path`.
 */
export interface InstanceHistory extends StoredDocument {
  journeyId: string;
  steps: PathEntry[];
}

/**
 * The write that keeps steps an instance's path no longer holds, committed with the instance; none when
 * no step was dropped (a journey of a few states never writes one).
 */
export function historyWrite(instance: Pick<JourneyInstance, '_id' | 'journeyId'>, dropped: readonly PathEntry[]): WriteOp[] {
  if (dropped.length === 0) return [];
  return [
    {
      collection: journeyCollectionNames.paths,
      op: 'update',
      filter: { _id: instance._id },
      update: { $push: { steps: { $each: dropped, $slice: -historyStepLimit } }, $setOnInsert: { journeyId: instance.journeyId } },
      upsert: true,
    },
  ];
}

/**
 * A customer's instances of one journey, newest first, each with its whole path: the older steps its
 * history holds, then its recent ones. `pathComplete` is false when steps are missing: dropped past
 * `historyStepLimit`, or taken before histories were kept.
 */
export async function readJourneyHistory(store: StoragePort, workspace: string, customerId: string, journeyId: string): Promise<CustomerJourneyHistory> {
  const instances = await store
    .collection<JourneyInstance>(journeyCollectionNames.instances)
    .find(workspace, { customerId, journeyId }, { sort: { enteredAt: -1, _id: -1 }, limit: historyInstanceLimit });
  const outgrown = instances.filter((instance) => instance.steps > instance.path.length).map((instance) => instance._id);
  const histories = outgrown.length === 0 ? [] : await store.collection<InstanceHistory>(journeyCollectionNames.paths).find(workspace, { _id: { $in: outgrown } });
  const olderSteps = new Map(histories.map((history) => [history._id, history.steps]));
  return {
    journeyId,
    instances: instances.map((instance) => {
      const path = [...(olderSteps.get(instance._id) ?? []), ...instance.path].map(([state, at]) => ({ state, at }));
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
        steps: instance.steps,
        path,
        pathComplete: path.length === instance.steps,
      };
    }),
  };
}
