import { useCallback, useEffect, useState } from 'react';
import { describeApiError } from '../api/index';

export interface RequestState<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  /** Asks again (after a save, say). */
  reload(): void;
}

/**
 * Loads something when a component shows (and again when `key` changes); an answer that arrives
 * after the key moved on is dropped.
 */
export function useRequest<T>(load: () => Promise<T>, key: string): RequestState<T> {
  const [state, setState] = useState<{ data: T | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (error: unknown) => current && setState({ data: null, error: describeApiError(error), loading: false }),
    );
    return () => {
      current = false;
    };
    // `load` is a new function every render; the key says when it means something else.
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}
