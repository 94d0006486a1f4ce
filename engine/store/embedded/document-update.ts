import { $addToSet, $inc, $max, $min, $pull, $push, $set, $unset } from 'mingo/operators/update';
import { cloneDeep, compare, isEqual, setValue } from 'mingo/util';
import { newDocumentId } from '../document-id';
import type { Filter, Update } from '../storage-port';
import type { Doc } from './document-filter';

type AnyObject = Record<string, unknown>;
type UpdateOperator = (expression: AnyObject) => (doc: AnyObject) => unknown;

/** mingo's update operators: the reference for every case the native paths below do not take. */
const mingoOperators: Record<string, UpdateOperator> = {
  $set: $set as UpdateOperator,
  $unset: $unset as UpdateOperator,
  $inc: $inc as UpdateOperator,
  $min: $min as UpdateOperator,
  $max: $max as UpdateOperator,
  $push: $push as UpdateOperator,
  $pull: $pull as UpdateOperator,
  $addToSet: $addToSet as UpdateOperator,
};

function isPlainObject(value: unknown): value is AnyObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** The store keeps its own copy of every value an update brings in. */
function copyValue(value: unknown): unknown {
  return value !== null && typeof value === 'object' ? cloneDeep(value) : value;
}

/**
 * The object holding the last segment of `path`, creating missing objects on the way (`create`), or
 * `undefined` when the path meets an array or a scalar: those cases are left to mingo.
 */
function parentOf(target: AnyObject, segments: string[], create: boolean): AnyObject | null | undefined {
  let current = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const next = current[segments[i]];
    if (next === undefined) {
      if (!create) return null; // nothing to change below a missing field
      const created: AnyObject = {};
      current[segments[i]] = created;
      current = created;
    } else if (isPlainObject(next)) {
      current = next;
    } else {
      return undefined;
    }
  }
  return current;
}

/** `{ $each: [...] }` (no other modifiers) or a single value, as a list; `null` when mingo must handle it. */
function eachValues(value: unknown): unknown[] | null {
  if (!isPlainObject(value) || !Object.keys(value).some((key) => key.startsWith('$'))) return [value];
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === '$each' && Array.isArray(value.$each) ? value.$each : null;
}

/**
 * Applies one operator to one path the common way (paths through plain objects only, MongoDB's rules for
 * each operator); returns false to hand the case to mingo. Runs on a private copy of the path.
 */
function applyNative(operator: string, target: AnyObject, path: string, value: unknown): boolean {
  if (path.includes('$')) return false;
  const segments = path.split('.');
  const field = segments[segments.length - 1];
  const creates = operator !== '$unset' && operator !== '$pull';
  const parent = parentOf(target, segments, creates);
  if (parent === undefined) return false;
  if (parent === null) return true; // $unset / $pull below a missing field: nothing to do
  const current = parent[field];
  switch (operator) {
    case '$set':
      parent[field] = copyValue(value);
      return true;
    case '$unset':
      delete parent[field];
      return true;
    case '$inc':
      if (typeof value !== 'number') throw new Error(`Cannot increment "${path}" by a non-numeric value (${JSON.stringify(value)}).`);
      if (current === undefined) parent[field] = value;
      else if (typeof current === 'number') parent[field] = current + value;
      else throw new Error(`Cannot apply $inc to "${path}": it holds a non-numeric value (${JSON.stringify(current)}).`);
      return true;
    case '$min':
    case '$max': {
      const order = current === undefined ? 0 : compare(value, current);
      if (current === undefined || (operator === '$min' ? order < 0 : order > 0)) parent[field] = copyValue(value);
      return true;
    }
    case '$push':
    case '$addToSet': {
      const values = eachValues(value);
      if (current !== undefined && !Array.isArray(current)) throw new Error(`Cannot apply ${operator} to "${path}": it is not an array.`);
      if (!values) {
        // Modifiers ($slice, $position, $sort) are mingo's, which skips them on a missing field
        // ({ $each: [1, 2, 3], $slice: -2 } gave [1, 2, 3]); MongoDB starts from an empty array.
        if (current === undefined) parent[field] = [];
        return false;
      }
      const list = (current as unknown[] | undefined) ?? [];
      for (const item of values) if (operator === '$push' || !list.some((existing) => isEqual(existing, item))) list.push(copyValue(item));
      parent[field] = list;
      return true;
    }
    default:
      return false;
  }
}

