import type { Customer, JourneyPresence } from '../../schemas/types';
import { withFields, type StoredDocument } from '../store/index';
import type { JourneyMachineContext } from './journey-machine';
import type { CompactSnapshot, InstanceStatus } from './journey-step';

/** One step of the path an instance took, as the customer's presence shows it. */
export interface PathStep {
  state: string;
  at: string;
}

/** One step of the path as the instance document stores it: `[state, at]`, compact because it repeats. */
export type PathEntry = [state: string, at: string];

/**
 * A customer's run through one journey version (`journey_instances`). Kept small: a waiting instance
 * and its timer stay under 1 KB together (tests/journeys/instance-size.test.ts measures it).
 */
export interface JourneyInstance extends StoredDocument {
  journeyId: string;
  /** The version the customer entered; they finish on it even after newer versions are published. */
  version: number;
  customerId: string;
  status: InstanceStatus;
  /** The current state; with `context` it is the compact machine snapshot (see snapshotOf). */
  state: string;
  context: JourneyMachineContext;
  /** The last `instancePathLimit` steps as `[state, at]`; older ones are in its history (journey-history.ts); `steps` counts them all. */
  path: PathEntry[];
  steps: number;
  variant?: string;
  holdout?: boolean;
  enteredAt: string;
  updatedAt: string;
  endedAt?: string;
  endReason?: string;
  /** When the first goal was reached. */
  convertedAt?: string;
  /** Set when a scheduled run started this instance: the run's time. */
  scheduledAt?: string;
  /** Revision for optimistic concurrency (`mustMatch` on replace); each step that moves the instance adds one. */
  rev: number;
  /**
   * The revisions at which it ended and first converted. Messages carry the revision of the step that
   * made them (`instanceRev`), so the delivery checks can tell what happened after a message was made
   * even within one request, where every event has the same time (delivery-recheck.ts).
   */
  endedRev?: number;
  convertedRev?: number;
}

/**
 * The customer's `journeys` entry for their latest instance of a journey. It carries everything the
 * instance document does (compact context, revision, recent path), so the engine steps an instance
 * from the customer document alone: events of one request see the instance as earlier events of the
 * same request left it, and the customer's `version` guards the instance against concurrent writers.
 * `journey_instances` holds the same state for queries, reports and history.
 */
export interface InstancePresence extends JourneyPresence {
  status: InstanceStatus;
  context: JourneyMachineContext;
  rev: number;
  steps: number;
  path: PathStep[];
  endedAt?: string;
  endReason?: string;
  variant?: string;
  holdout?: boolean;
  convertedAt?: string;
  scheduledAt?: string;
  endedRev?: number;
  convertedRev?: number;
}

/** How many recent steps an instance (and its presence) keeps in `path`; older ones go to its history (journey-history.ts). */
export const instancePathLimit = 5;

/** Appends steps to a path, keeping the last `limit`; `dropped` are the older ones that no longer fit, oldest first. */
export function appendPath(path: readonly PathEntry[], steps: readonly PathEntry[], limit: number): { path: PathEntry[]; dropped: PathEntry[] } {
  const next = [...path, ...steps];
  return next.length > limit ? { path: next.slice(next.length - limit), dropped: next.slice(0, next.length - limit) } : { path: next, dropped: [] };
}

/** The machine snapshot an instance document holds. */
export function snapshotOf(instance: Pick<JourneyInstance, 'state' | 'context'>): CompactSnapshot {
  return { state: instance.state, context: instance.context };
}

/** The fields an instance and its presence carry only once they apply, copied between the two. */
const optionalInstanceFields = ['endedAt', 'endReason', 'variant', 'holdout', 'convertedAt', 'scheduledAt', 'endedRev', 'convertedRev'] as const;

/** The presence of an instance, for the customer's `journeys`. */
export function toPresence(instance: JourneyInstance): InstancePresence {
  const presence: InstancePresence = {
    instanceId: instance._id,
    version: instance.version,
    state: instance.state,
    status: instance.status,
    enteredAt: instance.enteredAt,
    updatedAt: instance.updatedAt,
    path: instance.path.map(([state, at]) => ({ state, at })),
    steps: instance.steps,
    context: instance.context,
    rev: instance.rev,
  };
  for (const key of optionalInstanceFields) {
    if (instance[key] !== undefined) (presence as unknown as Record<string, unknown>)[key] = instance[key];
  }
  return presence;
}

/** Whether a presence carries the instance state (written by this engine, not an older document). */
export function isInstancePresence(presence: JourneyPresence | undefined): presence is InstancePresence {
  return presence !== undefined && typeof presence.rev === 'number' && typeof presence.context === 'object' && presence.context !== null;
}

/** The customer's presence in a journey, if it carries instance state. */
export function readPresence(customer: Customer, journeyId: string): InstancePresence | undefined {
  const presence = customer.journeys[journeyId];
  return isInstancePresence(presence) ? presence : undefined;
}

/** The instance document a presence stands for. */
export function instanceFromPresence(presence: InstancePresence, owner: { workspace: string; journeyId: string; customerId: string }): JourneyInstance {
  const instance: JourneyInstance = {
    _id: presence.instanceId,
    workspace: owner.workspace,
    journeyId: owner.journeyId,
    version: presence.version,
    customerId: owner.customerId,
    status: presence.status,
    state: presence.state,
    context: presence.context,
    path: presence.path.map((step): PathEntry => [step.state, step.at]),
    steps: presence.steps,
    enteredAt: presence.enteredAt,
    updatedAt: presence.updatedAt ?? presence.enteredAt,
    rev: presence.rev,
  };
  for (const key of optionalInstanceFields) {
    if (presence[key] !== undefined) (instance as unknown as Record<string, unknown>)[key] = presence[key];
  }
  return instance;
}

/** The customer with one journey's presence replaced. */
export function withPresence(customer: Customer, journeyId: string, presence: InstancePresence): Customer {
  return { ...customer, journeys: withFields(customer.journeys, { [journeyId]: presence }) };
}
