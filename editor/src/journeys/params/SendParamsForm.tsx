import { TextField } from '../../forms/index';
import type { MessageTemplate, SendParams } from '../../../../schemas/types';
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
  const setField = (key: TextKey, text: string) => {
    const template: MessageTemplate = { ...params.template };
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
          value={params.template[field.key] ?? ''}
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
      <TemplatePreview template={params.template} stateId={state.id} />
    </>
  );
}
