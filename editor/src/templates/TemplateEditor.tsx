import { useApp } from '../app/app-context';
import { hrefOf } from '../app/hash-route';
import { useRequest } from '../app/use-request';
import { TemplateForm } from './TemplateForm';

/** One library template, loaded (a new one starts from a working email). */
export function TemplateEditor({ templateId }: { templateId: string | null }) {
  const { api } = useApp();
  const loaded = useRequest(() => (templateId === null ? Promise.resolve(null) : api.readTemplate(templateId)), templateId ?? 'new');
  if (loaded.error) {
    return (
      <p className="error" role="alert">
        {loaded.error} <a href={hrefOf({ page: 'templates' })}>Back to templates</a>
      </p>
    );
  }
  if (templateId !== null && !loaded.data) return <p className="page-loading">Loading the template…</p>;
  // A reload after someone else's change brings another version: the form starts again from it.
  return <TemplateForm key={loaded.data ? `${loaded.data.id}@${loaded.data.version}` : 'new'} template={loaded.data} onReload={loaded.reload} />;
}
