/**
 * Every JSON Schema of Wayfarer. The schemas are the single source of truth for the documents that
 * cross a boundary; `schemas/types.ts` is generated from them (`npm run schemas:types`).
 *
 * Imported statically (not read from disk) so the editor's bundle gets them too. Adding a schema file:
 * import it here; tests/schemas/schemas.test.ts fails when a file is missing from this list.
 */
import customer from './customer.schema.json' with { type: 'json' };
import problem from './problem.schema.json' with { type: 'json' };

export interface JsonSchema {
  $id: string;
  title?: string;
  [keyword: string]: unknown;
}

/** The base of every schema `$id`; a schema's id is this plus its file name. */
export const schemaIdBase = 'https://wayfarer.dev/schemas/';

/** The `$id` of a schema file: `schemaId('track')` → `https://wayfarer.dev/schemas/track.schema.json`. */
export function schemaId(name: string): string {
  return `${schemaIdBase}${name}.schema.json`;
}

/** Every schema, in file-name order. */
export const allSchemas: readonly JsonSchema[] = [customer, problem] as JsonSchema[];
