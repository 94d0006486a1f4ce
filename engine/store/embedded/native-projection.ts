import type { Doc } from './document-filter';

/**
 * Inclusion projections (`{ 'traits.orders_count': 1, userId: 1 }`, optionally `_id: 0`) compiled to
 * plain JavaScript for the embedded store, which projects up to every customer of a workspace in a
 * batch recompute. mingo stays the reference: a projection of any other shape returns null here, and
 * a document where an included path meets an array or a non-plain object answers UNDECIDED so the
 * caller asks mingo for that document. Like mingo (and MongoDB), an included path through an object
 * that lacks the field keeps the (empty) object, a path through a scalar or null is left out, and
 * included values are shared with the stored document, which is read-only.
 */
export const UNDECIDED_PROJECTION = Symbol('undecided projection');

export type DocumentProjection = (doc: Doc) => Doc | typeof UNDECIDED_PROJECTION;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

const hasOwn = Object.prototype.hasOwnProperty;

/** The compiled projection, or null when only mingo can run it. */
export function compileProjection(projection: Record<string, unknown>): DocumentProjection | null {
  let includeId = true;
  const paths: string[][] = [];
  for (const [field, flag] of Object.entries(projection)) {
    if (field === '_id' && (flag === 0 || flag === false)) {
      includeId = false;
      continue;
    }
    if (flag !== 1 && flag !== true) return null;
    const segments = field.split('.');
    if (segments.some((segment) => segment === '' || segment.startsWith('$') || /^\d+$/.test(segment))) return null;
    paths.push(segments);
  }
  const joined = paths.map((segments) => segments.join('.'));
  // Overlapping paths are an error mingo reports.
  if (joined.some((path) => joined.some((other) => other !== path && (other.startsWith(`${path}.`) || other === path)))) return null;
  if (paths.length === 0) return null;

  return (doc) => {
    const out: Record<string, unknown> = {};
    for (const segments of paths) {
      let source: Record<string, unknown> = doc;
      let target = out;
      for (let i = 0; i < segments.length; i++) {
        const segment = segments[i];
        if (!hasOwn.call(source, segment)) break;
        const value = source[segment];
        if (i === segments.length - 1) {
          if (value !== undefined) target[segment] = value;
          break;
        }
        if (Array.isArray(value)) return UNDECIDED_PROJECTION;
        if (value === null || typeof value !== 'object') break;
        if (!isPlainObject(value)) return UNDECIDED_PROJECTION;
        let next = target[segment];
        if (next === undefined) target[segment] = next = {};
        source = value;
        target = next as Record<string, unknown>;
      }
    }
    if (includeId && doc._id !== undefined) out._id = doc._id;
    return out as Doc;
  };
}
