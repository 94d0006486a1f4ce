import { useCallback, useMemo, useState, type DragEvent } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnDelete,
} from '@xyflow/react';
import {
  colorOfStage,
  connectStates,
  deleteElements,
  groupProblems,
  moveStates,
  toFlowEdges,
  toFlowNodes,
  type StateNode,
  type TransitionEdge,
} from '../journey-document/index';
import type { JourneyPosition } from '../../../schemas/types';
import { nodeTypes } from './nodes/node-types';
import { useJourneyEditor, useJourneyView } from './journey-view-context';
import { addPaletteState, paletteDragType } from './palette-drag';
import { traversedTransitions, visitOrder } from './simulation-path';

/**
 * The journey as a graph: states are nodes, transitions are edges. Dragging moves a state (one undo
 * step per drag), dragging from a handle to a state connects them, Delete removes the selection,
 * and a palette item dropped on the canvas becomes a state there.
 */
export function JourneyCanvas() {
  const view = useJourneyView();
  const { store, problems, simulation, analytics } = view;
  const doc = useJourneyEditor((state) => state.history.present);
  const selection = useJourneyEditor((state) => state.selection);
  const flow = useReactFlow();
  // Positions while a drag is under way, and the sizes the canvas measured: view state, not document.
  const [dragging, setDragging] = useState<Record<string, JourneyPosition>>({});
  const [measured, setMeasured] = useState<Record<string, { width: number; height: number }>>({});

  const grouped = useMemo(() => groupProblems(problems.problems), [problems]);
  const warnings = useMemo(() => groupProblems(problems.warnings), [problems]);
  const visits = useMemo(() => visitOrder(simulation), [simulation]);
  const traversed = useMemo(() => traversedTransitions(doc, simulation), [doc, simulation]);
  const counts = useMemo(() => new Map((analytics?.states ?? []).map((state) => [state.state, { now: state.now, ever: state.customersEver }])), [analytics]);

  const nodes: StateNode[] = useMemo(
    () =>
      toFlowNodes(
        doc,
        (state) => ({
          problems: (grouped.states.get(state.id) ?? []).map((problem) => problem.message),
          warnings: (warnings.states.get(state.id) ?? []).map((problem) => problem.message),
          visits: visits.get(state.id) ?? [],
          counts: counts.get(state.id) ?? null,
        }),
        selection?.type === 'state' ? selection.id : null,
      ).map((node) => ({ ...node, position: dragging[node.id] ?? node.position, ...(measured[node.id] ? { measured: measured[node.id] } : {}) })),
    [doc, grouped, warnings, visits, counts, selection, dragging, measured],
  );
  const edges: TransitionEdge[] = useMemo(
    () =>
      toFlowEdges(
        doc,
        (transition) => ({ problems: (grouped.transitions.get(transition.id) ?? []).map((problem) => problem.message), traversed: traversed.has(transition.id) }),
        selection?.type === 'transition' ? selection.id : null,
      ),
    [doc, grouped, traversed, selection],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<StateNode>[]) => {
      const sizes: Record<string, { width: number; height: number }> = {};
      const moving: Record<string, JourneyPosition> = {};
      const finished: Record<string, JourneyPosition> = {};
      for (const change of changes) {
        if (change.type === 'dimensions' && change.dimensions) sizes[change.id] = change.dimensions;
        else if (change.type === 'position' && change.position) (change.dragging ? moving : finished)[change.id] = change.position;
        else if (change.type === 'select' && change.selected) store.getState().select({ type: 'state', id: change.id });
      }
      if (Object.keys(sizes).length > 0) setMeasured((previous) => ({ ...previous, ...sizes }));
      if (Object.keys(moving).length > 0) setDragging((previous) => ({ ...previous, ...moving }));
      if (Object.keys(finished).length > 0) {
        store.getState().dispatch(moveStates, { positions: finished });
        setDragging((previous) => Object.fromEntries(Object.entries(previous).filter(([id]) => !(id in finished))));
      }
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<TransitionEdge>[]) => {
      for (const change of changes) if (change.type === 'select' && change.selected) store.getState().select({ type: 'transition', id: change.id });
    },
    [store],
  );

  const onConnect = useCallback(
    (connection: Connection) => store.getState().dispatch(connectStates, { from: connection.source, to: connection.target, handle: connection.sourceHandle }),
    [store],
  );

  const isValidConnection = useCallback(
    (connection: { source: string; target: string; sourceHandle?: string | null }) => {
      const current = store.getState().history.present;
      return connectStates(current, { from: connection.source, to: connection.target, handle: connection.sourceHandle ?? null }) !== current;
    },
    [store],
  );

  const onDelete: OnDelete<StateNode, TransitionEdge> = useCallback(
    ({ nodes: removedNodes, edges: removedEdges }) =>
      store.getState().dispatch(deleteElements, { stateIds: removedNodes.map((node) => node.id), transitionIds: removedEdges.map((edge) => edge.id) }),
    [store],
  );

  const onDrop = useCallback(
    (event: DragEvent) => {
      const key = event.dataTransfer.getData(paletteDragType);
      if (!key) return;
      event.preventDefault();
      const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      addPaletteState(store, key, { x: position.x - 90, y: position.y - 30 });
    },
    [flow, store],
  );

  return (
    <div className="canvas" aria-label="Journey canvas" onDragOver={(event) => event.dataTransfer.types.includes(paletteDragType) && event.preventDefault()} onDrop={onDrop}>
      <ReactFlow<StateNode, TransitionEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onDelete={onDelete}
        onPaneClick={() => store.getState().select(null)}
        deleteKeyCode={['Backspace', 'Delete']}
        multiSelectionKeyCode={null}
        selectionKeyCode={null}
        fitView
        fitViewOptions={{ padding: 0.2, maxZoom: 1.1 }}
        minZoom={0.2}
        defaultEdgeOptions={{ type: 'smoothstep' }}
        proOptions={{ hideAttribution: false }}
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable nodeColor={(node) => colorOfStage((node as StateNode).data.state.stage)} ariaLabel="Overview of the journey" />
      </ReactFlow>
    </div>
  );
}
