import { isCountedState, journeyCollectionNames } from '../../engine/journeys/index';
import type { StoragePort } from '../../engine/store/index';
import type { JourneyState } from '../../schemas/types';

/** How many customers ever entered a state, how often it was entered in all, and whether that is exact. */
export interface StateVisitCount {
  customers: number;
  visits: number;
  /** False when the counts are a lower bound (see countStateVisits). */
  exact: boolean;
}

interface Row {
  _id: string;
  customers: number;
  visits: number;
}

/** A path entry's state id: the instance document stores `[state, at]`; older documents `{ state, at }`. */
const pathState = { $cond: [{ $isArray: '$$step' }, { $arrayElemAt: ['$$step', 0] }, '$$step.state'] };

/** The machine's context of an instance document: `context`, or `snapshot.context` in older ones. */
const contextField = (field: string) => ({ $ifNull: [`$context.${field}`, `$snapshot.context.${field}`] });

/** Whether an instance counts every state's visits (`va`, engine/journeys/journey-machine.ts). */
const countsEveryState = { $eq: [contextField('va'), 1] };

/**
 * Per state, the distinct customers who ever entered it and the total entries, over every instance of
 * the journey (all versions), in the store:
 *
 * - from the visit counts each instance's machine context keeps (`context.v`): of every state in
 *   instances entered since every state is counted (`va`), and of waiting, message and random-split
 *   states in older ones. Exact.
 * - for the other states of older instances, from their recent path (`path`, the last few steps; its
 *   last step is the current state). Exact while no older instance has taken more steps than its path
 *   keeps; otherwise a lower bound, marked `exact: false`. When every version that ran has the one
 *   entry state `sharedEntry`, its entries are counted exactly from the instances themselves (a renamed
 *   entry would count the older versions' entries twice).
 *
 * A customer counts once per state however many instances took them there.
 */
export async function countStateVisits(store: StoragePort, workspace: string, journeyId: string, states: readonly JourneyState[], sharedEntry: string | null): Promise<Map<string, StateVisitCount>> {
  const instances = store.collection(journeyCollectionNames.instances);
  const [visited, [totals]] = await Promise.all([
    instances.aggregate<Row>(workspace, [
      { $match: { journeyId } },
      { $project: { customerId: 1, counts: { $objectToArray: { $ifNull: [contextField('v'), {}] } }, countsEvery: countsEveryState, path: { $ifNull: ['$path', []] } } },
      {
        $project: {
          customerId: 1,
          visited: {
            $concatArrays: [
              { $map: { input: '$counts', as: 'count', in: { state: '$$count.k', visits: '$$count.v' } } },
              {
                $cond: [
                  '$countsEvery',
                  [],
                  {
                    $map: {
                      input: { $filter: { input: { $map: { input: '$path', as: 'step', in: pathState } }, as: 'state', cond: { $not: [{ $in: ['$$state', '$counts.k'] }] } } },
                      as: 'state',
                      in: { state: '$$state', visits: 1 },
                    },
                  },
                ],
              },
            ],
          },
        },
      },
      { $unwind: '$visited' },
      { $group: { _id: { state: '$visited.state', customerId: '$customerId' }, visits: { $sum: '$visited.visits' } } },
      { $group: { _id: '$_id.state', customers: { $sum: 1 }, visits: { $sum: '$visits' } } },
    ]),
    instances.aggregate<{ instances: number; customers: number; truncated: number }>(workspace, [
      { $match: { journeyId } },
      {
        $group: {
          _id: '$customerId',
          instances: { $sum: 1 },
          truncated: { $sum: { $cond: [{ $and: [{ $not: [countsEveryState] }, { $gt: ['$steps', { $size: { $ifNull: ['$path', []] } }] }] }, 1, 0] } },
        },
      },
      { $group: { _id: null, customers: { $sum: 1 }, instances: { $sum: '$instances' }, truncated: { $sum: '$truncated' } } },
    ]),
  ]);
  const visits = new Map(visited.map((row) => [row._id, row]));
  const counts = new Map<string, StateVisitCount>();
  const ids = new Set([...states.map((state) => state.id), ...visits.keys()]);
  for (const id of ids) {
    const definition = states.find((state) => state.id === id);
    if (sharedEntry === id) {
      counts.set(id, { customers: totals?.customers ?? 0, visits: totals?.instances ?? 0, exact: true });
      continue;
    }
    const seen = visits.get(id);
    const exact = (definition !== undefined && isCountedState(definition)) || (totals?.truncated ?? 0) === 0;
    counts.set(id, { customers: seen?.customers ?? 0, visits: seen?.visits ?? 0, exact });
  }
  return counts;
}
