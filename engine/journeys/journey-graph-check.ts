import type { ProblemDetail } from '../errors/index';
import type { Journey, JourneyState, JourneyTransition } from '../../schemas/types';
import { actionKinds, isEndingGoal } from './journey-document';

/** Size limits beyond the schema's, so a document stays drawable and cheap to compile. */
export const journeyLimits = { states: 200, transitions: 500 };

/** Which transition types may leave a state of each kind. */
function allowedTriggers(state: JourneyState): ReadonlySet<JourneyTransition['on']['type']> {
  if (state.kind === 'entry' || actionKinds.has(state.kind) || state.kind === 'goal') return new Set(['immediate']);
  if (state.kind === 'delay') return new Set(['delay-elapsed']);
  if (state.kind === 'wait') return new Set(['event', 'timeout']);
  if (state.kind === 'split') return new Set(['branch']);
  return new Set();
}

/** The branch ids a split's transitions must cover (`else` included for condition splits). */
function branchIdsOf(state: Extract<JourneyState, { kind: 'split' }>): string[] {
  const params = state.params;
  if (params.mode === 'conditions') return [...params.branches.map((branch) => branch.id), 'else'];
  if (params.mode === 'random') return params.branches.map((branch) => branch.id);
  return params.variants.map((variant) => variant.id);
}

interface Indexed {
  stateIndex: Map<string, number>;
  outgoing: Map<string, Array<{ transition: JourneyTransition; index: number }>>;
}

function checkIdentities(document: Journey, details: ProblemDetail[]): Indexed {
  const stateIndex = new Map<string, number>();
  document.states.forEach((state, index) => {
    const first = stateIndex.get(state.id);
    if (first !== undefined) details.push({ pointer: `/states/${index}/id`, message: `State id "${state.id}" is already used by /states/${first}. Give every state its own id.` });
    else stateIndex.set(state.id, index);
  });
  const transitionIndex = new Map<string, number>();
  const outgoing = new Map<string, Array<{ transition: JourneyTransition; index: number }>>();
  document.transitions.forEach((transition, index) => {
    const first = transitionIndex.get(transition.id);
    if (first !== undefined) details.push({ pointer: `/transitions/${index}/id`, message: `Transition id "${transition.id}" is already used by /transitions/${first}. Give every transition its own id.` });
    else transitionIndex.set(transition.id, index);
    let dangling = false;
    for (const end of ['from', 'to'] as const) {
      if (!stateIndex.has(transition[end])) {
        dangling = true;
        details.push({ pointer: `/transitions/${index}/${end}`, message: `No state has the id "${transition[end]}". Point the transition at an existing state.` });
      }
    }
    if (dangling) return;
    if (!outgoing.has(transition.from)) outgoing.set(transition.from, []);
    outgoing.get(transition.from)!.push({ transition, index });
  });
  return { stateIndex, outgoing };
}

function checkTargets(document: Journey, indexed: Indexed, details: ProblemDetail[]): void {
  document.transitions.forEach((transition, index) => {
    const target = document.states[indexed.stateIndex.get(transition.to) ?? -1];
    if (!target) return;
    if (target.kind === 'entry') details.push({ pointer: `/transitions/${index}/to`, message: `"${target.id}" is an entry state; customers only come in there. Point the transition at the state after it.` });
    if (target.kind === 'goal') details.push({ pointer: `/transitions/${index}/to`, message: `"${target.id}" is a goal; customers reach it by its conversion event, not by a transition. Remove this transition.` });
  });
}

function checkWaysOut(document: Journey, indexed: Indexed, details: ProblemDetail[]): void {
  document.states.forEach((state, stateIndex) => {
    if (indexed.stateIndex.get(state.id) !== stateIndex) return;
    const out = indexed.outgoing.get(state.id) ?? [];
    const allowed = allowedTriggers(state);
    for (const { transition, index } of out) {
      if (!allowed.has(transition.on.type)) {
        const expected = [...allowed].join(' or ') || 'no transitions';
        details.push({ pointer: `/transitions/${index}/on/type`, message: `A ${state.kind} state ("${state.id}") cannot be left by "${transition.on.type}"; it takes ${expected}.` });
      }
    }
    const countOf = (type: string) => out.filter(({ transition }) => transition.on.type === type);
    const pointer = `/states/${stateIndex}`;
    const exactlyOne = (type: string, what: string): void => {
      const found = countOf(type);
      if (found.length === 0) details.push({ pointer, message: `${what} "${state.id}" has no way out: add one "${type}" transition from it.` });
      for (const extra of found.slice(1)) details.push({ pointer: `/transitions/${extra.index}`, message: `${what} "${state.id}" already has a "${type}" transition (/transitions/${found[0].index}); keep one.` });
    };
    switch (state.kind) {
      case 'exit':
        break;
      case 'goal':
        if (!isEndingGoal(state) && out.length > 0) details.push({ pointer: `/transitions/${out[0].index}`, message: `Goal "${state.id}" does not end the journey, so converting only counts and the customer stays where they are; set params.endsJourney or remove its transitions.` });
        if (isEndingGoal(state) && countOf('immediate').length > 1) exactlyOne('immediate', 'Goal');
        break;
      case 'delay':
        exactlyOne('delay-elapsed', 'Delay');
        break;
      case 'wait':
        exactlyOne('timeout', 'Wait');
        if (countOf('event').length === 0) details.push({ pointer, message: `Wait "${state.id}" waits for nothing: add an "event" transition for the event it waits for.` });
        break;
      case 'split':
        checkSplitBranches(state, stateIndex, out, details);
        break;
      default:
        exactlyOne('immediate', state.kind === 'entry' ? 'Entry' : 'Action');
    }
  });
}

