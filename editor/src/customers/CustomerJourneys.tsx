import { useState } from 'react';
import { hrefOf } from '../app/hash-route';
import type { JourneyPresence } from '../../../schemas/types';
import { JourneyRuns } from './JourneyRuns';

/** The journeys a customer is or was in, with the last steps they took; every run's whole path on request. */
export function CustomerJourneys({ userId, journeys }: { userId: string; journeys: Record<string, JourneyPresence> }) {
  const entries = Object.entries(journeys);
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const toggle = (journeyId: string) => setOpened((previous) => {
    const next = new Set(previous);
    if (!next.delete(journeyId)) next.add(journeyId);
    return next;
  });
  return (
    <section className="panel" aria-labelledby="journeys-of-customer">
      <h3 id="journeys-of-customer">Journeys ({entries.length})</h3>
      {entries.length === 0 && <p className="muted">In no journey.</p>}
      {entries.map(([journeyId, presence]) => (
        <div key={journeyId} className="presence">
          <p>
            <a href={hrefOf({ page: 'journey', id: journeyId })}>{journeyId}</a> v{presence.version} <span className={`pill status-${presence.status}`}>{presence.status}</span>{' '}
            <span className="muted small">
              now in <strong>{presence.state}</strong> · entered {presence.enteredAt.slice(0, 16).replace('T', ' ')}
            </span>
          </p>
          {!opened.has(journeyId) && presence.path && presence.path.length > 0 && (
            <ol className="path inline-path">
              {presence.path.map((step, i) => (
                <li key={i} title={step.at}>
                  {step.state}
                </li>
              ))}
            </ol>
          )}
          <button type="button" className="small link" aria-expanded={opened.has(journeyId)} onClick={() => toggle(journeyId)}>
            {opened.has(journeyId) ? 'Hide the runs' : `Every run and step in ${journeyId}`}
          </button>
          {opened.has(journeyId) && <JourneyRuns userId={userId} journeyId={journeyId} />}
        </div>
      ))}
    </section>
  );
}
