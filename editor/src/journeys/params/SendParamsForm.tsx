import { FieldProblems, TextField } from '../../forms/index';
import type { MessageTemplate, SendParams, TemplateRef } from '../../../../schemas/types';
import { TemplatePreview } from '../TemplatePreview';
import type { ParamsFormProps, StateOfKind } from './params-form-props';

type TextKey = Exclude<keyof MessageTemplate, 'data'>;

const fieldsOfChannel: Record<SendParams['channel'], Array<{ key: TextKey; label: string; multiline?: boolean }>> = {
  email: [
    { key: 'subject', label: 'Subject' },
    { key: 'text', label: 'Text body', multiline: true },
    { key: 'html', label: 'HTML body (optional)', multiline: true },
  ],
  sms: [{ key: 'body', label: 'Message', multiline: true }],
  push: [
    { key: 'title', label: 'Title' },
    { key: 'body', label: 'Body', multiline: true },
  ],
  webhook: [{ key: 'body', label: 'Body', multiline: true }],
  log: [{ key: 'body', label: 'Line', multiline: true }],
};

/** A message: channel, its Liquid template fields, and a live render for a sample customer. */
export function SendParamsForm({ state, onParams, problemsAt }: ParamsFormProps<StateOfKind<'send'>>) {
  const params = state.params;
  const libraryTemplate = 'ref' in params.template ? params.template : null;
  if (libraryTemplate) return <LibraryTemplateNote reference={libraryTemplate} onInline={() => onParams({ ...params, template: libraryTemplate.content ?? { body: '' } }, 'template')} problems={problemsAt('/template/ref')} />;
  const inline = params.template as MessageTemplate;
  const setField = (key: TextKey, text: string) => {
    const template: MessageTemplate = { ...inline };
    if (text === '') delete template[key];
    else template[key] = text;
    onParams({ ...params, template }, key);
  };
  return (
    <>
      <div className="field">
        <label htmlFor="send-channel">Channel</label>
        <select id="send-channel" value={params.channel} onChange={(event) => onParams({ ...params, channel: event.target.value as SendParams['channel'] }, 'channel')}>
          <option value="email">Email</option>
          <option value="sms">SMS</option>
          <option value="push">Push</option>
          <option value="webhook">Webhook channel</option>
          <option value="log">Log (testing)</option>
        </select>
      </div>
      {fieldsOfChannel[params.channel].map((field) => (
        <TextField
          key={field.key}
          id={`template-${field.key}`}
          className="code"
          label={field.label}
          value={inline[field.key] ?? ''}
          multiline={field.multiline}
          rows={field.key === 'html' ? 4 : 3}
          onChange={(text) => setField(field.key, text)}
          problems={problemsAt(`/template/${field.key}`)}
        />
      ))}
      <p className="help">
        Liquid: {'{{ attributes.first_name | default: "there" }}'}, {'{{ traits.orders_count }}'}, {'{{ event.properties.total }}'}.
      </p>
      <div className="field">
        <label>
          <input type="checkbox" checked={params.transactional === true} onChange={(event) => {
            const { transactional: _t, ...rest } = params;
            onParams(event.target.checked ? { ...rest, transactional: true } : rest, 'transactional');
          }} />{' '}
          Transactional (exempt from caps and quiet hours; consent still applies)
        </label>
      </div>
      <TemplatePreview template={inline} stateId={state.id} />
    </>
  );
}

/** A step using a library template (`{ "ref": … }`, usually from a rule pack): edited in the library, frozen when the journey is published. */
function LibraryTemplateNote({ reference, onInline, problems }: { reference: TemplateRef; onInline: () => void; problems: readonly string[] }) {
  return (
    <div className="field">
      <p id="library-template">
        Uses the library template <code>{reference.ref}</code>. Drafts send its current content (GET /api/templates/{reference.ref}); publishing
        freezes that content into the version.
      </p>
      <FieldProblems messages={problems} id="library-template-problems" />
      <button type="button" className="small" onClick={onInline}>
        Write this message inline instead
      </button>
    </div>
  );
}
