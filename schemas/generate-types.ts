/**
 * Generates `schemas/types.ts` from every `schemas/*.schema.json`.
 *
 *   npm run schemas:types           write the file
 *   npm run schemas:types -- --check  exit 1 when the file is stale (tests/schemas/types-fresh.test.ts does the same)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import { allSchemas, schemaIdBase } from './index';

const schemaDirectory = dirname(fileURLToPath(import.meta.url));

const banner = `/* eslint-disable */
/**
 * GENERATED from schemas/*.schema.json by schemas/generate-types.ts — do not edit.
 * Run \`npm run schemas:types\` after changing a schema.
 */`;

export const generatedTypesPath = join(schemaDirectory, 'types.ts');

/** The TypeScript source that `schemas/types.ts` must hold for the current schemas. */
export async function generateTypes(): Promise<string> {
  const schemas = allSchemas;
  const root = {
    title: 'WayfarerSchemas',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(
      schemas.map((schema) => [schema.$id.slice(schemaIdBase.length), { $ref: schema.$id.slice(schemaIdBase.length) }]),
    ),
  };
  const source = await compile(root as never, 'WayfarerSchemas', {
    bannerComment: banner,
    cwd: schemaDirectory + '/',
    additionalProperties: false,
    unreachableDefinitions: false,
    style: { singleQuote: true, printWidth: 120 },
    $refOptions: {
      resolve: {
        // Schemas refer to each other by their https $id; read them from this directory instead of the network.
        wayfarer: {
          order: 1,
          canRead: (file: { url: string }) => file.url.startsWith(schemaIdBase),
          read: (file: { url: string }) => readFileSync(join(schemaDirectory, file.url.slice(schemaIdBase.length)), 'utf8'),
        },
        http: false,
      },
    } as never,
  });
  return source;
}

async function main(): Promise<void> {
  const source = await generateTypes();
  if (process.argv.includes('--check')) {
    const current = readFileSync(generatedTypesPath, 'utf8');
    if (current !== source) {
      console.error('schemas/types.ts is stale: run `npm run schemas:types`.');
      process.exit(1);
    }
    console.log('schemas/types.ts is up to date.');
    return;
  }
  writeFileSync(generatedTypesPath, source);
  console.log(`Wrote ${generatedTypesPath}`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) {
  await main();
}