/** Applies every operator of `update` except `$setOnInsert` to `target`, in place. */
function applyOperators(target: AnyObject, update: Update): void {
  for (const [operator, expression] of Object.entries(update)) {
    if (operator === '$setOnInsert' || expression === undefined) continue;
    const mingoOperator = mingoOperators[operator];
    if (!mingoOperator) {
      throw new Error(`Unsupported update operator "${operator}". The storage port supports ${Object.keys(mingoOperators).join(', ')} and $setOnInsert.`);
    }
    for (const [path, value] of Object.entries(expression as AnyObject)) {
      if (!applyNative(operator, target, path, value)) mingoOperator({ [path]: copyValue(value) })(target);
    }
  }
}

/**
 * Makes the objects along `path` in `root` private copies, so an operator can change them without
 * touching the stored version, which shares every other subtree with the new one.
 */
function copyAlongPath(root: AnyObject, path: string, copies: Set<unknown>): void {
  let parent: AnyObject = root;
  for (const segment of path.split('.')) {
    const child = parent[segment];
    if (child === null || typeof child !== 'object' || child instanceof Date) return;
    if (!copies.has(child)) {
      const copy = Array.isArray(child) ? child.slice() : Object.assign({}, child as AnyObject);
      parent[segment] = copy;
      copies.add(copy);
      parent = copy as AnyObject;
    } else {
      parent = child as AnyObject;
    }
  }
}

/**
 * The document after `update`, as a new object. Stored documents are immutable, so only the objects on
 * the updated paths are copied; unchanged subtrees are shared between the old and the new version.
 */
export function updatedCopy(doc: Doc, update: Update): Doc {
  const paths: string[] = [];
  for (const [operator, expression] of Object.entries(update)) {
    if (operator === '$setOnInsert' || !expression || typeof expression !== 'object') continue;
    for (const path in expression) paths.push(path);
  }
  // Positional paths (`a.$.b`) reach array elements we cannot name in advance: copy everything.
  // Object.assign, not a spread: the copy may gain keys, and spread copies that do get a hidden class
  // each (with-fields.ts).
  const copy = paths.some((path) => path.includes('$')) ? (cloneDeep(doc) as Doc) : Object.assign({}, doc);
  if (paths.length > 1 || paths[0]?.includes('.')) {
    const copies = new Set<unknown>([copy]);
    for (const path of paths) copyAlongPath(copy, path, copies);
  } else if (paths.length === 1) {
    const child = copy[paths[0]];
    if (child !== null && typeof child === 'object' && !(child instanceof Date)) copy[paths[0]] = Array.isArray(child) ? child.slice() : Object.assign({}, child as AnyObject);
  }
  applyOperators(copy, update);
  return copy;
}

/** The equality value of a filter condition (`'x'`, `{ $eq: 'x' }`, an embedded document), else `undefined`. */
function equalityOf(condition: unknown): unknown {
  if (condition === null || typeof condition !== 'object') return condition;
  if (condition instanceof Date || condition instanceof RegExp) return condition instanceof Date ? condition : undefined;
  const keys = Object.keys(condition);
  if (keys.length === 1 && keys[0] === '$eq') return (condition as AnyObject).$eq;
  if (keys.some((key) => key.startsWith('$'))) return undefined;
  return condition;
}

/** The fields an upsert copies from its filter: the equality conditions, as MongoDB does. */
function seedFromFilter(filter: Filter, seed: AnyObject = {}): AnyObject {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const clause of condition) if (clause && typeof clause === 'object') seedFromFilter(clause as Filter, seed);
      continue;
    }
    if (field.startsWith('$')) continue;
    const value = equalityOf(condition);
    if (value !== undefined) setValue(seed, field, copyValue(value));
  }
  return seed;
}

/** The document an upsert creates: the filter's equality fields, then the update, then `$setOnInsert`. */
export function upsertedDocument(workspace: string, filter: Filter, update: Update): Doc {
  const doc: AnyObject = seedFromFilter(filter);
  applyOperators(doc, update);
  if (update.$setOnInsert) {
    // `_id` may be chosen on insert; mingo's $set refuses to touch it, so it is assigned directly.
    const { _id: insertId, ...onInsert } = update.$setOnInsert;
    applyOperators(doc, { $set: onInsert });
    if (doc._id === undefined && typeof insertId === 'string') doc._id = insertId;
  }
  if (typeof doc._id !== 'string') doc._id = newDocumentId();
  doc.workspace = workspace;
  return doc as Doc;
}
