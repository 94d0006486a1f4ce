import type { AttributeRenderFailure } from './attribute-templates';

/**
 * What a journey step asks the runtime to do. `stepJourney` decides and returns these; the effect
 * executor (effect-executor.ts) is the one place that carries them out. The union is closed: a new
 * kind of effect is added here and handled there, and the compiler's exhaustiveness check makes sure
 * of it.
 */
export type JourneyEffect =
  /** The instance entered a state (the `visit`-th time): extends the path taken. */
  | { kind: 'enter-state'; state: string; visit: number; at: number }
  /** A delay or wait timeout: a timer record due at `dueAt` that sends `{ state, visit }` back in. */
  | { kind: 'start-timer'; state: string; visit: number; dueAt: number; purpose: 'delay' | 'timeout' }
  /** The instance left a waiting state before (or as) its timer fired: delete the timer record. */
  | { kind: 'cancel-timer'; state: string; visit: number }
  /** A message for the outbox (send, webhook and task states); suppression is decided when planned. */
  | { kind: 'send-message'; state: string; visit: number }
  /**
   * Attribute changes already applied to the step's customer; persisted with the customer document.
   * `set` holds the rendered values; `failed` the values whose template did not render (left unchanged).
   */
  | { kind: 'update-attributes'; state: string; set: Record<string, unknown>; unset: string[]; failed?: AttributeRenderFailure[] }
  | { kind: 'change-tags'; state: string; add: string[]; remove: string[] }
  /** `balance` is null when the stored balance is not a number; `why` says why a change was not applied. */
  | { kind: 'change-loyalty-points'; state: string; operation: 'award' | 'redeem'; points: number; applied: boolean; balance: number | null; why?: string; reason?: string }
  | { kind: 'set-lifecycle-stage'; state: string; stage: string }
  /** The customer reached a goal (counted once per goal and instance). */
  | { kind: 'record-conversion'; goal: string; at: number }
  /** An A/B split assigned the instance to a variant (and maybe its holdout). */
  | { kind: 'assign-variant'; state: string; variant: string; holdout: boolean }
  /** The instance finished: it reached an exit or ending goal (`completed`) or was exited early (`exited`). */
  | { kind: 'end-instance'; status: 'completed' | 'exited'; reason: string };

export type JourneyEffectKind = JourneyEffect['kind'];
