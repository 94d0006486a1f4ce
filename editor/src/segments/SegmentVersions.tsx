import { useApp } from '../app/app-context';
import { useRequest } from '../app/use-request';

/** The saved versions of a segment, newest first, each with its rules as JSON. */
export function SegmentVersions({ segmentId, currentVersion }: { segmentId: string; currentVersion: number }) {
  const { api } = useApp();
  const versions = useRequest(() => api.listSegmentVersions(segmentId), `${segmentId}:${currentVersion}`);
  return (
    <section className="panel" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      {versions.error && <p className="error">{versions.error}</p>}
      {versions.data && (
        <ul className="versions">
          {[...versions.data.versions].reverse().map((version) => (
            <li key={version.version}>
              <details>
                <summary>
                  v{version.version} · {version.name} <span className="muted small">{version.createdAt.slice(0, 16).replace('T', ' ')}</span>
                </summary>
                <pre className="json">{JSON.stringify(version.conditions, null, 2)}</pre>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
