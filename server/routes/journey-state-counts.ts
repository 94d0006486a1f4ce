import { journeyCollectionNames, messageKinds, waitingKinds } from '../../engine/journeys/index';
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

/** The states whose visits every instance counts in its context (engine/journeys/journey-machine.ts). */
function isCountedState(state: JourneyState): boolean {
  return waitingKinds.has(state.kind) || messageKinds.has(state.kind) || (state.kind === 'split' && state.params.mode === 'random');
}

/** A path entry's state id: the instance document stores `[state, at]`; older documents `{ state, at }`. */
const pathState = { $cond: [{ $isArray: '$$step' }, { $arrayElemAt: ['$$step', 0] }, '$$step.state'] };

/**
 * Per state, the distinct customers who ever entered it and the total entries, over every instance of
 * the journey (all versions), in two aggregations in the store:
 *
 * - waiting, message and random-split states: exact, from the visit counts each instance's machine
 *   context keeps (`context.v`, used for timer tokens and idempotency keys);
 * - every other state (entry, exit, condition split, goal, actions): from the instances' recent path
 *   (`path`, the last few steps; its last step is the current state). Exact while no instance has
 *   taken more steps than its path keeps; otherwise a lower bound, marked `exact: false`. When every
 *   version that ran has the one entry state `sharedEntry`, its entries are counted exactly from the
 *   instances themselves (a renamed entry would count the older versions' entries twice).
 */
export async function countStateVisits(store: StoragePort, workspace: string, journeyId: string, states: readonly JourneyState[], sharedEntry: string | null): Promise<Map<string, StateVisitCount>> {
  const instances = store.collection(journeyCollectionNames.instances);
  const perCustomerThenState = (visits: unknown) => [
    { $group: { _id: { state: '$visited.state', customerId: '$customerId' }, visits: { $sum: visits } } },
    { $group: { _id: '$_id.state', customers: { $sum: 1 }, visits: { $sum: '$visits' } } },
  ];
  const [counted, pathed, [totals]] = await Promise.all([
    instances.aggregate<Row>(workspace, [
      { $match: { journeyId } },
      { $project: { customerId: 1, visited: { $objectToArray: { $ifNull: ['$context.v', { $ifNull: ['$snapshot.context.v', {}] }] } } } },
      { $unwind: '$visited' },
      { $project: { customerId: 1, visited: { state: '$visited.k', count: '$visited.v' } } },
      ...perCustomerThenState('$visited.count'),
    ]),
    instances.aggregate<Row>(workspace, [
      { $match: { journeyId } },
      { $project: { customerId: 1, visited: { $map: { input: { $ifNull: ['$path', []] }, as: 'step', in: { state: pathState } } } } },
      { $unwind: '$visited' },
      ...perCustomerThenState(1),
    ]),
    instances.aggregate<{ instances: number; customers: number; truncated: number }>(workspace, [
      { $match: { journeyId } },
      {
        $group: {
          _id: '$customerId',
          instances: { $sum: 1 },
          truncated: { $sum: { $cond: [{ $gt: ['$steps', { $size: { $ifNull: ['$path', []] } }] }, 1, 0] } },
        },
      },
      { $group: { _id: null, customers: { $sum: 1 }, instances: { $sum: '$instances' }, truncated: { $sum: '$truncated' } } },
    ]),
  ]);
  const exactVisits = new Map(counted.map((row) => [row._id, row]));
  const pathVisits = new Map(pathed.map((row) => [row._id, row]));
  const counts = new Map<string, StateVisitCount>();
  const ids = new Set([...states.map((state) => state.id), ...exactVisits.keys(), ...pathVisits.keys()]);
  for (const id of ids) {
    const exact = exactVisits.get(id);
    const definition = states.find((state) => state.id === id);
    if (exact || (definition && isCountedState(definition))) {
      counts.set(id, { customers: exact?.customers ?? 0, visits: exact?.visits ?? 0, exact: true });
    } else if (sharedEntry === id) {
      counts.set(id, { customers: totals?.customers ?? 0, visits: totals?.instances ?? 0, exact: true });
    } else {
      const seen = pathVisits.get(id);
      counts.set(id, { customers: seen?.customers ?? 0, visits: seen?.visits ?? 0, exact: (totals?.truncated ?? 0) === 0 });
    }
  }
  return counts;
}