function checkSplitBranches(
  state: Extract<JourneyState, { kind: 'split' }>,
  stateIndex: number,
  out: Array<{ transition: JourneyTransition; index: number }>,
  details: ProblemDetail[],
): void {
  const ids = branchIdsOf(state);
  const seen = new Map<string, number>();
  for (const { transition, index } of out) {
    if (transition.on.type !== 'branch') continue;
    const branch = transition.on.branch;
    if (!ids.includes(branch)) details.push({ pointer: `/transitions/${index}/on/branch`, message: `Split "${state.id}" has no branch "${branch}"; its branches are ${ids.join(', ')}.` });
    else if (seen.has(branch)) details.push({ pointer: `/transitions/${index}/on/branch`, message: `Branch "${branch}" of split "${state.id}" already leads somewhere (/transitions/${seen.get(branch)}); keep one transition per branch.` });
    else seen.set(branch, index);
  }
  for (const id of ids) {
    if (seen.has(id)) continue;
    const message = id === 'else'
      ? `Split "${state.id}" has no else branch: add a transition with on { type: "branch", branch: "else" } for customers no condition matches.`
      : `Branch "${id}" of split "${state.id}" leads nowhere: add a transition with on { type: "branch", branch: "${id}" }.`;
    details.push({ pointer: `/states/${stateIndex}/params`, message });
  }
}

function checkReachability(document: Journey, indexed: Indexed, details: ProblemDetail[]): void {
  // Ending goals are reached by their conversion event from anywhere, so they are roots too.
  const roots = document.states.filter((state) => state.kind === 'entry' || isEndingGoal(state)).map((state) => state.id);
  const reached = new Set(roots);
  const queue = [...roots];
  while (queue.length > 0) {
    for (const { transition } of indexed.outgoing.get(queue.shift()!) ?? []) {
      if (!reached.has(transition.to)) {
        reached.add(transition.to);
        queue.push(transition.to);
      }
    }
  }
  document.states.forEach((state, index) => {
    if (reached.has(state.id) || state.kind === 'goal') return;
    details.push({ pointer: `/states/${index}`, message: `State "${state.id}" cannot be reached from any entry state. Connect it or delete it.` });
  });
}

/** Transitions that fire without waiting: a loop made only of these would never stop. */
function isEventless(transition: JourneyTransition): boolean {
  return transition.on.type === 'immediate' || transition.on.type === 'branch';
}

function checkEventlessLoops(document: Journey, indexed: Indexed, details: ProblemDetail[]): void {
  const colour = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): void => {
    colour.set(id, 'open');
    path.push(id);
    for (const { transition, index } of indexed.outgoing.get(id) ?? []) {
      if (!isEventless(transition)) continue;
      const state = colour.get(transition.to);
      if (state === 'open') {
        const loop = [...path.slice(path.indexOf(transition.to)), transition.to].join(' → ');
        details.push({ pointer: `/transitions/${index}`, message: `These states loop without a delay or wait: ${loop}. Put a delay or a wait in the loop.` });
      } else if (state === undefined) {
        visit(transition.to);
      }
    }
    path.pop();
    colour.set(id, 'done');
  };
  for (const state of document.states) if (!colour.has(state.id)) visit(state.id);
}

/**
 * The structural checks of a schema-valid journey: unique ids, transitions between existing states,
 * at least one entry, every state reachable from an entry, every state (but exits) with its way out,
 * splits with all their branches (condition splits with `else`), and no loop that never waits.
 * Each problem points at the offending state or transition.
 */
export function checkJourneyGraph(document: Journey): ProblemDetail[] {
  const details: ProblemDetail[] = [];
  if (document.states.length > journeyLimits.states) details.push({ pointer: '/states', message: `A journey has at most ${journeyLimits.states} states; split it into several journeys.` });
  if (document.transitions.length > journeyLimits.transitions) details.push({ pointer: '/transitions', message: `A journey has at most ${journeyLimits.transitions} transitions.` });
  if (details.length > 0) return details;
  if (!document.states.some((state) => state.kind === 'entry')) details.push({ pointer: '/states', message: 'The journey has no entry state: add a state of kind "entry" saying how customers come in.' });
  const indexed = checkIdentities(document, details);
  checkTargets(document, indexed, details);
  checkWaysOut(document, indexed, details);
  checkReachability(document, indexed, details);
  checkEventlessLoops(document, indexed, details);
  return details;
}
