import type { StoragePort } from '../store/index';
import type { JourneyEffect } from './journey-effect';
import type { MessageRecord } from './message-record';

/** One carried-out step, as a simulation (or a debugging tool) sees it. */
export interface ObservedStep {
  workspace: string;
  journeyId: string;
  version: number;
  instanceId: string;
  customerId: string;
  at: number;
  effects: readonly JourneyEffect[];
  messages: readonly MessageRecord[];
}

export type JourneyObserver = (step: ObservedStep) => void;

// Keyed by store, so a simulation's observer sees only its own volatile store. Observation only: no
// decision ever depends on it, so it cannot stop a second process from joining.
const observers = new WeakMap<StoragePort, JourneyObserver>();

/**
 * Calls `observer` with every step the effect executor carries out over `store`; returns a function
 * that detaches it. A step whose commit then conflicts and is retried is seen again, so use it where
 * commits do not race (simulations on a volatile store).
 */
export function observeJourneySteps(store: StoragePort, observer: JourneyObserver): () => void {
  observers.set(store, observer);
  return () => {
    if (observers.get(store) === observer) observers.delete(store);
  };
}

/** Tells the store's observer, if any, about a step. */
export function reportJourneyStep(store: StoragePort, step: ObservedStep): void {
  observers.get(store)?.(step);
}
