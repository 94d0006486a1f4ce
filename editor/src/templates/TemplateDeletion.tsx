import { useState } from 'react';
import { useApp } from '../app/app-context';
import { navigate } from '../app/hash-route';
import { readTemplateRefusal, type TemplateRefusal } from '../template-document/index';
import type { Template } from '../../../schemas/types';

/**
 * Deletes a library template after asking. The server refuses while a draft journey uses it; its
 * reasons (one per draft) are shown as they come.
 */
export function TemplateDeletion({ template }: { template: Template }) {
  const { api } = useApp();
  const [refusal, setRefusal] = useState<TemplateRefusal | null>(null);
  const [deleting, setDeleting] = useState(false);

  const remove = async () => {
    const question = `Delete the template "${template.name}"? Published journeys keep the copy they were published with; draft journeys must not use it.`;
    if (!window.confirm(question)) return;
    setDeleting(true);
    setRefusal(null);
    try {
      await api.deleteTemplate(template.id);
      navigate({ page: 'templates' });
    } catch (error) {
      setRefusal(readTemplateRefusal('delete', error, template.id));
      setDeleting(false);
    }
  };

  return (
    <>
      <button type="button" className="danger" onClick={remove} disabled={deleting}>
        {deleting ? 'Deleting…' : 'Delete template'}
      </button>
      {refusal && (
        <div className="error delete-refusal" role="alert">
          <p>{refusal.message}</p>
          {refusal.kind === 'in-use' && (
            <ul>
              {refusal.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}
