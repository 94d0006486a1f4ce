import { useApp } from '../app/app-context';
import { hrefOf } from '../app/hash-route';
import { useRequest } from '../app/use-request';
import { templateChannels } from '../template-document/index';

const channelLabel = (channel: string) => templateChannels.find((entry) => entry.channel === channel)?.label ?? channel;

/** The workspace's template library: the messages journeys' send steps can use by name. */
export function TemplateList() {
  const { api } = useApp();
  const templates = useRequest(() => api.listTemplates(), 'templates');
  return (
    <section aria-labelledby="templates-title">
      <div className="page-head">
        <h1 id="templates-title">Templates</h1>
        <a className="button primary" href={hrefOf({ page: 'template', id: null })}>
          New template
        </a>
      </div>
      <p className="muted">
        Messages written once and used by journeys&apos; send steps. A draft journey sends a template&apos;s latest version; publishing a journey keeps the
        version it was published with.
      </p>
      {templates.error && (
        <p className="error" role="alert">
          {templates.error}
        </p>
      )}
      {templates.loading && !templates.data && <p className="muted">Loading…</p>}
      {templates.data && templates.data.templates.length === 0 && <p className="muted">No templates yet. Create one: its preview renders as you type.</p>}
      {templates.data && templates.data.templates.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Channel</th>
              <th scope="col">Version</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {templates.data.templates.map((template) => (
              <tr key={template.id}>
                <td>
                  <a href={hrefOf({ page: 'template', id: template.id })}>{template.name}</a>
                  <div className="muted small">
                    {template.id}
                    {template.description ? ` · ${template.description.length > 120 ? `${template.description.slice(0, 119)}…` : template.description}` : ''}
                  </div>
                </td>
                <td>{channelLabel(template.channel)}</td>
                <td>v{template.version}</td>
                <td>{template.updatedAt.slice(0, 16).replace('T', ' ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
