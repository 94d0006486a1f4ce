import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allSchemas, schemaIdBase } from '../../schemas';
import { generateTypes } from '../../schemas/generate-types';

const schemaDirectory = fileURLToPath(new URL('../../schemas/', import.meta.url));

describe('schemas', () => {
  it('lists every schema file in schemas/index.ts, with an $id made of its file name', () => {
    const files = readdirSync(schemaDirectory).filter((file) => file.endsWith('.schema.json')).sort();
    expect(allSchemas.map((schema) => schema.$id).sort()).toEqual(files.map((file) => schemaIdBase + file));
  });

  it('keeps schemas/types.ts generated from the current schemas', async () => {
    const committed = readFileSync(schemaDirectory + 'types.ts', 'utf8');
    expect(committed === (await generateTypes()), 'schemas/types.ts is stale: run `npm run schemas:types`').toBe(true);
  });
});
