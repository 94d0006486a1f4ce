/**
 * Commands over the states of a journey document: pure `(doc, args) => doc` functions. A command that
 * changes nothing returns the very same document, so the history can tell a no-op from an edit.
 */
import type { Journey, JourneyPosition, JourneyState } from '../../../schemas/types';
import { findPaletteItem, type LifecycleStage } from './state-catalog';

const identifierPattern = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

/** Whether a text is a valid state, transition or branch id. */
export function isIdentifier(text: string): boolean {
  return identifierPattern.test(text);
}

/** The first free id `prefix`, `prefix-2`, `prefix-3`, … among the given ones. */
export function nextFreeId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(prefix)) return prefix;
  for (let n = 2; ; n++) if (!used.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

/** The id a new state made from a palette item gets in this document. */
export function nextStateId(doc: Journey, paletteKey: string): string {
  const prefix = findPaletteItem(paletteKey)?.idPrefix ?? paletteKey;
  return nextFreeId(prefix, doc.states.map((state) => state.id));
}

export interface AddStateArgs {
  /** The palette item (`send-email`, `wait`, …). */
  paletteKey: string;
  /** The id to give it (see nextStateId); refused when taken. */
  id: string;
  position: JourneyPosition;
  stage: LifecycleStage;
}

/** Adds a state made from a palette item. */
export function addState(doc: Journey, args: AddStateArgs): Journey {
  const item = findPaletteItem(args.paletteKey);
  if (!item || !isIdentifier(args.id) || doc.states.some((state) => state.id === args.id)) return doc;
  const state = {
    id: args.id,
    kind: item.kind,
    label: item.label,
    stage: args.stage,
    position: { x: Math.round(args.position.x), y: Math.round(args.position.y) },
    params: item.createParams(),
  } as JourneyState;
  return { ...doc, states: [...doc.states, state] };
}

function replaceState(doc: Journey, id: string, change: (state: JourneyState) => JourneyState): Journey {
  let changed = false;
  const states = doc.states.map((state) => {
    if (state.id !== id) return state;
    const next = change(state);
    if (next !== state) changed = true;
    return next;
  });
  return changed ? { ...doc, states } : doc;
}

/** Moves states to new positions (a drag; positions are rounded to whole pixels). */
export function moveStates(doc: Journey, args: { positions: Record<string, JourneyPosition> }): Journey {
  let next = doc;
  for (const [id, position] of Object.entries(args.positions)) {
    const rounded = { x: Math.round(position.x), y: Math.round(position.y) };
    next = replaceState(next, id, (state) => (state.position.x === rounded.x && state.position.y === rounded.y ? state : { ...state, position: rounded }));
  }
  return next;
}

/** Deletes states and every transition touching them. */
export function deleteStates(doc: Journey, args: { ids: string[] }): Journey {
  const ids = new Set(args.ids);
  if (!doc.states.some((state) => ids.has(state.id))) return doc;
  return {
    ...doc,
    states: doc.states.filter((state) => !ids.has(state.id)),
    transitions: doc.transitions.filter((transition) => !ids.has(transition.from) && !ids.has(transition.to)),
  };
}

/** Changes a state's label and lifecycle stage. An empty label is removed. */
export function updateState(doc: Journey, args: { id: string; label?: string; stage?: LifecycleStage }): Journey {
  return replaceState(doc, args.id, (state) => {
    const next = { ...state } as JourneyState;
    if (args.label !== undefined) {
      if (args.label === '') delete next.label;
      else next.label = args.label;
    }
    if (args.stage !== undefined) next.stage = args.stage;
    return next.label === state.label && next.stage === state.stage ? state : next;
  });
}

/**
 * Replaces a state's parameters. The kind stays; params of another kind's shape are a bug of the
 * caller, which the validation would report.
 */
export function setStateParams(doc: Journey, args: { id: string; params: JourneyState['params'] }): Journey {
  return replaceState(doc, args.id, (state) => (state.params === args.params ? state : ({ ...state, params: args.params } as JourneyState)));
}

/** Renames a state; its transitions follow. Refused when the id is invalid or taken. */
export function renameState(doc: Journey, args: { id: string; newId: string }): Journey {
  if (args.id === args.newId || !isIdentifier(args.newId) || doc.states.some((state) => state.id === args.newId)) return doc;
  if (!doc.states.some((state) => state.id === args.id)) return doc;
  const rename = (id: string) => (id === args.id ? args.newId : id);
  return {
    ...doc,
    states: doc.states.map((state) => (state.id === args.id ? { ...state, id: args.newId } : state)),
    transitions: doc.transitions.map((transition) =>
      transition.from === args.id || transition.to === args.id ? { ...transition, from: rename(transition.from), to: rename(transition.to) } : transition,
    ),
  };
}

/** Copies a state (not its transitions) next to the original under a new id. */
export function duplicateState(doc: Journey, args: { id: string; newId: string }): Journey {
  const original = doc.states.find((state) => state.id === args.id);
  if (!original || !isIdentifier(args.newId) || doc.states.some((state) => state.id === args.newId)) return doc;
  const copy = structuredClone(original) as JourneyState;
  copy.id = args.newId;
  copy.position = { x: original.position.x + 40, y: original.position.y + 80 };
  return { ...doc, states: [...doc.states, copy] };
}

/**
 * Renames a split branch: the branch in the split's params and the transitions that leave by it.
 * Refused when the new id is invalid or already a branch of the split.
 */
export function renameSplitBranch(doc: Journey, args: { stateId: string; from: string; to: string }): Journey {
  const split = doc.states.find((state) => state.id === args.stateId);
  if (!split || split.kind !== 'split' || args.from === args.to || !isIdentifier(args.to) || args.to === 'else') return doc;
  const params = split.params;
  const branches = params.mode === 'ab' ? params.variants : params.branches;
  if (!branches.some((branch) => branch.id === args.from) || branches.some((branch) => branch.id === args.to)) return doc;
  const renamed = branches.map((branch) => (branch.id === args.from ? { ...branch, id: args.to } : branch));
  const nextParams = params.mode === 'ab' ? { ...params, variants: renamed } : { ...params, branches: renamed };
  const withParams = setStateParams(doc, { id: args.stateId, params: nextParams as JourneyState['params'] });
  return {
    ...withParams,
    transitions: withParams.transitions.map((transition) =>
      transition.from === args.stateId && transition.on.type === 'branch' && transition.on.branch === args.from ? { ...transition, on: { type: 'branch', branch: args.to } } : transition,
    ),
  };
}
