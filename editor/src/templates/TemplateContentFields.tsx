import type { TemplateChannel } from '../../../engine/templates/index';
import { JsonField, TextField } from '../forms/index';
import { describeNeededFields, listChannelFields, listOtherFields, type ContentField, type ContentKey } from '../template-document/index';
import type { MessageTemplate } from '../../../schemas/types';

interface TemplateContentFieldsProps {
  channel: TemplateChannel;
  content: MessageTemplate;
  /** An empty text or data object clears the field. */
  onField(key: ContentKey, value: string | Record<string, string>): void;
  problemsOf(key: ContentKey): string[];
  /** Prefix of the inputs' ids (`<prefix>-subject`). */
  idPrefix: string;
}

/**
 * The Liquid fields of a message for one channel (a library template, or a journey step's own
 * message), what the channel requires, and any other field the content sets, so nothing is kept or
 * dropped out of sight.
 */
export function TemplateContentFields({ channel, content, onField, problemsOf, idPrefix }: TemplateContentFieldsProps) {
  const others = listOtherFields(channel, content);
  const renderField = (field: ContentField) =>
    field.input === 'json' ? (
      <JsonField
        key={`${channel}:${field.key}`}
        id={`${idPrefix}-${field.key}`}
        label={field.label}
        value={content[field.key] ?? {}}
        rows={3}
        help={field.help}
        onChange={(value) => onField(field.key, value as Record<string, string>)}
        problems={problemsOf(field.key)}
      />
    ) : (
      <TextField
        key={field.key}
        id={`${idPrefix}-${field.key}`}
        className="code"
        label={field.label}
        value={(content[field.key] as string | undefined) ?? ''}
        multiline={field.input === 'text'}
        rows={field.key === 'html' ? 5 : 3}
        help={field.help}
        onChange={(text) => onField(field.key, text)}
        problems={problemsOf(field.key)}
      />
    );
  return (
    <>
      <p className="help">{describeNeededFields(channel)}</p>
      {/* Liquid is code: the multi-line fields too are set in a monospace font. */}
      <div className="code">{listChannelFields(channel).map(renderField)}</div>
      <p className="help">
        Liquid: {'{{ attributes.first_name | default: "there" }}'}, {'{{ traits.orders_count }}'}, {'{{ event.properties.total }}'}.
      </p>
      {others.length > 0 && (
        <fieldset className="other-fields">
          <legend>Other fields</legend>
          <p className="help">Set on this message, though not a field of this channel. Kept when saved; remove one to drop it.</p>
          {others.map((field) => (
            <div key={field.key} className="other-field code">
              {renderField(field)}
              <button type="button" className="small" onClick={() => onField(field.key, field.input === 'json' ? {} : '')}>
                Remove {field.label.toLowerCase()}
              </button>
            </div>
          ))}
        </fieldset>
      )}
    </>
  );
}
