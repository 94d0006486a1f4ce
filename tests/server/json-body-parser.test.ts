import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../engine/errors/index';
import { parseJsonBody } from '../../server/plugins/json-body-parser';
import { locateJsonSyntaxError } from '../../server/plugins/json-syntax-error';

function problemOf(body: string | Buffer): ProblemError['problem'] {
  try {
    parseJsonBody(typeof body === 'string' ? Buffer.from(body) : body);
  } catch (error) {
    if (error instanceof ProblemError) return error.problem;
    throw error;
  }
  throw new Error('parsed without a problem');
}

describe('parseJsonBody', () => {
  it('parses JSON, skipping a UTF-8 byte order mark', () => {
    expect(parseJsonBody(Buffer.from('\ufeff{"a":[1,"é"]}'))).toEqual({ a: [1, 'é'] });
  });

  it('names the line and column of a syntax error', () => {
    expect(problemOf('{\n  "a": 1,\n  "b": tru\n}')).toMatchObject({ code: 'INVALID_JSON', details: [{ line: 3, message: expect.stringContaining('line 3, column 8') }] });
    expect(problemOf('{"a": 1,}').details[0].message).toContain('column 9');
  });

  it('refuses invalid UTF-8, deep nesting and __proto__, and allows a plain "constructor" key', () => {
    expect(problemOf(Buffer.from([0x7b, 0x22, 0xe2, 0x28, 0xa1, 0x22, 0x7d])).code).toBe('INVALID_ENCODING');
    expect(problemOf('['.repeat(200_000) + ']'.repeat(200_000)).code).toBe('VALIDATION_FAILED');
    expect(problemOf('{"a":{"__proto__":{}}}').details).toEqual([{ pointer: '/a/__proto__', message: expect.any(String) }]);
    expect(parseJsonBody(Buffer.from('{"constructor":"Ada"}'))).toEqual({ constructor: 'Ada' });
  });
});

describe('locateJsonSyntaxError', () => {
  it.each([
    ['{"a" 1}', 5],
    ['[1, 2', 5],
    ['{"a": "x\\q"}', 8],
    ['{"a": 01}', 7],
    ['"unterminated', 13],
    ['{} {}', 3],
    ['{"a": [1, }', 10],
  ])('finds the error in %s at offset %i', (text, offset) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(locateJsonSyntaxError(text).offset).toBe(offset);
  });
});
