import { TextField } from '../../forms/index';
import type { ParamsFormProps, StateOfKind } from './params-form-props';

const knownStages = ['acquire', 'convert', 'retain', 'win-back', 'remarket', 'prospect', 'new', 'active', 'at-risk', 'lapsed', 'reactivated'];

/** The lifecycle stage the customer is moved to (attributes.lifecycle_stage). */
export function LifecycleStageParamsForm({ state, onParams, problemsAt }: ParamsFormProps<StateOfKind<'lifecycle-stage'>>) {
  return (
    <>
      <TextField id="stage-value" label="Move the customer to stage" value={state.params.stage} list="stage-values" onChange={(stage) => onParams({ stage }, 'stage')} problems={problemsAt('/stage')} />
      <datalist id="stage-values">
        {knownStages.map((stage) => (
          <option key={stage} value={stage} />
        ))}
      </datalist>
    </>
  );
}
