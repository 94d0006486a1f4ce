import { useMemo, useState, type FormEvent } from 'react';
import { sampleCustomer } from '../../../engine/journeys/index';
import { checkTemplateInput, type TemplateChannel } from '../../../engine/templates/index';
import { systemClock } from '../../../engine/time/index';
import { useApp } from '../app/app-context';
import { hrefOf, navigate } from '../app/hash-route';
import { FieldProblems, TextField } from '../forms/index';
import {
  changeTemplateChannel,
  createTemplateDraft,
  groupTemplateProblems,
  isTemplateDraftUnchanged,
  readTemplateRefusal,
  setContentField,
  templateChannels,
  templateIdOfName,
  toTemplateDraft,
  toTemplateInput,
  type TemplateDraft,
  type TemplateFormField,
  type TemplateRefusal,
} from '../template-document/index';
import type { Template } from '../../../schemas/types';
import { TemplateContentFields } from './TemplateContentFields';
import { TemplateDeletion } from './TemplateDeletion';
import { TemplateUsageList } from './TemplateUsageList';
import { samplePreviewCustomer, TemplatePreview, type PreviewCustomer } from './TemplatePreview';

interface TemplateFormProps {
  /** The template as loaded; null for a new one. */
  template: Template | null;
  /** Loads the template again (after someone else changed it). */
  onReload(): void;
}

/**
 * A library template's form: name, id, description, channel and the channel's Liquid fields, checked
 * as you type by the engine's own `checkTemplateInput` (what the server runs on save) and rendered
 * beside it for the sample or a real customer. Saves a new template, or the next version of this one.
 */
export function TemplateForm({ template, onReload }: TemplateFormProps) {
  const { api } = useApp();
  // The version this form edits: the loaded one, then each one it saved.
  const [saved, setSaved] = useState<Template | null>(template);
  const [draft, setDraft] = useState<TemplateDraft>(() => (template ? toTemplateDraft(template) : createTemplateDraft()));
  const [idEdited, setIdEdited] = useState(false);
  const [refusal, setRefusal] = useState<TemplateRefusal | null>(null);
  const [saving, setSaving] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  const [previewCustomer, setPreviewCustomer] = useState<PreviewCustomer>(samplePreviewCustomer);
  const isNew = saved === null;

  const body = useMemo(() => toTemplateInput(draft, saved ? saved.version : null), [draft, saved]);
  const localCheck = useMemo(() => checkTemplateInput(body, { sampleCustomer, clock: systemClock, pathId: saved?.id }), [body, saved]);
  const problems = useMemo(
    () => groupTemplateProblems([...(localCheck.ok ? [] : localCheck.problem.details), ...(refusal?.kind === 'invalid' ? refusal.details : [])]),
    [localCheck, refusal],
  );
  // A new form is not told off for the name and id it has not been given yet.
  const pristine = isNew && draft.name === '' && draft.id === '' && !idEdited;
  const problemsOf = (field: TemplateFormField) => (pristine && (field === 'name' || field === 'id') ? [] : (problems.get(field) ?? []));
  const dirty = saved === null || !isTemplateDraftUnchanged(saved, draft);

  const change = (next: TemplateDraft) => {
    setDraft(next);
    if (refusal?.kind !== 'stale') setRefusal(null);
    setNote(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setRefusal(null);
    setNote(null);
    try {
      const result = saved === null ? await api.createTemplate(body) : await api.updateTemplate(saved.id, body);
      if (saved === null) {
        navigate({ page: 'template', id: result.id });
        return;
      }
      setNote(result.version === saved.version ? `Nothing changed: still version ${result.version}.` : `Saved as version ${result.version}.`);
      setSaved(result);
      setDraft(toTemplateDraft(result));
    } catch (error) {
      setRefusal(readTemplateRefusal(saved === null ? 'create' : 'update', error, saved?.id ?? draft.id));
    } finally {
      setSaving(false);
    }
  };

  const formProblems = [...problemsOf('form'), ...problemsOf('version')];

  return (
    <div className="template-editor">
      <form className="template-form" onSubmit={save} aria-labelledby="template-title">
        <div className="page-head">
          <h1 id="template-title">{isNew ? 'New template' : saved.name}</h1>
          {!isNew && <span className="pill">v{saved.version}</span>}
          {!isNew && <span className="pill">{saved.id}</span>}
        </div>
        <div className="template-details">
          <TextField
            id="template-name"
            label="Name"
            value={draft.name}
            maxLength={200}
            required
            problems={problemsOf('name')}
            onChange={(name) => change({ ...draft, name, ...(isNew && !idEdited ? { id: templateIdOfName(name) } : {}) })}
          />
          {isNew && (
            <TextField
              id="template-id"
              label="Id"
              value={draft.id}
              maxLength={64}
              help="Lowercase letters, digits, - and _. Journeys refer to the template by it; it never changes."
              problems={problemsOf('id')}
              onChange={(id) => {
                setIdEdited(true);
                change({ ...draft, id });
              }}
            />
          )}
          <TextField
            id="template-description"
            label="Description"
            value={draft.description}
            maxLength={2000}
            multiline
            rows={2}
            problems={problemsOf('description')}
            onChange={(description) => change({ ...draft, description })}
          />
          <div className="field">
            <label htmlFor="template-channel">Channel</label>
            <select
              id="template-channel"
              value={draft.channel}
              aria-describedby="template-channel-help"
              aria-invalid={problemsOf('channel').length > 0}
              onChange={(event) => change(changeTemplateChannel(draft, event.target.value as TemplateChannel))}
            >
              {templateChannels.map((entry) => (
                <option key={entry.channel} value={entry.channel}>
                  {entry.label}
                </option>
              ))}
            </select>
            <p className="help" id="template-channel-help">
              Only send steps on this channel can use the template.
            </p>
            <FieldProblems messages={problemsOf('channel')} />
          </div>
        </div>
        <h2>Message</h2>
        <FieldProblems messages={problemsOf('content')} id="template-content-problems" />
        <TemplateContentFields
          channel={draft.channel}
          content={draft.content}
          idPrefix="content"
          onField={(key, value) => change(setContentField(draft, key, value))}
          problemsOf={(key) => problems.get(`content/${key}`) ?? []}
        />
        <FieldProblems messages={formProblems} />
        {refusal && refusal.kind !== 'invalid' && (
          <div className="error" role="alert">
            <p>{refusal.message}</p>
            {refusal.kind === 'stale' && (
              <button type="button" onClick={onReload}>
                Reload the template
              </button>
            )}
          </div>
        )}
        {refusal?.kind === 'invalid' && (
          <p className="error" role="alert">
            Not saved: fix the marked fields.
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={saving || !dirty || !localCheck.ok || refusal?.kind === 'stale'}>
            {saving ? 'Saving…' : isNew ? 'Create template' : 'Save as new version'}
          </button>
          {note && !dirty && (
            <span className="muted" role="status">
              {note}
            </span>
          )}
          {!localCheck.ok && <span className="muted">{pristine ? 'Name the template to save it.' : 'Fix the marked fields to save.'}</span>}
          <a href={hrefOf({ page: 'templates' })}>Back to templates</a>
          <span className="spacer" />
          {!isNew && <TemplateDeletion template={saved} />}
        </div>
        {!isNew && <TemplateUsageList templateId={saved.id} version={saved.version} />}
      </form>
      <aside className="template-side">
        <TemplatePreview template={draft.content} customer={previewCustomer} onCustomer={setPreviewCustomer} journey={{ id: 'template-library', step: draft.id || 'new-template' }} channel={draft.channel} idPrefix="template" />
      </aside>
    </div>
  );
}
