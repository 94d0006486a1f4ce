import type { Condition } from '../../../../engine/rules/index';
import { useApp } from '../../app/app-context';
import { ConditionBuilder } from '../../conditions/ConditionBuilder';
import { FieldProblems } from '../../forms/index';
import { nextFreeId, renameSplitBranch } from '../../journey-document/index';
import type { SplitParams, WeightedBranch } from '../../../../schemas/types';
import { useJourneyView } from '../journey-view-context';
import { IdField } from './IdField';
import type { ParamsFormProps, StateOfKind } from './params-form-props';

function paramsOf(mode: SplitParams['mode']): SplitParams {
  if (mode === 'conditions') return { mode, branches: [{ id: 'yes', condition: { all: [{ fact: 'traits.orders_count', operator: 'greaterThan', value: 0 }] } }] };
  if (mode === 'random') return { mode, branches: [{ id: 'a', weight: 50 }, { id: 'b', weight: 50 }] };
  return { mode, variants: [{ id: 'a', label: 'Variant A', weight: 50 }, { id: 'b', label: 'Variant B', weight: 50 }], holdoutPercent: 10 };
}

/** How a split divides customers: conditions (first match, else), at random, or an A/B test with a holdout. */
export function SplitParamsForm({ state, onParams, problemsAt, conditionProblems }: ParamsFormProps<StateOfKind<'split'>>) {
  const { facts } = useApp();
  const { store } = useJourneyView();
  const params = state.params;
  const rename = (from: string, to: string) => {
    const before = store.getState().history.present;
    store.getState().dispatch(renameSplitBranch, { stateId: state.id, from, to });
    return store.getState().history.present !== before;
  };
  const weighted = params.mode === 'ab' ? params.variants : params.mode === 'random' ? params.branches : [];
  const setWeighted = (branches: WeightedBranch[], field: string) => onParams(params.mode === 'ab' ? { ...params, variants: branches } : { mode: 'random', branches }, field);

  return (
    <>
      <div className="field">
        <label htmlFor="split-mode">Split by</label>
        <select id="split-mode" value={params.mode} onChange={(event) => onParams(paramsOf(event.target.value as SplitParams['mode']), 'mode')}>
          <option value="conditions">conditions (first that matches, else)</option>
          <option value="random">chance</option>
          <option value="ab">A/B test with holdout</option>
        </select>
      </div>
      <FieldProblems messages={problemsAt('', { exact: true })} />
      {params.mode === 'conditions' && (
        <ol className="branches">
          {params.branches.map((branch, index) => (
            <li key={`${index}`} className="branch">
              <div className="branch-head">
                <IdField id={`branch-${index}-id`} label={`Branch ${index + 1} id`} value={branch.id} onRename={(next) => rename(branch.id, next)} />
                <button
                  type="button"
                  className="small danger"
                  onClick={() => onParams({ ...params, branches: params.branches.filter((_, i) => i !== index) }, 'branches')}
                  aria-label={`Remove branch ${branch.id}`}
                >
                  Remove
                </button>
              </div>
              <ConditionBuilder
                value={branch.condition as Condition}
                onChange={(condition) => onParams({ ...params, branches: params.branches.map((existing, i) => (i === index ? { ...existing, condition } : existing)) }, `branch-${index}`)}
                catalogue={facts}
                scope="customer"
                problems={conditionProblems(`/branches/${index}/condition`)}
                idPrefix={`split-${state.id}-${index}`}
                label={`Condition of branch ${branch.id}`}
              />
            </li>
          ))}
          <li className="muted small">Else: everyone no branch matched.</li>
        </ol>
      )}
      {params.mode === 'conditions' && (
        <button
          type="button"
          className="small"
          onClick={() => onParams({ ...params, branches: [...params.branches, { id: nextFreeId('branch', params.branches.map((b) => b.id)), condition: { all: [] } }] }, 'branches')}
        >
          + Branch
        </button>
      )}
      {params.mode !== 'conditions' && (
        <>
          <table className="compact weights">
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Label</th>
                <th scope="col">Weight</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {weighted.map((branch, index) => (
                <tr key={index}>
                  <td>
                    <IdField id={`weighted-${index}-id`} label="" value={branch.id} onRename={(next) => rename(branch.id, next)} />
                  </td>
                  <td>
                    <input aria-label={`Label of ${branch.id}`} value={branch.label ?? ''} onChange={(event) => setWeighted(weighted.map((b, i) => (i === index ? { ...b, label: event.target.value } : b)), `label-${index}`)} />
                  </td>
                  <td>
                    <input aria-label={`Weight of ${branch.id}`} type="number" min={1} value={branch.weight} onChange={(event) => setWeighted(weighted.map((b, i) => (i === index ? { ...b, weight: Math.max(0.01, Number(event.target.value)) } : b)), `weight-${index}`)} />
                  </td>
                  <td>
                    <button type="button" className="small icon danger" aria-label={`Remove ${branch.id}`} onClick={() => setWeighted(weighted.filter((_, i) => i !== index), 'branches')}>
                      ×
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="small" onClick={() => setWeighted([...weighted, { id: nextFreeId('variant', weighted.map((b) => b.id)), weight: 50 }], 'branches')}>
            + {params.mode === 'ab' ? 'Variant' : 'Branch'}
          </button>
          {params.mode === 'ab' && (
            <div className="field">
              <label htmlFor="split-holdout">Holdout (% kept out of every send, for measuring uplift)</label>
              <input id="split-holdout" type="number" min={0} max={50} value={params.holdoutPercent ?? 0} onChange={(event) => onParams({ ...params, holdoutPercent: Math.min(50, Math.max(0, Number(event.target.value))) }, 'holdout')} />
            </div>
          )}
        </>
      )}
    </>
  );
}
