import { Query } from 'mingo';
import { Context } from 'mingo/core';
import * as queryOperators from 'mingo/operators/query';
import { Query as BaseQuery } from 'mingo/query';
import type { Filter, StoredDocument } from '../storage-port';
import { compileNativeFilter } from './native-filter';

/** A stored document as the embedded store handles it: any fields beyond `_id` and `workspace`. */
export type Doc = StoredDocument & Record<string, unknown>;

/** Whether a document matches a filter, with MongoDB's semantics. */
export type DocumentPredicate = (doc: Doc) => boolean;

/**
 * mingo's exported `Query` copies its whole operator table (every expression operator) on each
 * construction, about 12 µs. Filters that use only query operators compile against this small context
 * instead (about 3 µs); `$expr` / `$where` need the full one.
 */
const queryContext = Context.init({ query: queryOperators });

const needsExpressions = /"\$(expr|where|function|jsonSchema)"/;

type Primitive = string | number | boolean | null;

function isPrimitive(value: unknown): value is Primitive {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && !Number.isNaN(value));
}

const matchAll: DocumentPredicate = () => true;

/**
 * Compiles a filter once for testing many documents. Equality on primitive values — the filters the
 * ingestion path runs per event (`{ messageId }`, `{ _id, version }`) — is checked directly; other
 * filters are compiled by native-filter.ts; any document where a path meets an array, and any
 * operator native code does not cover, goes through mingo, the reference semantics.
 */
export function compileFilter(filter: Filter): DocumentPredicate {
  const fields = Object.keys(filter);
  if (fields.length === 0) return matchAll;
  let query: BaseQuery | null = null;
  const viaMingo = (doc: Doc): boolean => {
    if (!query) query = createQuery(filter);
    return query.test(doc);
  };
  const isSimple = fields.every((field) => field.charCodeAt(0) !== 36 /* $ */ && isPrimitive(filter[field]));
  // Scans with operator filters (segment filters over every customer) run natively, mingo deciding the rest.
  if (!isSimple) return compileNativeFilter(filter, createQuery);
  const paths = fields.map((field) => field.split('.'));
  const values = fields.map((field) => filter[field] as Primitive);
  return (doc) => {
    for (let f = 0; f < paths.length; f++) {
      let current: unknown = doc;
      for (const segment of paths[f]) {
        if (current === null || typeof current !== 'object') {
          current = undefined;
          break;
        }
        if (Array.isArray(current)) return viaMingo(doc);
        current = (current as Record<string, unknown>)[segment];
      }
      if (Array.isArray(current)) return viaMingo(doc);
      const expected = values[f];
      if (expected === null ? current !== null && current !== undefined : current !== expected) return false;
    }
    return true;
  };
}

/** A mingo query for the filter, with the smallest operator context that can run it. */
export function createQuery(filter: Filter): BaseQuery {
  if (needsExpressions.test(JSON.stringify(filter))) return new Query(filter);
  return new BaseQuery(filter, { context: queryContext });
}
