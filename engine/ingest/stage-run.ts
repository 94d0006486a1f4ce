import type { Customer, StoredEvent } from '../../schemas/types';
import type { RuntimeContext } from '../runtime/index';
import { withFields, type WriteOp } from '../store/index';
import { eventIdOf } from './event-id';
import type { StageOutput } from './ingestion-stage';
import { RequestCache } from './request-cache';

const noneMerged: readonly Customer[] = [];

interface FollowUp {
  event: StoredEvent;
  /** The first stage it runs through: the one after the stage that emitted it. */
  first: number;
}

/**
 * One request attempt's run of the ingestion stages: it collects every stage's writes and the events
 * the stages emit, for the request's single commit.
 *
 * Events a stage emits run next through the stages after that one — once the event that caused them
 * has been through every stage, so a later stage always sees a cause before its effects (an order,
 * then the `Segment Entered` it led to).
 *
 * Performance notes: a stage may answer synchronously (most do, most of the time), and then so does
 * the run: an event costs a promise only where some stage really waits for the store. A 100-event
 * batch through four stages used to make a dozen promises per event.
 */
export class StageRun {
  /** Writes of every stage, in order, for the request's commit. */
  readonly writes: WriteOp[] = [];
  /** Events the stages emitted, stamped with `_id`, `workspace` and `customerId`. */
  readonly emitted: StoredEvent[] = [];
  /** Customers a stage reported `changedFacts` for (ids as resolved when their event ran). */
  readonly changedFacts = new Set<string>();
  private readonly cache = new RequestCache();

  constructor(
    private readonly runtime: RuntimeContext,
    private readonly workspace: string,
    /** When the request arrived (ms since the epoch). */
    private readonly now: number,
  ) {}

  /**
   * The customer after `event` went through the stages from `first` on (and its follow-ups after it);
   * `merged`: the customers the event merged into this one (StageInput.merged).
   */
  run(draft: Customer, before: Customer | null, event: StoredEvent, merged: readonly Customer[] = noneMerged, first = 0): Customer | Promise<Customer> {
    const { stages } = this.runtime;
    const followUps: FollowUp[] = [];
    let customer = draft;
    for (let i = first; i < stages.length; i++) {
      const result = stages[i].apply({ workspace: this.workspace, customer, before, event, now: this.now, cache: this.cache, merged }, this.runtime);
      if (result instanceof Promise) return this.resume(result, i, before, event, merged, followUps);
      customer = this.take(result, i, event, followUps);
    }
    return this.runFollowUps(customer, followUps, 0);
  }

  /** The rest of `run` once stage `i` has answered with a promise. */
  private async resume(pending: Promise<StageOutput>, i: number, before: Customer | null, event: StoredEvent, merged: readonly Customer[], followUps: FollowUp[]): Promise<Customer> {
    const { stages } = this.runtime;
    let customer = this.take(await pending, i, event, followUps);
    for (let j = i + 1; j < stages.length; j++) {
      const result = stages[j].apply({ workspace: this.workspace, customer, before, event, now: this.now, cache: this.cache, merged }, this.runtime);
      customer = this.take(result instanceof Promise ? await result : result, j, event, followUps);
    }
    return this.runFollowUps(customer, followUps, 0);
  }

  private runFollowUps(draft: Customer, followUps: FollowUp[], from: number): Customer | Promise<Customer> {
    let customer = draft;
    for (let k = from; k < followUps.length; k++) {
      const next = this.run(customer, customer, followUps[k].event, noneMerged, followUps[k].first);
      if (next instanceof Promise) return next.then((settled) => this.runFollowUps(settled, followUps, k + 1));
      customer = next;
    }
    return customer;
  }

  /** Collects one stage's output; returns its draft. */
  private take(output: StageOutput, stage: number, event: StoredEvent, followUps: FollowUp[]): Customer {
    if (output.writes.length > 0) this.writes.push(...output.writes);
    if (output.changedFacts) this.changedFacts.add(event.customerId);
    for (const child of output.emitted) {
      const stamped: StoredEvent = withFields(child, { _id: eventIdOf(this.workspace, child.messageId), workspace: this.workspace, customerId: event.customerId });
      this.emitted.push(stamped);
      followUps.push({ event: stamped, first: stage + 1 });
    }
    return output.customer;
  }
}
