import { useState } from 'react';
import { isIdentifier } from '../../journey-document/index';

interface IdFieldProps {
  id: string;
  label: string;
  value: string;
  /** Applies a new id; returns false when it was refused (taken). */
  onRename(next: string): boolean;
}

/**
 * An id that other parts of the document refer to (a state, a split branch): typed freely, applied
 * when the field is left or Enter is pressed, so references are renamed once.
 */
export function IdField({ id, label, value, onRename }: IdFieldProps) {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setText(value);
  }
  const apply = () => {
    if (text === value) return;
    if (!isIdentifier(text)) {
      setError('A letter, then letters, digits, - or _ (at most 64).');
      return;
    }
    if (!onRename(text)) {
      setError(`"${text}" is taken.`);
      return;
    }
    setError(null);
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={text}
        aria-invalid={error !== null}
        onChange={(event) => setText(event.target.value)}
        onBlur={apply}
        onKeyDown={(event) => {
          if (event.key === 'Enter') apply();
          if (event.key === 'Escape') {
            setText(value);
            setError(null);
          }
        }}
      />
      {error && <p className="field-problem">{error}</p>}
    </div>
  );
}
