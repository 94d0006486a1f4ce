import { TextField } from '../../forms/index';
import type { ParamsFormProps, StateOfKind } from './params-form-props';

/** Points awarded or redeemed. */
export function LoyaltyParamsForm({ state, onParams, problemsAt }: ParamsFormProps<StateOfKind<'loyalty'>>) {
  const params = state.params;
  return (
    <>
      <div className="field">
        <label htmlFor="loyalty-operation">Operation</label>
        <select id="loyalty-operation" value={params.operation} onChange={(event) => onParams({ ...params, operation: event.target.value as 'award' | 'redeem' }, 'operation')}>
          <option value="award">award</option>
          <option value="redeem">redeem</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="loyalty-points">Points</label>
        <input id="loyalty-points" type="number" min={1} step={1} value={params.points} onChange={(event) => onParams({ ...params, points: Math.max(1, Math.round(Number(event.target.value))) }, 'points')} />
      </div>
      <TextField id="loyalty-reason" label="Reason" value={params.reason ?? ''} onChange={(reason) => {
        const { reason: _r, ...rest } = params;
        onParams(reason === '' ? rest : { ...rest, reason }, 'reason');
      }} problems={problemsAt('/reason')} />
    </>
  );
}
