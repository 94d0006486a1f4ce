import { useState, type FormEvent } from 'react';
import { ApiError, describeApiError, WayfarerApi } from '../api/index';

/** Asks for the admin key and checks it against the server before keeping it. */
export function SignIn({ onSignedIn }: { onSignedIn: (adminKey: string) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = key.trim();
    if (trimmed === '') {
      setError('Paste the admin key the server printed when it first started.');
      return;
    }
    setChecking(true);
    setError(null);
    try {
      await new WayfarerApi(trimmed).listJourneys();
      onSignedIn(trimmed);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 403) setError('This is the write key (for sending events). The editor needs the admin key.');
      else if (caught instanceof ApiError && caught.status === 401) setError('The server does not know this key. Check for missing characters, or ask whoever runs the server.');
      else setError(describeApiError(caught));
    } finally {
      setChecking(false);
    }
  };

  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">
          <span className="brand-mark" aria-hidden="true">◆</span> Wayfarer
        </h1>
        <p className="muted">Segments, journeys and customers of your workspace.</p>
        <label htmlFor="admin-key">Admin key</label>
        <input
          id="admin-key"
          name="admin-key"
          type="password"
          autoComplete="off"
          autoFocus
          value={key}
          onChange={(event) => setKey(event.target.value)}
          aria-describedby="admin-key-help"
          aria-invalid={error !== null}
        />
        <p id="admin-key-help" className="help">
          Printed by the server the first time it started (or set with WAYFARER_ADMIN_KEY). It is kept in this tab only: closing the tab signs you out.
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={checking}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
