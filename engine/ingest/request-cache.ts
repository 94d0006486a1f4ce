/**
 * What the ingestion stages read once per request rather than once per event: a stage remembers the
 * catalogue it loaded (trait definitions, live segments, live journeys) under its own key, and the
 * other events of the same request reuse it. The pipeline makes a new cache for every attempt, so a
 * request retried after a commit conflict reads afresh.
 *
 * Performance notes: each catalogue is revalidated against the store (a revision document another
 * process bumps), which is right once per request — a request then sees one consistent catalogue, as
 * it would had it arrived a moment earlier — and wasteful once per event of a 100-event batch. Once a
 * load has resolved, its value is handed out directly, not as a promise, so a stage whose work is
 * synchronous can answer without a trip through the microtask queue.
 */
export class RequestCache {
  private readonly values = new Map<symbol, unknown>();

  /**
   * The value remembered under `key`, loading it on first use. A load that returns a promise is
   * remembered as that promise until it resolves, and as its value afterwards.
   */
  remember<T>(key: symbol, load: () => T | Promise<T>): T | Promise<T> {
    if (this.values.has(key)) return this.values.get(key) as T | Promise<T>;
    const value = load();
    this.values.set(key, value);
    if (value instanceof Promise) {
      value.then(
        (resolved) => {
          if (this.values.get(key) === value) this.values.set(key, resolved);
        },
        () => this.values.delete(key),
      );
    }
    return value;
  }
}

/** `load()` remembered in `cache` under `key`, or simply `load()` when the caller has no cache. */
export function rememberForRequest<T>(cache: RequestCache | undefined, key: symbol, load: () => T | Promise<T>): T | Promise<T> {
  return cache ? cache.remember(key, load) : load();
}
