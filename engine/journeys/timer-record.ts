import type { StoredDocument } from '../store/index';

/** What a timer sends when it fires: a journey instance's delay or timeout, or a scheduled entry run. */
export type TimerEvent =
  | { type: 'timer'; journeyId: string; state: string; visit: number }
  | {
      type: 'schedule';
      journeyId: string;
      version: number;
      state: string;
      /**
       * What an `every` interval without an `anchor` counts from: the moment the version went live. A
       * month after 31 January is 29 February, and the next 31 March, not 29 March.
       */
      anchor?: string;
    };

/**
 * A due time in the store (`timers`). Journey delays never live in process timers: a worker claims
 * due records with a lease (`leaseOwner`, `leaseUntil`) and fires them (timer-worker.ts).
 */
export interface TimerRecord extends StoredDocument {
  /** The instance it belongs to; null for a scheduled entry run. */
  instanceId: string | null;
  customerId: string | null;
  dueAt: string;
  event: TimerEvent;
  leaseOwner: string | null;
  leaseUntil: string | null;
}

/** The `_id` of an instance's timer for one visit of a state: deterministic, so it can never be created twice. */
export function instanceTimerId(instanceId: string, state: string, visit: number): string {
  return `t_${instanceId}_${state}_${visit}`;
}

/** The `_id` of a journey's schedule timer for one scheduled entry state. */
export function scheduleTimerId(workspace: string, journeyId: string, state: string): string {
  return `${workspace}/schedule/${journeyId}/${state}`;
}
