import { FieldProblems } from '../../forms/index';
import { inlineContentOf, inlineTemplateOption, setMessageField, templateChannels } from '../../template-document/index';
import type { MessageTemplate, SendParams, Template, TemplateRef } from '../../../../schemas/types';
import { TemplateContentFields } from '../../templates/TemplateContentFields';
import { useJourneyView } from '../journey-view-context';
import { StateTemplatePreview } from '../StateTemplatePreview';
import { LibraryTemplatePicker } from './LibraryTemplatePicker';
import type { ParamsFormProps, StateOfKind } from './params-form-props';

/**
 * A message: channel, where its content comes from (written for this step, or a library template of
 * the channel), its Liquid fields, and a live render for a sample or a real customer.
 */
export function SendParamsForm({ state, onParams, problemsAt }: ParamsFormProps<StateOfKind<'send'>>) {
  const { library } = useJourneyView();
  const params = state.params;
  const reference = 'ref' in params.template ? params.template : null;

  const pickTemplate = (value: string) => {
    if (value === inlineTemplateOption) {
      if (reference) onParams({ ...params, template: inlineContentOf(reference, library, params.channel) }, 'template');
    } else if (value !== reference?.ref) {
      onParams({ ...params, template: { ref: value } }, 'template');
    }
  };

  return (
    <>
      <div className="field">
        <label htmlFor="send-channel">Channel</label>
        <select id="send-channel" value={params.channel} onChange={(event) => onParams({ ...params, channel: event.target.value as SendParams['channel'] }, 'channel')}>
          {templateChannels.map((entry) => (
            <option key={entry.channel} value={entry.channel}>
              {entry.label}
            </option>
          ))}
        </select>
      </div>
      <LibraryTemplatePicker channel={params.channel} currentRef={reference?.ref ?? null} onPick={pickTemplate} />
      {reference ? (
        <LibraryTemplateNote
          reference={reference}
          found={library?.find((template) => template.id === reference.ref) ?? null}
          stateId={state.id}
          channel={params.channel}
          onInline={() => pickTemplate(inlineTemplateOption)}
          problems={problemsAt('/template/ref')}
        />
      ) : (
        <InlineMessage params={params} stateId={state.id} onParams={onParams} problemsAt={problemsAt} />
      )}
      <div className="field">
        <label>
          <input type="checkbox" checked={params.transactional === true} onChange={(event) => {
            const { transactional: _t, ...rest } = params;
            onParams(event.target.checked ? { ...rest, transactional: true } : rest, 'transactional');
          }} />{' '}
          Transactional (exempt from caps, quiet hours and marketing unsubscribes; other consent refusals still apply)
        </label>
      </div>
    </>
  );
}

interface InlineMessageProps extends Pick<ParamsFormProps<StateOfKind<'send'>>, 'onParams' | 'problemsAt'> {
  params: SendParams;
  stateId: string;
}

/** The step's own message: the channel's Liquid fields and their render. */
function InlineMessage({ params, stateId, onParams, problemsAt }: InlineMessageProps) {
  const inline = params.template as MessageTemplate;
  return (
    <>
      <TemplateContentFields
        channel={params.channel}
        content={inline}
        idPrefix="template"
        onField={(key, value) => onParams({ ...params, template: setMessageField(inline, key, value) }, key)}
        problemsOf={(key) => problemsAt(`/template/${key}`)}
      />
      <StateTemplatePreview template={inline} stateId={stateId} channel={params.channel} />
    </>
  );
}

interface LibraryTemplateNoteProps {
  reference: TemplateRef;
  /** The library's template of that id, once the library loaded. */
  found: Template | null;
  stateId: string;
  /** The step's channel, which the library template shares. */
  channel: string;
  onInline(): void;
  problems: readonly string[];
}

/** A step using a library template (`{ "ref": … }`): edited under Templates, frozen when the journey is published. */
function LibraryTemplateNote({ reference, found, stateId, channel, onInline, problems }: LibraryTemplateNoteProps) {
  // What the step sends: the library's current content while a draft, else the copy a publish froze.
  const content = found?.content ?? reference.content ?? null;
  return (
    <>
      <div className="field library-template-note">
        <p id="library-template">
          Uses the library template <strong>{found?.name ?? reference.ref}</strong> (<code>{reference.ref}</code>
          {found ? `, version ${found.version}` : ''}). A draft sends its latest version; publishing the journey keeps the version it was published with.
        </p>
        <FieldProblems messages={problems} id="library-template-problems" />
        <button type="button" className="small" onClick={onInline}>
          Write this message inline instead
        </button>
      </div>
      {content && <StateTemplatePreview template={content} stateId={stateId} channel={channel} />}
    </>
  );
}
