import type { CSSProperties, ReactNode } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { colorOfStage, hasTargetHandle, listSourceHandles, summarizeState, targetHandleId, type StateNode } from '../../journey-document/index';

interface FrameProps extends NodeProps<StateNode> {
  icon: string;
  kindLabel: string;
  children?: ReactNode;
}

/**
 * What every state node shares: the stage colour, kind and label, a one-line summary, badges
 * (problems, simulation steps, live counts), and its handles — one in, one per way out.
 */
export function StateNodeFrame({ data, selected, icon, kindLabel, children }: FrameProps) {
  const { state, problems, warnings, visits, counts } = data;
  const handles = listSourceHandles(state);
  const style = { '--stage-color': colorOfStage(state.stage) } as CSSProperties;
  const classes = ['state-node', `kind-${state.kind}`, selected ? 'selected' : '', problems.length > 0 ? 'has-problems' : '', visits.length > 0 ? 'visited' : ''];
  const described = [`${kindLabel} "${state.label ?? state.id}"`, problems.length > 0 ? `${problems.length} problem${problems.length === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
  return (
    <div className={classes.filter(Boolean).join(' ')} style={style} title={problems.join('\n') || undefined} aria-label={described} data-state-id={state.id}>
      {hasTargetHandle(state) && <Handle type="target" position={Position.Left} id={targetHandleId} className="handle-in" />}
      <header className="node-head">
        <span className="node-icon" aria-hidden="true">
          {icon}
        </span>
        <span className="node-kind">{kindLabel}</span>
        <span className="node-stage">{state.stage}</span>
      </header>
      <div className="node-label">{state.label ?? state.id}</div>
      <div className="node-summary">{summarizeState(state)}</div>
      {children}
      {(problems.length > 0 || warnings.length > 0 || visits.length > 0 || counts) && (
        <div className="node-badges">
          {problems.length > 0 && <span className="badge badge-problem">⚠ {problems.length}</span>}
          {problems.length === 0 && warnings.length > 0 && <span className="badge badge-warning">! {warnings.length}</span>}
          {visits.length > 0 && <span className="badge badge-visit">step {visits.join(', ')}</span>}
          {counts && (
            <span className="badge badge-count" title="Customers here now / who ever entered">
              {counts.now} now · {counts.ever} ever
            </span>
          )}
        </div>
      )}
      {handles.length === 1 && handles[0].id === 'out' ? (
        <Handle type="source" position={Position.Right} id={handles[0].id} className="handle-out" />
      ) : (
        handles.length > 0 && (
          <ul className="node-exits">
            {handles.map((handle) => (
              <li key={handle.id}>
                <span>{handle.label}</span>
                <Handle type="source" position={Position.Right} id={handle.id} className="handle-out" />
              </li>
            ))}
          </ul>
        )
      )}
    </div>
  );
}
