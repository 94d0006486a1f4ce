import { MongoServerError } from 'mongodb';

/** MongoDB's error code for a unique index violation (E11000). */
export const DUPLICATE_KEY_CODE = 11000;

/**
 * The index a duplicate-key error names, in the port's terms (`_id` for MongoDB's `_id_`), or `null`
 * when the error is something else. MongoDB reports it as `... index: <name> dup key: { ... }`.
 */
export function duplicateKeyIndexOf(error: unknown): string | null {
  if (!(error instanceof MongoServerError) || error.code !== DUPLICATE_KEY_CODE) return null;
  return indexNameInMessage(String(error.errmsg ?? error.message));
}

/** The index name in an E11000 message (also used for the per-document errors of a bulk insert). */
export function indexNameInMessage(message: string): string {
  const name = /index: (\S+) dup key/.exec(message)?.[1] ?? 'unknown';
  return name === '_id_' ? '_id' : name;
}
