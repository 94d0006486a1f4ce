import { useState, type FormEvent } from 'react';
import { describeApiError } from '../api/index';
import { useApp } from '../app/app-context';
import { hrefOf, navigate } from '../app/hash-route';
import { useRequest } from '../app/use-request';
import { createJourneyDraft, isIdentifier } from '../journey-document/index';

/** `Welcome series` → `welcome-series`: a journey id from its name (ids start with a letter). */
function idOf(name: string): string {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return /^[a-z]/.test(slug) ? slug : `j-${slug}`.replace(/-$/, '');
}

const statusLabel = { draft: 'draft', published: 'live', archived: 'archived' } as const;

/** The workspace's journeys, and a form to start a new one. */
export function JourneyList() {
  const { api } = useApp();
  const journeys = useRequest(() => api.listJourneys(), 'journeys');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const id = idOf(name);
    if (!isIdentifier(id)) {
      setError('Give the journey a name with at least one letter.');
      return;
    }
    setCreating(true);
    setError(null);
    try {
      await api.createJourney(createJourneyDraft(id, name.trim()));
      navigate({ page: 'journey', id });
    } catch (caught) {
      setError(describeApiError(caught));
    } finally {
      setCreating(false);
    }
  };

  return (
    <section aria-labelledby="journeys-title">
      <div className="page-head">
        <h1 id="journeys-title">Journeys</h1>
      </div>
      <form className="inline-form" onSubmit={create}>
        <label htmlFor="new-journey-name">New journey</label>
        <input id="new-journey-name" placeholder="Welcome series" value={name} onChange={(event) => setName(event.target.value)} maxLength={200} required />
        <button type="submit" className="primary" disabled={creating}>
          {creating ? 'Creating…' : 'Create and open'}
        </button>
        {name && <span className="muted small">id: {idOf(name)}</span>}
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {journeys.error && (
        <p className="error" role="alert">
          {journeys.error}
        </p>
      )}
      {journeys.data && journeys.data.journeys.length === 0 && <p className="muted">No journeys yet.</p>}
      {journeys.data && journeys.data.journeys.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Latest version</th>
              <th scope="col">Live version</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {journeys.data.journeys.map((journey) => (
              <tr key={journey.id}>
                <td>
                  <a href={hrefOf({ page: 'journey', id: journey.id })}>{journey.name}</a>
                  <div className="muted small">{journey.id}</div>
                </td>
                <td>
                  v{journey.latestVersion} <span className={`pill status-${journey.latestStatus}`}>{statusLabel[journey.latestStatus]}</span>
                </td>
                <td>{journey.liveVersion === null ? <span className="muted">none</span> : `v${journey.liveVersion}`}</td>
                <td>{journey.updatedAt.slice(0, 16).replace('T', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
