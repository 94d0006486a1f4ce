/**
 * Order-preserving string encoding of index keys.
 *
 * Every indexed value becomes a string whose plain `<` ordering (UTF-16 code units, what V8 compares
 * natively) is mingo's `compare` ordering, so an ordered index is a sorted list of strings and a range
 * query is a pair of string bounds. Components are self-delimiting (prefix-free), so a tuple key is the
 * concatenation of its components and a bound on the first k fields is a string prefix.
 *
 * Cross-type order follows mingo (and so MongoDB's sort for the types a JSON document holds):
 * null < numbers < strings < objects < booleans < dates. A missing field is keyed as null, as MongoDB
 * does: `{ x: null }` matches both, and a unique index lets only one document lack the field. Arrays
 * never get a key of their own: an array contributes one entry per element (a multikey index).
 */

const TAG_NULL = '\u0012';
const TAG_NUMBER = '\u0013';
const TAG_STRING = '\u0014';
const TAG_OBJECT = '\u0015';
const TAG_BOOLEAN = '\u0017';
const TAG_DATE = '\u0018';

/** Ends a string component; a NUL inside a string is escaped as NUL + 0x02, which sorts after the end mark. */
const STRING_END = '\u0000\u0001';
const ESCAPED_NUL = '\u0000\u0002';

/** A scalar an index can place in order. */
export type IndexScalar = string | number | boolean | null | undefined | Date;

const numberView = new DataView(new ArrayBuffer(8));

/** Eight Latin-1 characters whose order is the numeric order of `value` (IEEE-754 with the sign folded). */
function encodeNumberBits(value: number): string {
  // -0 equals 0 and NaN sorts below every number, as in MongoDB.
  numberView.setFloat64(0, Number.isNaN(value) ? -Infinity : value === 0 ? 0 : value);
  let high = numberView.getUint32(0);
  let low = numberView.getUint32(4);
  if (high & 0x80000000) {
    high = ~high >>> 0;
    low = ~low >>> 0;
  } else {
    high = (high | 0x80000000) >>> 0;
  }
  return String.fromCharCode(high >>> 24, (high >>> 16) & 0xff, (high >>> 8) & 0xff, high & 0xff, low >>> 24, (low >>> 16) & 0xff, (low >>> 8) & 0xff, low & 0xff);
}

function encodeText(text: string): string {
  return (text.indexOf('\u0000') === -1 ? text : text.split('\u0000').join(ESCAPED_NUL)) + STRING_END;
}

/** The type tag a value's component starts with: the bracket a `$lt`/`$gt` on that value stays within. */
export function tagOf(value: unknown): string {
  if (value === undefined || value === null) return TAG_NULL;
  switch (typeof value) {
    case 'number':
      return TAG_NUMBER;
    case 'string':
      return TAG_STRING;
    case 'boolean':
      return TAG_BOOLEAN;
    default:
      return value instanceof Date ? TAG_DATE : TAG_OBJECT;
  }
}

/**
 * The ascending component of one value. Objects are encoded by their JSON text: equal objects get equal
 * keys (for unique indexes), but their order is not mingo's, so callers treat them as unordered.
 */
export function encodeValue(value: unknown): string {
  if (value === undefined || value === null) return TAG_NULL;
  switch (typeof value) {
    case 'number':
      return TAG_NUMBER + encodeNumberBits(value);
    case 'string':
      return TAG_STRING + encodeText(value);
    case 'boolean':
      return TAG_BOOLEAN + (value ? '\u0001' : '\u0000');
    case 'bigint':
      return TAG_NUMBER + encodeNumberBits(Number(value));
    default:
      if (value instanceof Date) return TAG_DATE + encodeNumberBits(value.getTime());
      return TAG_OBJECT + encodeText(JSON.stringify(value) ?? String(value));
  }
}

/** Reverses the order of a prefix-free component, for fields an index keeps in descending order. */
export function invertComponent(component: string): string {
  let out = '';
  for (let i = 0; i < component.length; i++) out += String.fromCharCode(0xffff - component.charCodeAt(i));
  return out;
}

/** The component of `value` for a field kept in `direction` order. */
export function encodeComponent(value: unknown, direction: 1 | -1): string {
  const component = encodeValue(value);
  return direction === 1 ? component : invertComponent(component);
}

/** The start of a type bracket, in `direction` order. */
export function encodeTag(tag: string, direction: 1 | -1): string {
  return direction === 1 ? tag : invertComponent(tag);
}

/** Whether a value has a key whose order agrees with mingo's `compare`. */
export function isOrderedScalar(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value instanceof Date;
}

/**
 * The smallest string greater than every string that starts with `prefix` (`null`: there is none).
 * Turns "starts with" into a half-open range `[prefix, prefixEnd(prefix))`.
 */
export function prefixEnd(prefix: string): string | null {
  let end = prefix.length;
  while (end > 0 && prefix.charCodeAt(end - 1) === 0xffff) end--;
  if (end === 0) return null;
  return prefix.slice(0, end - 1) + String.fromCharCode(prefix.charCodeAt(end - 1) + 1);
}

/**
 * One index entry: the tuple key, then the document id and its length in one trailing character, so
 * entries are unique per document and the id can be read back without a separate map.
 */
export function entryOf(tupleKey: string, id: string): string {
  if (id.length > 0xffff) throw new Error(`Document _id is ${id.length} characters long; the embedded store indexes ids of up to 65535 characters.`);
  return tupleKey + id + String.fromCharCode(id.length);
}

/** The document id an entry was made for. */
export function idOfEntry(entry: string): string {
  const end = entry.length - 1;
  return entry.slice(end - entry.charCodeAt(end), end);
}

/** The tuple key part of an entry. */
export function tupleKeyOfEntry(entry: string): string {
  const end = entry.length - 1;
  return entry.slice(0, end - entry.charCodeAt(end));
}
