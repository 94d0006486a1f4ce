import type { Condition } from '../../../engine/rules/index';
import { useApp } from '../app/app-context';
import { groupConditionProblems } from '../condition-document/index';
import { ConditionBuilder } from '../conditions/ConditionBuilder';
import { FieldProblems, TextField } from '../forms/index';
import { deleteTransitions, explainTrigger, updateTransition } from '../journey-document/index';
import type { TransitionTrigger } from '../../../schemas/types';
import { useJourneyEditor, useJourneyView } from './journey-view-context';

/** The selected transition: where it goes, what moves customers along it, its label and problems. */
export function TransitionInspector({ transitionId }: { transitionId: string }) {
  const { facts } = useApp();
  const { store, problems } = useJourneyView();
  const doc = useJourneyEditor((editor) => editor.history.present);
  const transition = doc.transitions.find((candidate) => candidate.id === transitionId);
  if (!transition) return null;
  const dispatch = store.getState().dispatch;
  const from = doc.states.find((state) => state.id === transition.from);
  const to = doc.states.find((state) => state.id === transition.to);
  const mine = problems.problems.filter((problem) => problem.target.type === 'transition' && problem.target.id === transitionId);
  const target = mine[0]?.target;
  const setTrigger = (on: TransitionTrigger, field: string) => dispatch(updateTransition, { id: transition.id, on }, { mergeKey: `on:${transition.id}:${field}` });
  const on = transition.on;

  return (
    <section className="inspector-section" aria-labelledby="transition-title">
      <h2 id="transition-title">Transition</h2>
      <p>
        From <strong>{from?.label ?? transition.from}</strong> to <strong>{to?.label ?? transition.to}</strong>
      </p>
      <p className="muted">{explainTrigger(on)}</p>
      <FieldProblems messages={mine.filter((problem) => !problem.rest.startsWith('/on/condition')).map((problem) => problem.message)} />
      {from?.kind === 'wait' && (
        <div className="field">
          <label htmlFor="transition-type">Customers move on</label>
          <select
            id="transition-type"
            value={on.type}
            onChange={(event) => setTrigger(event.target.value === 'timeout' ? { type: 'timeout' } : { type: 'event', event: 'Order Completed' }, 'type')}
          >
            <option value="event">when an event happens</option>
            <option value="timeout">when the wait times out</option>
          </select>
        </div>
      )}
      {on.type === 'event' && (
        <>
          <TextField id="transition-event" label="Event name" value={on.event} onChange={(event) => setTrigger({ ...on, event }, 'event')} />
          <div className="field">
            <label>
              <input type="checkbox" checked={on.condition !== undefined} onChange={(event) => {
                const { condition: _c, ...rest } = on;
                setTrigger(event.target.checked ? { ...rest, condition: { all: [{ fact: 'event.properties.total', operator: 'greaterThan', value: 0 }] } } : rest, 'condition');
              }} />{' '}
              Only when a condition holds
            </label>
          </div>
          {on.condition !== undefined && (
            <ConditionBuilder
              value={on.condition as Condition}
              onChange={(condition) => setTrigger({ ...on, condition }, 'condition')}
              catalogue={facts}
              scope="event"
              problems={target?.type === 'transition' ? groupConditionProblems(mine, `/transitions/${target.index}/on/condition`) : new Map()}
              idPrefix={`transition-${transition.id}`}
              label="Transition condition"
            />
          )}
        </>
      )}
      <TextField
        id="transition-label"
        label="Label on the canvas"
        value={transition.label ?? ''}
        maxLength={200}
        onChange={(label) => dispatch(updateTransition, { id: transition.id, label }, { mergeKey: `label:${transition.id}` })}
      />
      <div className="form-actions">
        <button type="button" className="danger" onClick={() => dispatch(deleteTransitions, { ids: [transition.id] })}>
          Delete transition
        </button>
      </div>
    </section>
  );
}
