import type { ComponentType } from 'react';
import { groupConditionProblems } from '../condition-document/index';
import { FieldProblems, TextField } from '../forms/index';
import {
  deleteStates,
  duplicateState,
  lifecycleStages,
  nextStateId,
  paletteItemOfState,
  renameState,
  setStateParams,
  updateState,
  type LifecycleStage,
} from '../journey-document/index';
import type { JourneyState } from '../../../schemas/types';
import { useJourneyEditor, useJourneyView } from './journey-view-context';
import { DelayParamsForm } from './params/DelayParamsForm';
import { EntryParamsForm } from './params/EntryParamsForm';
import { GoalParamsForm } from './params/GoalParamsForm';
import { IdField } from './params/IdField';
import { LifecycleStageParamsForm } from './params/LifecycleStageParamsForm';
import { LoyaltyParamsForm } from './params/LoyaltyParamsForm';
import type { ParamsFormProps } from './params/params-form-props';
import { SendParamsForm } from './params/SendParamsForm';
import { SplitParamsForm } from './params/SplitParamsForm';
import { TagsParamsForm } from './params/TagsParamsForm';
import { TaskParamsForm } from './params/TaskParamsForm';
import { UpdateAttributesParamsForm } from './params/UpdateAttributesParamsForm';
import { WaitParamsForm } from './params/WaitParamsForm';
import { WebhookParamsForm } from './params/WebhookParamsForm';

// One parameter form per kind; exits have no parameters.
const paramForms: Partial<Record<JourneyState['kind'], ComponentType<ParamsFormProps<never>>>> = {
  entry: EntryParamsForm,
  delay: DelayParamsForm,
  wait: WaitParamsForm,
  split: SplitParamsForm,
  send: SendParamsForm,
  webhook: WebhookParamsForm,
  'update-attributes': UpdateAttributesParamsForm,
  tags: TagsParamsForm,
  loyalty: LoyaltyParamsForm,
  'lifecycle-stage': LifecycleStageParamsForm,
  task: TaskParamsForm,
  goal: GoalParamsForm,
};

/** The selected state: id, label, lifecycle stage, its parameters, and its problems. */
export function StateInspector({ stateId }: { stateId: string }) {
  const { store, problems } = useJourneyView();
  const state = useJourneyEditor((editor) => editor.history.present.states.find((candidate) => candidate.id === stateId));
  if (!state) return null;
  const dispatch = store.getState().dispatch;
  const mine = problems.problems.filter((problem) => problem.target.type === 'state' && problem.target.id === stateId);
  const myWarnings = problems.warnings.filter((problem) => problem.target.type === 'state' && problem.target.id === stateId);
  const item = paletteItemOfState(state);
  const Form = paramForms[state.kind] as ComponentType<ParamsFormProps> | undefined;
  const problemsAt = (rest: string, options: { exact?: boolean } = {}) =>
    mine.filter((problem) => problem.rest === `/params${rest}` || (!options.exact && problem.rest.startsWith(`/params${rest}/`))).map((problem) => problem.message);
  const conditionProblems = (rest: string) => {
    // Pointers name the state by its index in the validated document: /states/3/params/…
    const target = mine[0]?.target;
    return target?.type === 'state' ? groupConditionProblems(mine, `/states/${target.index}/params${rest}`) : new Map();
  };
  const stateLevel = mine.filter((problem) => !problem.rest.startsWith('/params') || problem.rest === '/params').map((problem) => problem.message);

  return (
    <section className="inspector-section" aria-labelledby="state-title">
      <h2 id="state-title">
        <span className="stage-dot" style={{ background: lifecycleStages.find((s) => s.stage === state.stage)?.color }} aria-hidden="true" /> {item.label}
      </h2>
      <p className="muted small">{item.description}</p>
      <FieldProblems messages={stateLevel} />
      <IdField id="state-id" label="Id" value={state.id} onRename={(next) => {
        const before = store.getState().history.present;
        dispatch(renameState, { id: state.id, newId: next });
        const changed = store.getState().history.present !== before;
        if (changed) store.getState().select({ type: 'state', id: next });
        return changed;
      }} />
      <TextField id="state-label" label="Label" value={state.label ?? ''} maxLength={200} onChange={(label) => dispatch(updateState, { id: state.id, label }, { mergeKey: `label:${state.id}` })} />
      <div className="field">
        <label htmlFor="state-stage">Lifecycle stage</label>
        <select id="state-stage" value={state.stage} onChange={(event) => dispatch(updateState, { id: state.id, stage: event.target.value as LifecycleStage })}>
          {lifecycleStages.map((stage) => (
            <option key={stage.stage} value={stage.stage}>
              {stage.label}
            </option>
          ))}
        </select>
      </div>
      {Form && (
        <Form
          key={state.id}
          state={state}
          onParams={(params, field) => dispatch(setStateParams, { id: state.id, params }, { mergeKey: `params:${state.id}:${field}` })}
          problemsAt={problemsAt}
          conditionProblems={conditionProblems}
        />
      )}
      {myWarnings.length > 0 && (
        <ul className="warnings">
          {myWarnings.map((warning, i) => (
            <li key={i}>{warning.message}</li>
          ))}
        </ul>
      )}
      <div className="form-actions">
        <button type="button" onClick={() => {
          const id = nextStateId(store.getState().history.present, item.key);
          dispatch(duplicateState, { id: state.id, newId: id });
          store.getState().select({ type: 'state', id });
        }}>
          Duplicate
        </button>
        <button type="button" className="danger" onClick={() => dispatch(deleteStates, { ids: [state.id] })}>
          Delete state
        </button>
      </div>
    </section>
  );
}
