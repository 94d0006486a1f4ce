import { JsonField, TextField } from '../../forms/index';
import type { ParamsFormProps, StateOfKind } from './params-form-props';

/** Attributes to set (a JSON object) and to clear (names). */
export function UpdateAttributesParamsForm({ state, onParams, problemsAt }: ParamsFormProps<StateOfKind<'update-attributes'>>) {
  const params = state.params;
  return (
    <>
      <JsonField id={`set-${state.id}`} label="Set attributes" value={params.set ?? {}} onChange={(set) => onParams({ ...params, set }, 'set')} problems={problemsAt('/set')} help='For example { "plan": "gold", "welcomed": true }.' />
      <TextField
        id="unset-attributes"
        label="Clear attributes"
        value={(params.unset ?? []).join(', ')}
        onChange={(text) => {
          const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
          const { unset: _u, ...rest } = params;
          onParams(names.length === 0 ? rest : { ...rest, unset: names }, 'unset');
        }}
        problems={problemsAt('/unset')}
        help="Names separated by commas."
      />
    </>
  );
}
