import { hrefOf } from '../app/hash-route';
import type { PreviewState } from './use-segment-preview';

function formatValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 16).replace('T', ' ') : value;
  return JSON.stringify(value);
}

/** How many customers the conditions match now, and a sample of them with the values that decided it. */
export function SegmentPreviewPanel({ state, blocked }: { state: PreviewState; blocked: boolean }) {
  const { preview } = state;
  const share = preview && preview.total > 0 ? (preview.count / preview.total) * 100 : 0;
  return (
    <section className="panel preview-panel" aria-labelledby="preview-title" aria-busy={state.loading}>
      <h2 id="preview-title">Who matches now</h2>
      {blocked && <p className="muted">Fix the rules marked in red to see who matches.</p>}
      <p className="preview-count" aria-live="polite">
        {preview ? (
          <>
            <strong data-testid="preview-count">{preview.count.toLocaleString()}</strong> of {preview.total.toLocaleString()} customers
            <span className="muted"> ({share < 1 && share > 0 ? share.toFixed(2) : share.toFixed(1)}%)</span>
          </>
        ) : (
          <span className="muted">{state.loading ? 'Counting…' : '—'}</span>
        )}
        {state.loading && preview && <span className="muted small"> updating…</span>}
      </p>
      {preview && preview.total > 0 && (
        <div className="meter" aria-hidden="true">
          <span style={{ width: `${Math.max(share, preview.count > 0 ? 0.5 : 0)}%` }} />
        </div>
      )}
      {state.error && !state.problem && (
        <p className="error" role="alert">
          {state.error}
        </p>
      )}
      {preview && preview.sample.length > 0 && (
        <div className="table-wrap">
          <table className="compact">
            <caption className="muted small">Sample of matching customers, with the facts the rules read</caption>
            <thead>
              <tr>
                <th scope="col">userId</th>
                {preview.facts.map((fact) => (
                  <th scope="col" key={fact}>
                    {fact}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.sample.map((customer) => (
                <tr key={customer.customerId}>
                  <td>{customer.userId ? <a href={hrefOf({ page: 'customers', userId: customer.userId })}>{customer.userId}</a> : <span className="muted">anonymous</span>}</td>
                  {preview.facts.map((fact) => (
                    <td key={fact}>{formatValue(customer.values[fact])}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {preview && <p className="muted small">Evaluated at {preview.at.slice(0, 19).replace('T', ' ')} UTC.</p>}
    </section>
  );
}
