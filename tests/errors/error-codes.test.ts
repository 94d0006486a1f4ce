import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../engine/errors';

const documentation = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

describe('error codes', () => {
  it.each(Object.keys(errorCodes))('%s is documented in docs/errors.md with its HTTP status', (code) => {
    const row = documentation.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
    expect(row, `docs/errors.md has no row for ${code}`).toBeDefined();
    expect(row).toContain(`| ${errorCodes[code as keyof typeof errorCodes].status} |`);
  });

  it('documents no code that does not exist', () => {
    const documented = [...documentation.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
    expect(documented.sort()).toEqual(Object.keys(errorCodes).sort());
  });

  it('answers client mistakes with 4xx and only INTERNAL_ERROR / SERVICE_UNAVAILABLE / STORE_FULL with 5xx', () => {
    for (const [code, { status }] of Object.entries(errorCodes)) {
      if (code === 'INTERNAL_ERROR' || code === 'SERVICE_UNAVAILABLE' || code === 'STORE_FULL') expect(status).toBeGreaterThanOrEqual(500);
      else expect(status, code).toBeLessThan(500);
    }
  });
});
