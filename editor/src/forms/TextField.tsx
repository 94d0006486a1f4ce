import type { InputHTMLAttributes } from 'react';
import { FieldProblems } from './FieldProblems';

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'> {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  problems?: readonly string[];
  help?: string;
  multiline?: boolean;
  rows?: number;
}

/** A labelled text input (or textarea) with its problems under it. */
export function TextField({ id, label, value, onChange, problems = [], help, multiline, rows = 3, ...rest }: TextFieldProps) {
  const described = [help ? `${id}-help` : '', problems.length > 0 ? `${id}-problems` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea id={id} rows={rows} value={value} aria-invalid={problems.length > 0} aria-describedby={described} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <input id={id} {...rest} value={value} aria-invalid={problems.length > 0} aria-describedby={described} onChange={(event) => onChange(event.target.value)} />
      )}
      {help && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      <FieldProblems messages={problems} id={`${id}-problems`} />
    </div>
  );
}
