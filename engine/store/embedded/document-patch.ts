import type { Doc } from './document-filter';

/** A field path, key by key from the document's top level. */
export type PatchPath = string[];

/**
 * What changed between two versions of one document, as the write-ahead log records a replace:
 * values to set (whole subtrees) and paths to remove. Applied to the earlier version it gives the
 * later one — as JSON, which is all the log keeps.
 */
export interface DocumentPatch {
  set: Array<[PatchPath, unknown]>;
  unset: PatchPath[];
}

/** Below this many top-level keys a document is simply logged whole. */
const MIN_PATCHED_KEYS = 4;
/** Nested objects are compared at most this deep; below, a changed object is logged whole. */
const MAX_PATCH_DEPTH = 6;

type Record_ = Record<string, unknown>;

function isPlainObject(value: unknown): value is Record_ {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A field's value, `undefined` when absent. Documents are JSON, which holds no functions, so a function
 * can only be a member of Object.prototype (`toString` on an object without that key): absent too.
 * Cheaper than asking `Object.hasOwn` for every key.
 */
function fieldOf(record: Record_, key: string): unknown {
  const value = record[key];
  return typeof value === 'function' ? undefined : value;
}

/**
 * The patch from `before` to `after`, or `null` when logging `after` whole is as cheap (a small
 * document, or one where most top-level fields changed).
 *
 * Performance notes: stored documents are immutable and a new version shares every unchanged subtree
 * with the old one (the store's updates copy only the objects on updated paths, and ingestion's stages
 * build new objects the same way), so an unchanged part is found by reference, without looking inside
 * it. For a customer document an event typically changes a handful of traits and the bookkeeping in
 * `meta`: the log record shrinks from the whole document to those values (700 → 230 bytes on average
 * for the profile changes of a stream of track events), so the log, its fsyncs and the snapshots it
 * triggers shrink with it. Computing a patch and serialising it costs about what serialising such a
 * small document does; the larger the customer, the more it saves. A value that is a different object
 * but equal is merely logged again: the patch is always correct, sometimes larger than necessary.
 */
export function diffDocuments(before: Doc, after: Doc): DocumentPatch | null {
  const patch: DocumentPatch = { set: [], unset: [] };
  let keys = 0;
  let changed = 0;
  for (const key in after) {
    keys++;
    const value = after[key];
    const old = fieldOf(before, key);
    if (value === old) continue;
    changed++;
    if (!addChange(patch, [key], old, value, 1)) return null;
  }
  for (const key in before) {
    const old = before[key];
    if (old === undefined || fieldOf(after, key) !== undefined) continue;
    keys++;
    changed++;
    if (!addChange(patch, [key], old, undefined, 1)) return null;
  }
  if (keys < MIN_PATCHED_KEYS || changed * 2 > keys) return null;
  return patch;
}

/** Records the change of one field; false when the patch cannot express it safely. */
function addChange(patch: DocumentPatch, path: PatchPath, old: unknown, value: unknown, depth: number): boolean {
  // A path through `__proto__` would be applied to a prototype: log the document whole instead.
  if (path[path.length - 1] === '__proto__') return false;
  if (value === undefined) {
    patch.unset.push(path);
    return true;
  }
  if (depth < MAX_PATCH_DEPTH && isPlainObject(old) && isPlainObject(value)) return diffObjects(patch, path, old, value, depth);
  patch.set.push([path, value]);
  return true;
}

/** Changes inside a nested object, or the whole object when most of it changed. */
function diffObjects(patch: DocumentPatch, path: PatchPath, old: Record_, value: Record_, depth: number): boolean {
  const setBefore = patch.set.length;
  const unsetBefore = patch.unset.length;
  let keys = 0;
  let changed = 0;
  for (const key in value) {
    keys++;
    const next = value[key];
    const previous = fieldOf(old, key);
    if (next === previous) continue;
    changed++;
    if (!addChange(patch, [...path, key], previous, next, depth + 1)) return false;
  }
  for (const key in old) {
    const previous = old[key];
    if (previous === undefined || fieldOf(value, key) !== undefined) continue;
    keys++;
    changed++;
    if (!addChange(patch, [...path, key], previous, undefined, depth + 1)) return false;
  }
  if (changed * 2 > keys) {
    // Most of it changed: one value is smaller than a path per field.
    patch.set.length = setBefore;
    patch.unset.length = unsetBefore;
    patch.set.push([path, value]);
  }
  return true;
}

/**
 * `doc` with `patch` applied, as a new document (`doc` may be frozen): objects on the patched paths
 * are copied, everything else is shared. Throws when a path runs through something that is not an
 * object — the log and the document it was made against disagree.
 */
export function applyDocumentPatch(doc: Doc, patch: DocumentPatch): Doc {
  // Object.assign, not spreads: the copies may gain keys, and spread copies that do get a hidden class
  // each (with-fields.ts).
  const root: Record_ = Object.assign({}, doc);
  const copied = new Set<object>([root]);
  const parentOf = (path: PatchPath): Record_ => {
    let current = root;
    for (let i = 0; i < path.length - 1; i++) {
      const child = current[path[i]];
      if (!isPlainObject(child)) throw new Error(`A logged change to "${path.join('.')}" of document ${String(doc._id)} runs through a value that is not an object.`);
      let copy = child;
      if (!copied.has(child)) {
        copy = Object.assign({}, child);
        copied.add(copy);
        current[path[i]] = copy;
      }
      current = copy;
    }
    return current;
  };
  for (const [path, value] of patch.set) parentOf(path)[path[path.length - 1]] = value;
  for (const path of patch.unset) delete parentOf(path)[path[path.length - 1]];
  return root as Doc;
}
