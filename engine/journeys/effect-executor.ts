import type { Customer } from '../../schemas/types';
import type { MessageLinkSettings } from '../runtime/index';
import { withFields, type WriteOp } from '../store/index';
import { journeyCollectionNames } from './journey-collections';
import type { JourneyEvent } from './journey-event';
import { historyWrites } from './journey-history';
import { appendPath, instancePathLimit, toPresence, withPresence, type JourneyInstance, type PathEntry } from './journey-instance';
import type { CompiledJourney } from './journey-machine';
import type { StepResult } from './journey-step';
import { planMessage } from './message-planner';
import type { MessageRecord } from './message-record';
import { instanceTimerId, type TimerRecord } from './timer-record';

export interface StepExecution {
  workspace: string;
  compiled: CompiledJourney;
  /** The instance before the step; null when the step created it. */
  previous: JourneyInstance | null;
  instanceId: string;
  step: StepResult;
  event?: JourneyEvent;
  now: number;
  /** Set on instances a scheduled run starts. */
  scheduledAt?: string;
  /** Where message links lead (RuntimeContext.links). */
  links?: MessageLinkSettings;
}

export interface ExecutedStep {
  /** The customer draft: the step's own changes, send times, and this journey's presence. */
  customer: Customer;
  instance: JourneyInstance;
  /** Instance, timer and message writes for the same commit as the customer. */
  writes: WriteOp[];
  messages: MessageRecord[];
}

/**
 * The one place journey effects are carried out. Turns a step's effects into the writes of one
 * atomic commit — the instance's new snapshot (insert, or replace guarded by its `rev`), timer
 * inserts and deletes, outbox records — and the customer draft to commit with them. Nothing is
 * written here: the caller commits, so a conflict leaves no trace and the step can simply be re-run.
 */
export function executeStep(execution: StepExecution): ExecutedStep {
  const { workspace, compiled, previous, step, now } = execution;
  const nowIso = new Date(now).toISOString();
  const document = compiled.document;
  let customer = step.customer;
  const writes: WriteOp[] = [];
  const messages: MessageRecord[] = [];
  const newSteps: PathEntry[] = [];

  let instance: JourneyInstance = {
    _id: execution.instanceId,
    workspace,
    journeyId: document.id,
    version: document.version,
    customerId: customer._id,
    status: step.status,
    state: step.snapshot.state,
    context: step.snapshot.context,
    path: previous?.path ?? [],
    steps: previous?.steps ?? 0,
    enteredAt: previous?.enteredAt ?? nowIso,
    updatedAt: nowIso,
    rev: (previous?.rev ?? 0) + 1,
  };
  // As the step began: its own A/B split assigns the variant in order (assign-variant below), so a
  // send the step made before reaching the split is planned as the customer was then, not as holdout.
  if (previous?.variant !== undefined) instance.variant = previous.variant;
  if (previous?.holdout) instance.holdout = true;
  if (previous?.convertedAt) instance.convertedAt = previous.convertedAt;
  if (previous?.convertedRev !== undefined) instance.convertedRev = previous.convertedRev;
  // A finished instance is stepped again only to count a goal (countGoalAfterEnd): how it ended stays.
  if (previous?.endedAt) instance.endedAt = previous.endedAt;
  if (previous?.endReason) instance.endReason = previous.endReason;
  if (previous?.endedRev !== undefined) instance.endedRev = previous.endedRev;
  const scheduledAt = execution.scheduledAt ?? previous?.scheduledAt;
  if (scheduledAt) instance.scheduledAt = scheduledAt;

  for (const effect of step.effects) {
    switch (effect.kind) {
      case 'enter-state':
        newSteps.push([effect.state, new Date(effect.at).toISOString()]);
        break;
      case 'start-timer': {
        const timer: TimerRecord = {
          _id: instanceTimerId(instance._id, effect.state, effect.visit),
          workspace,
          instanceId: instance._id,
          customerId: customer._id,
          dueAt: new Date(effect.dueAt).toISOString(),
          event: { type: 'timer', journeyId: document.id, state: effect.state, visit: effect.visit },
          leaseOwner: null,
          leaseUntil: null,
        };
        writes.push({ collection: journeyCollectionNames.timers, op: 'insert', doc: timer });
        break;
      }
      case 'cancel-timer':
        writes.push({ collection: journeyCollectionNames.timers, op: 'delete', filter: { _id: instanceTimerId(instance._id, effect.state, effect.visit) } });
        break;
      case 'send-message': {
        const state = compiled.graph.states.get(effect.state)!;
        const planned = planMessage({ workspace, compiled, instance, state, visit: effect.visit, customer, event: execution.event, now, links: execution.links });
        customer = planned.customer;
        messages.push(planned.message);
        writes.push({ collection: journeyCollectionNames.messages, op: 'insert', doc: planned.message });
        break;
      }
      case 'record-conversion':
        if (instance.convertedAt === undefined) {
          instance.convertedAt = new Date(effect.at).toISOString();
          instance.convertedRev = instance.rev;
        }
        break;
      case 'assign-variant':
        instance = withFields(instance, effect.holdout ? { variant: effect.variant, holdout: true } : { variant: effect.variant });
        break;
      case 'end-instance':
        instance = withFields(instance, { endedAt: nowIso, endReason: effect.reason, endedRev: instance.rev });
        break;
      case 'update-attributes':
      case 'change-tags':
      case 'change-loyalty-points':
      case 'set-lifecycle-stage':
        // Already applied to step.customer by stepJourney, so later guards in the step saw them.
        break;
      default: {
        const unhandled: never = effect;
        throw new Error(`Unhandled journey effect ${JSON.stringify(unhandled)}.`);
      }
    }
  }

  instance.steps += newSteps.length;
  const { path, dropped } = appendPath(instance.path, newSteps, instancePathLimit);
  instance.path = path;
  // Steps the recent path no longer holds go to the instance's history, in the same commit.
  writes.unshift(...historyWrites(instance, dropped));
  if (previous) {
    writes.unshift({ collection: journeyCollectionNames.instances, op: 'replace', filter: { _id: previous._id, rev: previous.rev }, doc: instance, mustMatch: true });
  } else {
    writes.unshift({ collection: journeyCollectionNames.instances, op: 'insert', doc: instance });
  }
  customer = withPresence(customer, document.id, toPresence(instance));
  return { customer, instance, writes, messages };
}
