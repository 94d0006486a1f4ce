/**
 * The journey document as the canvas draws it, and back. States are nodes (kind = node type, position
 * = node position) and transitions are edges, so each direction is a map over an array.
 */
import type { Edge, Node } from '@xyflow/react';
import type { Journey, JourneyState, JourneyTransition, TransitionTrigger } from '../../../schemas/types';
import { handleOfTrigger, listSourceHandles, targetHandleId } from './state-handles';

/** What the canvas shows on a node besides the state itself. */
export interface StateDecoration {
  /** Validation problems pointing into the state. */
  problems: string[];
  warnings: string[];
  /** The steps (1-based) at which the last simulation entered the state. */
  visits: number[];
  /** Customers there now and ever, once the journey is live. */
  counts: { now: number; ever: number } | null;
}

export type StateNodeData = { state: JourneyState; problems: string[]; warnings: string[]; visits: number[]; counts: StateDecoration['counts'] };
export type StateNode = Node<StateNodeData, JourneyState['kind']>;
export type TransitionEdgeData = { transition: JourneyTransition; problems: string[]; traversed: boolean };
export type TransitionEdge = Edge<TransitionEdgeData>;

const plain: StateDecoration = { problems: [], warnings: [], visits: [], counts: null };

/** How a transition's trigger reads on the canvas. */
export function describeTrigger(trigger: TransitionTrigger): string {
  switch (trigger.type) {
    case 'immediate':
      return '';
    case 'delay-elapsed':
      return 'after delay';
    case 'timeout':
      return 'timed out';
    case 'branch':
      return trigger.branch;
    case 'event':
      return trigger.condition ? `on ${trigger.event} (if …)` : `on ${trigger.event}`;
  }
}

/** The states as canvas nodes. */
export function toFlowNodes(doc: Journey, decorate: (state: JourneyState) => Partial<StateDecoration> = () => ({}), selectedId: string | null = null): StateNode[] {
  return doc.states.map((state) => ({
    id: state.id,
    type: state.kind,
    position: { x: state.position.x, y: state.position.y },
    data: { ...plain, ...decorate(state), state },
    selected: state.id === selectedId,
  }));
}

/** The handle an edge leaves from: its trigger's, or the state's first when the trigger is one the state does not take. */
function sourceHandleOf(doc: Journey, transition: JourneyTransition): string | null {
  const source = doc.states.find((state) => state.id === transition.from);
  if (!source) return null;
  const handles = listSourceHandles(source).map((handle) => handle.id);
  const wanted = handleOfTrigger(transition.on);
  return handles.includes(wanted) ? wanted : (handles[0] ?? null);
}

/** The transitions as canvas edges. */
export function toFlowEdges(
  doc: Journey,
  decorate: (transition: JourneyTransition) => Partial<Omit<TransitionEdgeData, 'transition'>> = () => ({}),
  selectedId: string | null = null,
): TransitionEdge[] {
  return doc.transitions.map((transition) => {
    const data: TransitionEdgeData = { problems: [], traversed: false, ...decorate(transition), transition };
    const label = transition.label ?? describeTrigger(transition.on);
    return {
      id: transition.id,
      source: transition.from,
      target: transition.to,
      sourceHandle: sourceHandleOf(doc, transition),
      targetHandle: targetHandleId,
      ...(label ? { label } : {}),
      data,
      selected: transition.id === selectedId,
      animated: data.traversed,
      className: [data.problems.length > 0 ? 'edge-problem' : '', data.traversed ? 'edge-traversed' : ''].filter(Boolean).join(' ') || undefined,
    };
  });
}

/**
 * The document the canvas shows: positions from the nodes, transitions from the edges (with their
 * ends as drawn). States and transitions the canvas does not have are dropped; the rest of the
 * document is kept as it was.
 */
export function fromFlow(doc: Journey, nodes: readonly StateNode[], edges: readonly TransitionEdge[]): Journey {
  return {
    ...doc,
    states: nodes.map((node) => ({ ...node.data.state, position: { x: node.position.x, y: node.position.y } })),
    transitions: edges.flatMap((edge) => (edge.data ? [{ ...edge.data.transition, from: edge.source, to: edge.target }] : [])),
  };
}
