import type { Health } from '../../../schemas/types';
import { useApp } from './app-context';
import { hrefOf } from './hash-route';
import { useRequest } from './use-request';

/** The workspace at a glance: its segments, journeys and the server it runs on. */
export function Overview() {
  const { api } = useApp();
  const segments = useRequest(() => api.listSegments(), 'segments');
  const journeys = useRequest(() => api.listJourneys(), 'journeys');
  const health = useRequest(async () => (await fetch('/health')).json() as Promise<Health>, 'health');
  const live = journeys.data?.journeys.filter((journey) => journey.liveVersion !== null).length ?? 0;
  const members = segments.data?.segments.reduce((sum, segment) => sum + (segment.size ?? 0), 0) ?? 0;

  return (
    <section aria-labelledby="overview-title">
      <h1 id="overview-title">Your workspace</h1>
      <div className="cards">
        <a className="card" href={hrefOf({ page: 'segments' })}>
          <span className="card-figure">{segments.data ? segments.data.segments.length : '–'}</span>
          <span className="card-label">segments</span>
          <span className="muted">{segments.error ?? `${members.toLocaleString()} memberships in all`}</span>
        </a>
        <a className="card" href={hrefOf({ page: 'journeys' })}>
          <span className="card-figure">{journeys.data ? journeys.data.journeys.length : '–'}</span>
          <span className="card-label">journeys</span>
          <span className="muted">{journeys.error ?? `${live} live`}</span>
        </a>
        <a className="card" href={hrefOf({ page: 'customers', userId: null })}>
          <span className="card-figure">→</span>
          <span className="card-label">customers</span>
          <span className="muted">Look a customer up by userId</span>
        </a>
      </div>
      <h2>Start here</h2>
      <ol className="steps">
        <li>
          <a href={hrefOf({ page: 'segment', id: null })}>Define a segment</a>: who it is for, with a live count as you type.
        </li>
        <li>
          <a href={hrefOf({ page: 'journeys' })}>Draw a journey</a>: entry, messages, waits and goals; simulate it on a real customer, then publish.
        </li>
        <li>Watch customers move through it: counts per step and conversions against the holdout.</li>
      </ol>
      {health.data && (
        <p className="muted small">
          Server {health.data.version}, {health.data.store.kind} store.
        </p>
      )}
    </section>
  );
}
