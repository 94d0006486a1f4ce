import type { Customer, StoredEvent } from '../../schemas/types';
import type { RuntimeContext } from '../runtime/index';
import type { WriteOp } from '../store/index';
import type { RequestCache } from './request-cache';

/** What a stage sees for one event. */
export interface StageInput {
  workspace: string;
  /** The customer draft, with every earlier stage's change for this event already applied. */
  customer: Customer;
  /** The customer before this event entered the stages; `null` when the event created it. */
  before: Customer | null;
  event: StoredEvent;
  /** Milliseconds since the epoch, from the runtime's clock when the request arrived. */
  now: number;
  /** For what a stage reads once per request (its catalogue); absent outside ingestion requests. */
  cache?: RequestCache;
  /**
   * The customers this event's identity call (an identify with both ids, an alias) merged into
   * `customer`, as they were just before; only on that event. Their documents are deleted with the
   * commit and their events re-pointed: a stage that keeps per-customer state elsewhere moves or ends
   * it here.
   */
  merged?: readonly Customer[];
}

/** What a stage gives back: the next draft, writes for the same commit, and events it emits. */
export interface StageOutput {
  customer: Customer;
  /** Committed atomically with the event and the customer. */
  writes: WriteOp[];
  /**
   * Events that the LATER stages process like any other event (e.g. `Segment Entered`), once the
   * current event has been through every stage; they are stored with the request's commit. Give each a
   * deterministic `messageId`: it de-duplicates them. `_id`, `workspace` and `customerId` are filled in.
   */
  emitted: StoredEvent[];
  /**
   * The stage changed facts of the customer that earlier stages have already judged (a journey action
   * set tags or attributes after the segments stage ran): once the request's commit is durable, and
   * before it is acknowledged, the pipeline hands the customer to the runtime's `afterCustomersChanged`.
   */
  changedFacts?: boolean;
}

/**
 * One step of the ingestion pipeline. A stage must not write to the store itself and must not mutate
 * its input: it returns a new draft and the writes, and the pipeline commits them with the event.
 * After a commit conflict the pipeline re-reads and runs the stages again, so `apply` must be free of
 * side effects.
 */
export interface IngestionStage {
  name: string;
  apply(input: StageInput, context: RuntimeContext): StageOutput | Promise<StageOutput>;
}
