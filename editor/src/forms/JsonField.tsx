import { useState } from 'react';
import { FieldProblems } from './FieldProblems';

interface JsonFieldProps {
  id: string;
  label: string;
  value: unknown;
  onChange(value: Record<string, unknown>): void;
  problems?: readonly string[];
  help?: string;
  rows?: number;
}

/** A JSON object typed as text; it is passed on whenever it parses, and the parse error shown otherwise. */
export function JsonField({ id, label, value, onChange, problems = [], help, rows = 5 }: JsonFieldProps) {
  const [text, setText] = useState(() => JSON.stringify(value ?? {}, null, 2));
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        className="code"
        rows={rows}
        spellCheck={false}
        value={text}
        aria-invalid={error !== null || problems.length > 0}
        onChange={(event) => {
          setText(event.target.value);
          try {
            const parsed: unknown = JSON.parse(event.target.value);
            if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('must be a JSON object: { "key": "value" }');
            setError(null);
            onChange(parsed as Record<string, unknown>);
          } catch (caught) {
            setError(caught instanceof Error ? caught.message : String(caught));
          }
        }}
      />
      {help && <p className="help">{help}</p>}
      <FieldProblems messages={error ? [`Not saved yet: ${error}`, ...problems] : problems} />
    </div>
  );
}
