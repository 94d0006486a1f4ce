/**
 * Building MongoDB filters from parts, folding constants so compiled filters stay small. Every
 * combination uses `$and` / `$or` / `$nor` lists rather than merging keys, so two parts that test the
 * same field never overwrite each other.
 */

/** A MongoDB query filter (the storage port's `Filter`). */
export type MongoFilter = Record<string, unknown>;

/** Matches every document. */
export function matchAll(): MongoFilter {
  return {};
}

/** Matches no document: every stored document has an `_id`. */
export function matchNone(): MongoFilter {
  return { _id: { $exists: false } };
}

export function isMatchAll(filter: MongoFilter): boolean {
  return Object.keys(filter).length === 0;
}

export function isMatchNone(filter: MongoFilter): boolean {
  const keys = Object.keys(filter);
  if (keys.length !== 1 || keys[0] !== '_id') return false;
  const id = filter._id as Record<string, unknown> | null;
  return id !== null && typeof id === 'object' && Object.keys(id).length === 1 && id.$exists === false;
}

/** Matches when every part matches. */
export function andFilters(parts: MongoFilter[]): MongoFilter {
  const kept: MongoFilter[] = [];
  for (const part of parts) {
    if (isMatchNone(part)) return matchNone();
    if (isMatchAll(part)) continue;
    const keys = Object.keys(part);
    if (keys.length === 1 && keys[0] === '$and') kept.push(...(part.$and as MongoFilter[]));
    else kept.push(part);
  }
  if (kept.length === 0) return matchAll();
  return kept.length === 1 ? kept[0] : { $and: kept };
}

/** Matches when at least one part matches. */
export function orFilters(parts: MongoFilter[]): MongoFilter {
  const kept: MongoFilter[] = [];
  for (const part of parts) {
    if (isMatchAll(part)) return matchAll();
    if (isMatchNone(part)) continue;
    const keys = Object.keys(part);
    if (keys.length === 1 && keys[0] === '$or') kept.push(...(part.$or as MongoFilter[]));
    else kept.push(part);
  }
  if (kept.length === 0) return matchNone();
  return kept.length === 1 ? kept[0] : { $or: kept };
}

/** Matches exactly the documents the part does not match. */
export function notFilter(part: MongoFilter): MongoFilter {
  if (isMatchAll(part)) return matchNone();
  if (isMatchNone(part)) return matchAll();
  const keys = Object.keys(part);
  if (keys.length === 1 && keys[0] === '$nor' && (part.$nor as MongoFilter[]).length === 1) return (part.$nor as MongoFilter[])[0];
  if (keys.length === 1 && keys[0] === '$or') return { $nor: part.$or };
  return { $nor: [part] };
}

/** A constant as a filter. */
export function constantFilter(value: boolean): MongoFilter {
  return value ? matchAll() : matchNone();
}
