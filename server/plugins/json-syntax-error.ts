/**
 * Where a text stops being JSON, for the error answer: V8's `JSON.parse` errors name the offset in
 * some Node versions and not in others. Only runs on the error path; iterative, so deep nesting is safe.
 */
export function locateJsonSyntaxError(text: string): { offset: number; reason: string } {
  let i = 0;
  const stack: Array<'object' | 'array'> = [];
  const fail = (reason: string) => ({ offset: i, reason });
  const skipSpace = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  /** Reads one string at `i`; returns an error reason or null. */
  const readString = (): string | null => {
    i++;
    while (i < text.length) {
      const char = text[i];
      if (char === '"') {
        i++;
        return null;
      }
      if (char === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return 'Bad unicode escape';
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          i += 2;
        } else {
          return 'Bad escaped character';
        }
        continue;
      }
      if (char.charCodeAt(0) < 0x20) return 'Unescaped control character in string';
      i++;
    }
    return 'Unterminated string';
  };
  const literal = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|^true|^false|^null/;

  // States: expecting a value, or what may follow a value / an object key.
  let expect: 'value' | 'after-value' | 'key' | 'colon' | 'first-key' | 'first-value' = 'value';
  for (;;) {
    skipSpace();
    const char = text[i];
    if (expect === 'value' || expect === 'first-value') {
      if (char === undefined) return fail('Unexpected end of JSON input');
      if (char === ']' && expect === 'first-value') {
        stack.pop();
        i++;
        expect = 'after-value';
      } else if (char === '{') {
        stack.push('object');
        i++;
        expect = 'first-key';
      } else if (char === '[') {
        stack.push('array');
        i++;
        expect = 'first-value';
      } else if (char === '"') {
        const problem = readString();
        if (problem) return fail(problem);
        expect = 'after-value';
      } else {
        const match = literal.exec(text.slice(i, i + 400));
        if (!match) return fail(`Unexpected token ${JSON.stringify(char)}`);
        i += match[0].length;
        expect = 'after-value';
      }
    } else if (expect === 'key' || expect === 'first-key') {
      if (char === '}' && expect === 'first-key') {
        stack.pop();
        i++;
        expect = 'after-value';
      } else if (char === '"') {
        const problem = readString();
        if (problem) return fail(problem);
        expect = 'colon';
      } else {
        return fail(char === undefined ? 'Unexpected end of JSON input' : `Expected a property name in double quotes, found ${JSON.stringify(char)}`);
      }
    } else if (expect === 'colon') {
      if (char !== ':') return fail(char === undefined ? 'Unexpected end of JSON input' : `Expected ":" after the property name, found ${JSON.stringify(char)}`);
      i++;
      expect = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        return char === undefined ? { offset: i, reason: 'Valid JSON' } : fail(`Unexpected ${JSON.stringify(char)} after the end of the JSON value`);
      }
      if (char === ',') {
        i++;
        expect = top === 'object' ? 'key' : 'value';
      } else if ((char === '}' && top === 'object') || (char === ']' && top === 'array')) {
        stack.pop();
        i++;
      } else {
        return fail(char === undefined ? 'Unexpected end of JSON input' : `Expected "," or "${top === 'object' ? '}' : ']'}", found ${JSON.stringify(char)}`);
      }
    }
  }
}
