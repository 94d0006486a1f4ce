/**
 * Commands over the transitions (edges) of a journey document, and over its settings: pure
 * `(doc, args) => doc` functions that return the same document when nothing changes.
 */
import type { Journey, JourneySettings, JourneyTransition, TransitionTrigger } from '../../../schemas/types';
import { hasTargetHandle, listSourceHandles } from './state-handles';

/** The id a new transition gets: `t1`, `t2`, … the first one free. */
export function nextTransitionId(doc: Journey): string {
  const used = new Set(doc.transitions.map((transition) => transition.id));
  for (let n = doc.transitions.length + 1; ; n++) if (!used.has(`t${n}`)) return `t${n}`;
}

export interface ConnectArgs {
  from: string;
  to: string;
  /** The source handle dragged from (a split branch, a wait's event or timeout); default the state's first. */
  handle?: string | null;
  /** The id to give the transition (see nextTransitionId); default the next free one. */
  id?: string;
}

function isSameTrigger(a: TransitionTrigger, b: TransitionTrigger): boolean {
  if (a.type !== b.type) return false;
  if (a.type === 'branch' && b.type === 'branch') return a.branch === b.branch;
  if (a.type === 'event' && b.type === 'event') return a.event === b.event;
  return true;
}

/**
 * Connects two states with the trigger their handle stands for: an entry or action moves on
 * immediately, a delay when it elapses, a wait on its event or timeout, a split by one branch.
 * A branch or timeout that already leads somewhere is moved to the new target rather than doubled;
 * a connection the engine would refuse (into an entry or a goal, out of an exit) is not made.
 */
export function connectStates(doc: Journey, args: ConnectArgs): Journey {
  const source = doc.states.find((state) => state.id === args.from);
  const target = doc.states.find((state) => state.id === args.to);
  if (!source || !target || !hasTargetHandle(target)) return doc;
  const handles = listSourceHandles(source);
  const handle = args.handle ? handles.find((candidate) => candidate.id === args.handle) : handles[0];
  if (!handle) return doc;
  const trigger = handle.trigger;
  // Everything but a wait's events leaves a state once: re-connecting moves that way out.
  const existing = trigger.type === 'event' ? undefined : doc.transitions.find((transition) => transition.from === source.id && isSameTrigger(transition.on, trigger));
  if (existing) {
    if (existing.to === target.id) return doc;
    return { ...doc, transitions: doc.transitions.map((transition) => (transition === existing ? { ...transition, to: target.id } : transition)) };
  }
  const id = args.id ?? nextTransitionId(doc);
  if (doc.transitions.some((transition) => transition.id === id)) return doc;
  const transition: JourneyTransition = { id, from: source.id, to: target.id, on: structuredClone(trigger) };
  return { ...doc, transitions: [...doc.transitions, transition] };
}

/** Deletes transitions. */
export function deleteTransitions(doc: Journey, args: { ids: string[] }): Journey {
  const ids = new Set(args.ids);
  if (!doc.transitions.some((transition) => ids.has(transition.id))) return doc;
  return { ...doc, transitions: doc.transitions.filter((transition) => !ids.has(transition.id)) };
}

/** Deletes states (with their transitions) and transitions in one edit, as the Delete key does. */
export function deleteElements(doc: Journey, args: { stateIds: string[]; transitionIds: string[] }): Journey {
  const states = new Set(args.stateIds);
  const transitions = new Set(args.transitionIds);
  const next = {
    ...doc,
    states: doc.states.filter((state) => !states.has(state.id)),
    transitions: doc.transitions.filter((transition) => !transitions.has(transition.id) && !states.has(transition.from) && !states.has(transition.to)),
  };
  return next.states.length === doc.states.length && next.transitions.length === doc.transitions.length ? doc : next;
}

/** Changes a transition's trigger (an event name, its condition) or label. An empty label is removed. */
export function updateTransition(doc: Journey, args: { id: string; on?: TransitionTrigger; label?: string }): Journey {
  let changed = false;
  const transitions = doc.transitions.map((transition) => {
    if (transition.id !== args.id) return transition;
    const next: JourneyTransition = { ...transition };
    if (args.on !== undefined) next.on = args.on;
    if (args.label !== undefined) {
      if (args.label === '') delete next.label;
      else next.label = args.label;
    }
    if (next.on === transition.on && next.label === transition.label) return transition;
    changed = true;
    return next;
  });
  return changed ? { ...doc, transitions } : doc;
}

/** Changes the journey's name and description. */
export function updateJourneyInfo(doc: Journey, args: { name?: string; description?: string }): Journey {
  const next = { ...doc };
  if (args.name !== undefined) next.name = args.name;
  if (args.description !== undefined) {
    if (args.description === '') delete next.description;
    else next.description = args.description;
  }
  return next.name === doc.name && next.description === doc.description ? doc : next;
}

/** One setting and its new value (`undefined` removes it). */
export type JourneySettingChange = { [K in keyof JourneySettings]-?: { key: K; value: JourneySettings[K] | undefined } }[keyof JourneySettings];

/**
 * Sets one setting (entry condition, exit criteria, re-entry, caps, quiet hours, send rate, consent,
 * time zone); `undefined` removes it.
 */
export function setJourneySetting(doc: Journey, args: JourneySettingChange): Journey {
  if (doc.settings[args.key] === args.value) return doc;
  const settings = { ...doc.settings };
  if (args.value === undefined) delete settings[args.key];
  else (settings as Record<string, unknown>)[args.key] = args.value;
  return { ...doc, settings };
}
