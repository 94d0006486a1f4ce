import type {
  EntryState,
  GoalState,
  Journey,
  JourneyState,
  JourneyTransition,
} from '../../schemas/types';

export type { Journey, JourneyState, JourneyTransition } from '../../schemas/types';

export type JourneyStateKind = JourneyState['kind'];

/** States an instance rests in until a timer or an event moves it on. */
export const waitingKinds: ReadonlySet<JourneyStateKind> = new Set(['delay', 'wait']);

/** States that act on the customer or the outside world when entered. */
export const actionKinds: ReadonlySet<JourneyStateKind> = new Set([
  'send',
  'webhook',
  'task',
  'update-attributes',
  'tags',
  'loyalty',
  'lifecycle-stage',
]);

/** Action states whose effect is an outbox message. */
export const messageKinds: ReadonlySet<JourneyStateKind> = new Set(['send', 'webhook', 'task']);

/** Machine states of our own; document ids start with a letter, so these can never clash. */
export const idleStateId = '$idle';
export const exitedStateId = '$exited';

/** The key a version is stored and cached under: `welcome@3`. */
export function journeyVersionKey(journeyId: string, version: number): string {
  return `${journeyId}@${version}`;
}

/** A journey's states by id and its transitions by source, built once per compiled version. */
export interface JourneyGraph {
  states: Map<string, JourneyState>;
  outgoing: Map<string, JourneyTransition[]>;
  incoming: Map<string, JourneyTransition[]>;
  entries: EntryState[];
  goals: GoalState[];
}

/** Indexes a document's states and transitions (dangling references are simply left out). */
export function indexJourneyGraph(document: Journey): JourneyGraph {
  const states = new Map<string, JourneyState>();
  for (const state of document.states) if (!states.has(state.id)) states.set(state.id, state);
  const outgoing = new Map<string, JourneyTransition[]>();
  const incoming = new Map<string, JourneyTransition[]>();
  for (const transition of document.transitions) {
    if (!outgoing.has(transition.from)) outgoing.set(transition.from, []);
    outgoing.get(transition.from)!.push(transition);
    if (!incoming.has(transition.to)) incoming.set(transition.to, []);
    incoming.get(transition.to)!.push(transition);
  }
  const entries = document.states.filter((state): state is EntryState => state.kind === 'entry');
  const goals = document.states.filter((state): state is GoalState => state.kind === 'goal');
  return { states, outgoing, incoming, entries, goals };
}

/** Whether a goal state ends the journey when reached. */
export function isEndingGoal(state: JourneyState): boolean {
  return state.kind === 'goal' && state.params.endsJourney === true;
}
