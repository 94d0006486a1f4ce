import { DurationField } from '../../forms/index';
import type { ParamsFormProps, StateOfKind } from './params-form-props';

/** How long to wait for an event; the events themselves are the transitions from "event happened". */
export function WaitParamsForm({ state, onParams, problemsAt }: ParamsFormProps<StateOfKind<'wait'>>) {
  return (
    <>
      <DurationField
        id="wait-timeout"
        label="Give up after"
        value={state.params.timeout}
        onChange={(timeout) => onParams({ timeout }, 'timeout')}
        problems={problemsAt('/timeout')}
      />
      <p className="help">Connect "event happened" to where customers go when the event arrives (select that arrow to name the event), and "timed out" to where the others go.</p>
    </>
  );
}
