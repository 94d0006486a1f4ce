import { useApp } from '../app/app-context';
import { hrefOf } from '../app/hash-route';
import { useRequest } from '../app/use-request';
import type { TemplateUsage } from '../../../schemas/types';

type UsedVersion = TemplateUsage['journeys'][number];

/** What a save of this template changes, said per journey version. */
function effectOf(version: UsedVersion): string {
  if (!version.frozen) return 'sends this template as saved: a change reaches it at once';
  return 'sends the copy frozen when it was published; a change does not reach it';
}

/**
 * The journey versions that use a library template, with their steps, so a marketer sees before
 * saving which drafts a change reaches and that live versions keep their copy. Loaded again after
 * each save (`version`).
 */
export function TemplateUsageList({ templateId, version }: { templateId: string; version: number }) {
  const { api } = useApp();
  const usage = useRequest(() => api.readTemplateUsage(templateId), `${templateId}@${version}`);
  return (
    <section className="template-usage" aria-labelledby="template-usage-title">
      <h2 id="template-usage-title">Used by</h2>
      {usage.error && (
        <p className="error" role="alert">
          {usage.error}
        </p>
      )}
      {!usage.error && !usage.data && <p className="muted">Loading…</p>}
      {usage.data && usage.data.journeys.length === 0 && <p className="muted">No journey uses this template yet.</p>}
      {usage.data && usage.data.journeys.length > 0 && (
        <ul>
          {usage.data.journeys.map((used) => (
            <li key={`${used.id}@${used.version}`}>
              <a href={hrefOf({ page: 'journey', id: used.id })}>{used.name}</a> <span className="pill">v{used.version}</span> <span className="pill">{used.status}</span>{' '}
              <span className="muted">
                step {used.steps.join(', ')} — {effectOf(used)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
