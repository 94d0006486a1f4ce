import type { CustomerTraits as Traits } from '../../../schemas/types';
import { AttributeTable } from './AttributeTable';

const explained = new Set(['rfm', 'lifecycle_stage', 'clv', 'churn_risk', 'value_tier']);

function money(value: unknown): string {
  return typeof value === 'number' ? value.toFixed(2) : '—';
}

/** A model input as a reader wants it: at most two decimals (`0.14`, not `0.14285714285714285`). */
function rounded(value: unknown): string {
  return typeof value === 'number' ? String(Math.round(value * 100) / 100) : '—';
}

/** Computed traits: the marketing ones (RFM, lifecycle stage, CLV with its inputs) first, then the rest. */
export function CustomerTraits({ traits }: { traits: Traits }) {
  const rfm = traits.rfm as Record<string, unknown> | null | undefined;
  const stage = traits.lifecycle_stage as Record<string, unknown> | null | undefined;
  const clv = traits.clv as Record<string, unknown> | null | undefined;
  const rest = Object.fromEntries(Object.entries(traits).filter(([key]) => !explained.has(key)));
  return (
    <section className="panel traits" aria-labelledby="traits-title">
      <h3 id="traits-title">Traits</h3>
      <dl className="trait-cards">
        <div>
          <dt>Lifecycle stage</dt>
          <dd>
            <strong>{stage ? String(stage.stage) : '—'}</strong>
            {stage && (
              <span className="muted small">
                {stage.entered_at ? ` since ${String(stage.entered_at).slice(0, 10)}` : ''}
                {stage.typical_gap_days ? ` · buys every ~${String(stage.typical_gap_days)} days` : ''}
                {stage.next_change_at ? ` · next change ${String(stage.next_change_at).slice(0, 10)}` : ''}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>RFM</dt>
          <dd>
            <strong>{rfm?.group ? String(rfm.group) : rfm ? 'not scored yet' : '—'}</strong>
            {rfm && (
              <span className="muted small">
                {rfm.score ? ` score ${String(rfm.score)} ·` : ''} {String(rfm.recency_days ?? '—')} days since last order · {String(rfm.frequency ?? '—')} orders · {money(rfm.monetary)} spent
                {!rfm.group && ' (groups come from the periodic scoring of all buyers)'}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Value tier</dt>
          <dd>
            <strong>{traits.value_tier === undefined || traits.value_tier === null ? '—' : typeof traits.value_tier === 'object' ? String((traits.value_tier as Record<string, unknown>).tier ?? JSON.stringify(traits.value_tier)) : String(traits.value_tier)}</strong>
          </dd>
        </div>
        <div>
          <dt>Predicted lifetime value</dt>
          <dd>
            <strong>{clv ? money(clv.predicted_clv) : '—'}</strong>
            {clv && (
              <span className="muted small">
                {' '}
                P(alive) {typeof clv.p_alive === 'number' ? clv.p_alive.toFixed(2) : '—'} · {typeof clv.expected_orders === 'number' ? clv.expected_orders.toFixed(2) : '—'} orders expected in {String(clv.horizon_days)} days × {money(clv.expected_order_value)}
                <br />
                inputs: x = {rounded(clv.x)} repeat purchases, t_x = {rounded(clv.t_x)}, T = {rounded(clv.T)} {String(clv.time_unit ?? '')}, average order {money(clv.average_order_value)}
              </span>
            )}
          </dd>
        </div>
      </dl>
      <details>
        <summary>All traits</summary>
        <AttributeTable value={rest} />
      </details>
    </section>
  );
}
