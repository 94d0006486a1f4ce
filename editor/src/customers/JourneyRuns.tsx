import { useApp } from '../app/app-context';
import { useRequest } from '../app/use-request';

const shortTime = (iso: string): string => iso.slice(0, 16).replace('T', ' ');

/** Every run of a customer through one journey, newest first, each with every state it entered and when. */
export function JourneyRuns({ userId, journeyId }: { userId: string; journeyId: string }) {
  const { api } = useApp();
  const history = useRequest(() => api.readCustomerJourneyHistory(userId, journeyId), `${userId}\u0000${journeyId}`);
  if (history.loading) return <p className="muted small">Loading…</p>;
  if (history.error) return <p className="error">{history.error}</p>;
  const runs = history.data?.instances ?? [];
  return (
    <div className="journey-runs" aria-label={`Runs through ${journeyId}`}>
      {runs.map((run) => (
        <div key={run.instanceId} className="journey-run">
          <p className="small">
            v{run.version} <span className={`pill status-${run.status}`}>{run.status}</span> entered {shortTime(run.enteredAt)}
            {run.endedAt && ` · ended ${shortTime(run.endedAt)}${run.endReason ? ` (${run.endReason})` : ''}`}
            {run.variant && ` · variant ${run.variant}${run.holdout ? ' (holdout)' : ''}`}
            {run.convertedAt && ` · converted ${shortTime(run.convertedAt)}`}
          </p>
          {!run.pathComplete && <p className="muted small">Its first {run.steps - run.path.length} steps are no longer kept; the {run.path.length} since:</p>}
          <ol className="path">
            {run.path.map((step, i) => (
              <li key={i}>
                <span className="muted small">{shortTime(step.at)}</span> {step.state}
              </li>
            ))}
          </ol>
        </div>
      ))}
      {history.data?.more && <p className="muted small">Older runs are not shown: only the {runs.length} newest.</p>}
    </div>
  );
}
