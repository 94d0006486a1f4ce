import { useReactFlow } from '@xyflow/react';
import type { LocatedProblem } from '../journey-document/index';
import { useJourneyEditor, useJourneyView } from './journey-view-context';

function placeOf(problem: LocatedProblem, names: Map<string, string>): string {
  switch (problem.target.type) {
    case 'state':
      return names.get(problem.target.id) ?? problem.target.id;
    case 'transition':
      return `arrow ${problem.target.id}`;
    case 'settings':
      return 'settings';
    case 'journey':
      return 'journey';
  }
}

/** Every validation problem and warning; choosing one selects (and shows) what it is about. */
export function ProblemPanel({ onClose }: { onClose(): void }) {
  const { store, problems } = useJourneyView();
  const doc = useJourneyEditor((editor) => editor.history.present);
  const flow = useReactFlow();
  const names = new Map(doc.states.map((state) => [state.id, state.label ?? state.id]));

  const show = (problem: LocatedProblem) => {
    const target = problem.target;
    if (target.type === 'state') {
      store.getState().select({ type: 'state', id: target.id });
      void flow.fitView({ nodes: [{ id: target.id }], duration: 300, maxZoom: 1.2 });
    } else if (target.type === 'transition') {
      store.getState().select({ type: 'transition', id: target.id });
      const transition = doc.transitions.find((candidate) => candidate.id === target.id);
      if (transition) void flow.fitView({ nodes: [{ id: transition.from }, { id: transition.to }], duration: 300, maxZoom: 1.2 });
    } else {
      store.getState().select({ type: 'settings' });
    }
  };

  const rows = [...problems.problems, ...problems.warnings];
  return (
    <section className="drawer" aria-labelledby="problems-title">
      <header className="drawer-head">
        <h2 id="problems-title">
          {problems.valid ? 'Ready to publish' : `${problems.problems.length} problem${problems.problems.length === 1 ? '' : 's'} to fix before publishing`}
        </h2>
        <span className="muted small">Checked by the engine's own validation, as publishing will.</span>
        <span className="spacer" />
        <button type="button" className="small" onClick={onClose} aria-label="Close problems">
          ×
        </button>
      </header>
      {rows.length === 0 ? (
        <p className="muted">No problems. Simulate it on a customer, then publish.</p>
      ) : (
        <ul className="problem-list" data-testid="problem-list">
          {rows.map((problem, i) => (
            <li key={i} className={problem.severity}>
              <button type="button" className="link" onClick={() => show(problem)}>
                {placeOf(problem, names)}
              </button>{' '}
              {problem.code && problem.code !== 'INVALID_DEFINITION' && <span className="problem-code">{problem.code}</span>} {problem.message}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
