import { describe, expect, it } from 'vitest';
import { readServerConfig } from '../../server/cli/server-config';

describe('the server configuration of message links', () => {
  it('defaults the public URL to this machine at PORT, and says it was not given', () => {
    expect(readServerConfig({ PORT: '4100' })).toMatchObject({ publicUrl: 'http://localhost:4100', publicUrlGiven: false });
    expect(readServerConfig({}).publicUrl).toBe('http://localhost:3000');
  });

  it('takes WAYFARER_PUBLIC_URL without its trailing slash, a path included', () => {
    expect(readServerConfig({ WAYFARER_PUBLIC_URL: 'https://mail.example.com/' })).toMatchObject({ publicUrl: 'https://mail.example.com', publicUrlGiven: true });
    expect(readServerConfig({ WAYFARER_PUBLIC_URL: 'https://example.com/wayfarer/' }).publicUrl).toBe('https://example.com/wayfarer');
  });

  it('refuses a public URL that is not an http(s) address, naming the variable', () => {
    for (const bad of ['mail.example.com', 'ftp://example.com', 'https://example.com/?x=1', 'https://user:pw@example.com']) {
      expect(() => readServerConfig({ WAYFARER_PUBLIC_URL: bad }), bad).toThrow(/WAYFARER_PUBLIC_URL must be the http\(s\) address/);
    }
  });

  it('refuses a link secret shorter than 32 characters, and takes a longer one', () => {
    expect(() => readServerConfig({ WAYFARER_LINK_SECRET: 'short' })).toThrow('WAYFARER_LINK_SECRET must have at least 32 characters (it has 5)');
    expect(readServerConfig({ WAYFARER_LINK_SECRET: 'x'.repeat(32) }).linkSecret).toBe('x'.repeat(32));
    expect(readServerConfig({}).linkSecret).toBeUndefined();
  });
});
