import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../../engine/errors/index';
import { decodeContent } from '../../server/plugins/content-encoding';
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

describe('parseJsonBody: values no store keeps as sent', () => {
  it('refuses numbers beyond a double, which JSON.parse makes infinite, with the pointer of the value', () => {
    expect(problemOf('{"a":[1,1e400]}')).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/a/1', message: expect.stringContaining('beyond the range') }] });
    expect(problemOf('{"b":{"c":-1e309}}').details).toEqual([{ pointer: '/b/c', message: expect.any(String) }]);
    // The whole document is the pointer "" (RFC 6901), not "/".
    expect(problemOf('1e400').details).toEqual([{ pointer: '', message: expect.any(String) }]);
  });

  it('refuses lone UTF-16 surrogates in strings and keys, and takes well-formed pairs', () => {
    expect(problemOf('{"name":"a\\ud800"}').details).toEqual([{ pointer: '/name', message: expect.stringContaining('surrogate') }]);
    expect(problemOf('["\\udfff"]').details).toEqual([{ pointer: '/0', message: expect.stringContaining('surrogate') }]);
    expect(problemOf('{"k\\ud800ey":1}').details).toEqual([{ pointer: '/k\ud800ey', message: expect.stringContaining('surrogate') }]);
    expect(problemOf('"\\ud800"').details).toEqual([{ pointer: '', message: expect.stringContaining('surrogate') }]);
    expect(parseJsonBody(Buffer.from('{"fox":"\\ud83e\\udd8a","max":1.7976931348623157e308,"tiny":1e-400}'))).toEqual({ fox: '🦊', max: Number.MAX_VALUE, tiny: 0 });
  });
});

describe('decodeContent', () => {
  const json = Buffer.from('{"event":"x"}');

  it('passes identity bodies through and inflates the codings a route accepts', () => {
    expect(decodeContent(json, undefined, 100, [])).toBe(json);
    expect(decodeContent(json, 'identity', 100, [])).toBe(json);
    expect(decodeContent(gzipSync(json), 'GZIP ', 100, ['gzip'])).toEqual(json);
  });

  it('refuses a coding the route does not accept (the management API accepts none) with 415', () => {
    expect(() => decodeContent(gzipSync(json), 'gzip', 100, [])).toThrow(expect.objectContaining({ problem: expect.objectContaining({ code: 'UNSUPPORTED_MEDIA_TYPE' }) }));
  });

  it('stops inflating at the limit', () => {
    expect(() => decodeContent(gzipSync(Buffer.alloc(10_000)), 'gzip', 1_000, ['gzip'])).toThrow(expect.objectContaining({ problem: expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }) }));
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
