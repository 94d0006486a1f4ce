import { hrefOf } from '../app/hash-route';
import type { JourneyPresence } from '../../../schemas/types';

/** The journeys a customer is or was in, with the path they took. */
export function CustomerJourneys({ journeys }: { journeys: Record<string, JourneyPresence> }) {
  const entries = Object.entries(journeys);
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
          {presence.path && presence.path.length > 0 && (
            <ol className="path inline-path">
              {presence.path.map((step, i) => (
                <li key={i} title={step.at}>
                  {step.state}
                </li>
              ))}
            </ol>
          )}
        </div>
      ))}
    </section>
  );
}
