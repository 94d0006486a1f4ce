import type { Condition } from '../../../../engine/rules/index';
import { useApp } from '../../app/app-context';
import { ConditionBuilder } from '../../conditions/ConditionBuilder';
import { DurationField, TextField } from '../../forms/index';
import type { ParamsFormProps, StateOfKind } from './params-form-props';

/** A conversion goal: the event, an optional condition, the window, and whether reaching it ends the journey. */
export function GoalParamsForm({ state, onParams, problemsAt, conditionProblems }: ParamsFormProps<StateOfKind<'goal'>>) {
  const { facts } = useApp();
  const params = state.params;
  return (
    <>
      <TextField id="goal-event" label="Converts on event" value={params.event} onChange={(event) => onParams({ ...params, event }, 'event')} problems={problemsAt('/event')} />
      <DurationField id="goal-window" label="Within" value={params.window} onChange={(window) => onParams({ ...params, window }, 'window')} problems={problemsAt('/window')} help="Counted from when the customer entered the journey." />
      <div className="field">
        <label>
          <input type="checkbox" checked={params.condition !== undefined} onChange={(event) => {
            const { condition: _c, ...rest } = params;
            onParams(event.target.checked ? { ...rest, condition: { all: [{ fact: 'event.properties.total', operator: 'greaterThan', value: 0 }] } } : rest, 'condition');
          }} />{' '}
          Only when a condition holds
        </label>
      </div>
      {params.condition !== undefined && (
        <ConditionBuilder
          value={params.condition as Condition}
          onChange={(condition) => onParams({ ...params, condition }, 'condition')}
          catalogue={facts}
          scope="event"
          problems={conditionProblems('/condition')}
          idPrefix={`goal-${state.id}`}
          label="Goal condition"
        />
      )}
      <div className="field">
        <label>
          <input type="checkbox" checked={params.endsJourney === true} onChange={(event) => onParams({ ...params, endsJourney: event.target.checked }, 'ends')} /> Converting moves the customer here (and on along its
          arrow)
        </label>
        <p className="help">Unticked, the goal only counts conversions.</p>
      </div>
    </>
  );
}
