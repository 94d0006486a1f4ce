import type { JourneySimulation } from '../../../schemas/types';
import { useJourneyEditor } from './journey-view-context';

function timeOf(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

/** One line for what an action did: the message's subject or recipient, the change made. */
function describeAction(action: JourneySimulation['actions'][number]): string {
  const payload = action.payload as { to?: unknown; content?: { subject?: string; body?: string; title?: string }; url?: string; task?: { title?: string } } | undefined;
  if (action.kind === 'message') {
    const content = payload?.content;
    const line = content?.subject ?? content?.title ?? content?.body ?? payload?.task?.title ?? payload?.url ?? '';
    const to = typeof payload?.to === 'string' ? ` to ${payload.to}` : '';
    return `${action.channel ?? 'message'}${to}${line ? `: ${line}` : ''}`;
  }
  return `${action.kind}${action.detail ? ` ${JSON.stringify(action.detail)}` : ''}`;
}

/** What the simulation did: the path, every action and suppression, conversions, where it ended. */
export function SimulationResults({ simulation }: { simulation: JourneySimulation }) {
  const doc = useJourneyEditor((editor) => editor.history.present);
  const labelOf = (id: string) => doc.states.find((state) => state.id === id)?.label ?? id;
  return (
    <div className="simulation-results" data-testid="simulation-results">
      <p className="muted small">
        {timeOf(simulation.start)} → {timeOf(simulation.until)} · {simulation.replayedEvents} stored event{simulation.replayedEvents === 1 ? '' : 's'} replayed
        {simulation.omittedEvents > 0 ? ` (${simulation.omittedEvents} older not replayed: give a later start)` : ''} · {simulation.instances.length} instance
        {simulation.instances.length === 1 ? '' : 's'}
      </p>
      {simulation.instances.length === 0 && <p className="muted">The customer never entered: check the entry trigger, the entry condition and the timeline.</p>}
      {simulation.instances.map((instance) => (
        <p key={instance._id} className="instance-line">
          Ended <strong>{instance.status}</strong> in {labelOf(instance.state)}
          {instance.endReason ? ` (${instance.endReason})` : ''}
          {instance.variant ? ` · variant ${instance.variant}` : ''}
          {instance.holdout ? ' · holdout' : ''}
          {instance.convertedAt ? ` · converted ${timeOf(instance.convertedAt)}` : ''}
        </p>
      ))}
      <div className="simulation-columns">
        <section aria-labelledby="sim-path">
          <h3 id="sim-path">Path</h3>
          <ol className="path" data-testid="simulation-path">
            {simulation.visits.map((visit, i) => (
              <li key={i}>
                <span className="muted small">{timeOf(visit.at)}</span> {labelOf(visit.state)}
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="sim-actions">
          <h3 id="sim-actions">Actions ({simulation.actions.length})</h3>
          {simulation.actions.length === 0 ? (
            <p className="muted small">None.</p>
          ) : (
            <ul className="actions">
              {simulation.actions.map((action, i) => (
                <li key={i} className={action.status === 'suppressed' ? 'suppressed' : ''}>
                  <span className="muted small">{timeOf(action.at)}</span> {labelOf(action.state)}: {describeAction(action)}
                  {action.status && <span className={`pill status-${action.status}`}>{action.status}</span>}
                  {action.reason && <span className="muted"> — {action.reason}</span>}
                </li>
              ))}
            </ul>
          )}
          <h3>Suppressed ({simulation.suppressions.length})</h3>
          {simulation.suppressions.length === 0 ? (
            <p className="muted small">Nothing was held back.</p>
          ) : (
            <ul className="actions">
              {simulation.suppressions.map((suppression, i) => (
                <li key={i}>
                  <span className="muted small">{timeOf(suppression.at)}</span> {labelOf(suppression.state)} ({suppression.channel}): <strong>{suppression.reason}</strong>
                  {suppression.detail ? ` — ${suppression.detail}` : ''}
                </li>
              ))}
            </ul>
          )}
          {simulation.conversions.length > 0 && (
            <>
              <h3>Conversions</h3>
              <ul>
                {simulation.conversions.map((conversion, i) => (
                  <li key={i}>
                    {timeOf(conversion.at)} reached goal {labelOf(conversion.goal)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      </div>
    </div>
  );
}
