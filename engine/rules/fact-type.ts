/**
 * The type of a fact, as the catalogue declares it and the checker enforces it.
 *
 * `date` facts hold ISO-8601 text (`2024-03-01T09:30:00.000Z`, or `1990-05-17` for calendar dates);
 * `any` marks open areas (attributes nobody has declared yet, event properties), typed by how a
 * condition uses them.
 */
export const factTypes = ['string', 'number', 'boolean', 'date', 'array', 'object', 'any'] as const;

export type FactType = (typeof factTypes)[number];

/** The element type of an array fact, when known. */
export type ElementType = 'string' | 'number' | 'boolean' | 'object';

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** Whether text is a valid ISO calendar date (`YYYY-MM-DD`). */
export function isIsoDate(text: string): boolean {
  if (!isoDate.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00.000Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
}

/** Whether text is the canonical stored timestamp form (`Date.prototype.toISOString()`). */
export function isCanonicalTimestamp(text: string): boolean {
  if (text.length !== 24) return false;
  const time = Date.parse(text);
  return !Number.isNaN(time) && new Date(time).toISOString() === text;
}

/** The fact type a single observed value suggests. */
export function inferFactType(value: unknown): Exclude<FactType, 'any'> | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return isoDateTime.test(value) || isIsoDate(value) ? 'date' : 'string';
  if (typeof value === 'number') return Number.isFinite(value) ? 'number' : undefined;
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  return undefined;
}
