import { useState } from 'react';

/**
 * The text of an input that keeps what is typed while it does not parse yet ("1." on the way to
 * "1.5", "a, " on the way to a list), yet follows a value changed from outside (undo, another
 * operator): when the value stops being what the text parses to, the text is formatted anew.
 */
export function useDraftText(value: unknown, format: (value: unknown) => string, parse: (text: string) => unknown): [string, (text: string) => void] {
  const [text, setText] = useState(() => format(value));
  const key = JSON.stringify(value ?? null);
  const [seen, setSeen] = useState(key);
  if (key !== seen) {
    // Adjusting state while rendering, as React documents for state derived from props.
    setSeen(key);
    if (JSON.stringify(parse(text) ?? null) !== key) setText(format(value));
  }
  return [text, setText];
}
