import { isFactReference } from '../../../engine/rules/index';
import { formatListText, parseListText, type ValueEditor, type ValueType } from '../condition-document/index';
import type { FactDescription } from '../../../schemas/types';
import { useConditionEditor } from './condition-editor-context';
import { useDraftText } from './use-draft-text';

interface ValueInputProps {
  id: string;
  editor: ValueEditor;
  value: unknown;
  fact: FactDescription | undefined;
  /** Whether the operator may compare with another fact instead of a value. */
  allowFactReference: boolean;
  invalid: boolean;
  onChange(value: unknown): void;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function ScalarInput({ id, type, value, invalid, onChange, options, label }: { id: string; type: ValueType; value: unknown; invalid: boolean; onChange(value: unknown): void; options: string[]; label: string }) {
  const [text, setText] = useDraftText(
    value,
    (v) => (v === null || v === undefined ? '' : String(v)),
    (typed) => (type === 'number' ? (typed.trim() !== '' && Number.isFinite(Number(typed)) ? Number(typed) : null) : typed),
  );
  if (type === 'boolean') {
    return (
      <select id={id} aria-label={label} value={String(value === true)} aria-invalid={invalid} onChange={(event) => onChange(event.target.value === 'true')}>
        <option value="true">true</option>
        <option value="false">false</option>
      </select>
    );
  }
  if (type === 'number') {
    return (
      <input
        id={id}
        aria-label={label}
        type="number"
        step="any"
        value={text}
        aria-invalid={invalid}
        onChange={(event) => {
          setText(event.target.value);
          const parsed = Number(event.target.value);
          if (event.target.value.trim() !== '' && Number.isFinite(parsed)) onChange(parsed);
        }}
      />
    );
  }
  if ((type === 'date' || type === 'date-time') && (typeof value !== 'string' || value === '' || isoDate.test(value) || /^\d{4}-\d{2}-\d{2}T00:00:00(\.000)?Z$/.test(value))) {
    // Dates compare as ISO text, so a calendar date means the start of that day (UTC).
    return (
      <input
        id={id}
        aria-label={`${label} (UTC date)`}
        type="date"
        value={typeof value === 'string' ? value.slice(0, 10) : ''}
        aria-invalid={invalid}
        onChange={(event) => onChange(event.target.value)}
      />
    );
  }
  const listId = options.length > 0 ? `${id}-options` : undefined;
  return (
    <>
      <input id={id} aria-label={label} type="text" value={text} list={listId} aria-invalid={invalid} onChange={(event) => {
        setText(event.target.value);
        onChange(event.target.value);
      }} />
      {listId && (
        <datalist id={listId}>
          {options.map((option) => (
            <option key={option} value={option} />
          ))}
        </datalist>
      )}
    </>
  );
}

/** The value of a rule, with an input that fits its operator and fact type. */
export function ValueInput({ id, editor, value, fact, allowFactReference, invalid, onChange }: ValueInputProps) {
  const conditionEditor = useConditionEditor();
  const [listText, setListText] = useDraftText(value, formatListText, (typed) => parseListText(typed, editor.kind === 'list' ? editor.type : 'string'));
  const options = [...new Set([...(fact?.values ?? []), ...(fact?.examples ?? []).filter((example): example is string => typeof example === 'string')])];
  const factPaths = conditionEditor.catalogue.facts.map((candidate) => candidate.path).filter((path) => !path.includes('*'));

  if (allowFactReference && isFactReference(value)) {
    return (
      <span className="value-input">
        <input id={id} aria-label="Compared with the fact" list={`${id}-facts`} value={value.fact} aria-invalid={invalid} onChange={(event) => onChange({ ...value, fact: event.target.value })} />
        <datalist id={`${id}-facts`}>
          {factPaths.map((path) => (
            <option key={path} value={path} />
          ))}
        </datalist>
        <button type="button" className="small" onClick={() => onChange(editor.kind === 'single' && editor.type === 'number' ? 0 : '')}>
          use a value
        </button>
      </span>
    );
  }

  let input;
  switch (editor.kind) {
    case 'flag':
      input = (
        <select id={id} aria-label="Value" value={String(value === true)} aria-invalid={invalid} onChange={(event) => onChange(event.target.value === 'true')}>
          <option value="true">yes</option>
          <option value="false">no</option>
        </select>
      );
      break;
    case 'single':
      input = (
        <>
          <ScalarInput id={id} type={editor.type} value={value} invalid={invalid} onChange={onChange} options={options} label="Value" />
          {editor.suffix && <span className="suffix">{editor.suffix}</span>}
        </>
      );
      break;
    case 'list':
      input = (
        <input
          id={id}
          aria-label="Values, separated by commas"
          placeholder="a, b, c"
          value={listText}
          aria-invalid={invalid}
          onChange={(event) => {
            setListText(event.target.value);
            onChange(parseListText(event.target.value, editor.type));
          }}
        />
      );
      break;
    case 'range': {
      const [low, high] = Array.isArray(value) ? value : [undefined, undefined];
      input = (
        <>
          <ScalarInput id={id} type={editor.type} value={low} invalid={invalid} onChange={(next) => onChange([next, high])} options={[]} label="From" />
          <span className="suffix">and</span>
          <ScalarInput id={`${id}-high`} type={editor.type} value={high} invalid={invalid} onChange={(next) => onChange([low, next])} options={[]} label="To" />
        </>
      );
      break;
    }
  }
  return (
    <span className="value-input">
      {input}
      {allowFactReference && (
        <button type="button" className="small link" title="Compare with another fact of the customer" onClick={() => onChange({ fact: fact?.path ?? 'traits.orders_count' })}>
          fact…
        </button>
      )}
    </span>
  );
}
