import { useApp } from '../app/app-context';
import { hrefOf } from '../app/hash-route';
import { useRequest } from '../app/use-request';

/** The workspace's segments with their size now. */
export function SegmentList() {
  const { api } = useApp();
  const segments = useRequest(() => api.listSegments(), 'segments');
  return (
    <section aria-labelledby="segments-title">
      <div className="page-head">
        <h1 id="segments-title">Segments</h1>
        <a className="button primary" href={hrefOf({ page: 'segment', id: null })}>
          New segment
        </a>
      </div>
      {segments.error && (
        <p className="error" role="alert">
          {segments.error}
        </p>
      )}
      {segments.loading && !segments.data && <p className="muted">Loading…</p>}
      {segments.data && segments.data.segments.length === 0 && <p className="muted">No segments yet. Create one: its size updates as you type its rules.</p>}
      {segments.data && segments.data.segments.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" className="number">
                Customers
              </th>
              <th scope="col">Version</th>
              <th scope="col">Changes with time</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {segments.data.segments.map((segment) => (
              <tr key={segment.id} className={segment.status === 'archived' ? 'archived' : ''}>
                <td>
                  <a href={hrefOf({ page: 'segment', id: segment.id })}>{segment.name}</a>
                  <div className="muted small">{segment.id}{segment.status === 'archived' ? ' · archived' : ''}</div>
                </td>
                <td className="number">{segment.size === undefined ? '—' : segment.size.toLocaleString()}</td>
                <td>v{segment.version}</td>
                <td>{segment.dependsOnTime ? 'yes (relative dates)' : 'no'}</td>
                <td>{segment.updatedAt.slice(0, 16).replace('T', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
