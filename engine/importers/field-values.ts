import { microsPerUnit } from '../profile/index';

const decimalPattern = /^[-+]?(\d+\.?\d*|\.\d+)$/;

/**
 * A decimal field (`2.55`, `-11062.06`, `.5`) in micro-units, or null when it is not a plain decimal.
 * Parsing the digits rather than multiplying a float keeps prices like 0.001 exact.
 */
export function parseDecimalMicros(text: string): number | null {
  const value = text.trim();
  if (!decimalPattern.test(value)) return null;
  const negative = value.startsWith('-');
  const unsigned = value.replace(/^[-+]/, '');
  const [whole, fraction = ''] = unsigned.split('.');
  const micros = Number(whole || '0') * microsPerUnit + Number((fraction + '000000').slice(0, 6)) + (Number(fraction[6] ?? '0') >= 5 ? 1 : 0);
  if (!Number.isSafeInteger(micros)) return null;
  return negative ? -micros : micros;
}

/** A decimal field as a number, or null. */
export function parseDecimal(text: string): number | null {
  const value = text.trim();
  return decimalPattern.test(value) ? Number(value) : null;
}

/** An integer field, or null. */
export function parseInteger(text: string): number | null {
  const value = text.trim();
  return /^[-+]?\d+$/.test(value) && Number.isSafeInteger(Number(value)) ? Number(value) : null;
}

const naiveDateTime = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?$/;
const usDateTime = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const isoWithZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A date-time without a zone, read as written and labelled UTC (`2010-12-01 08:26:00` →
 * `2010-12-01T08:26:00.000Z`), as the UCI event stream does with the shop's UK local times. Accepts
 * `YYYY-MM-DD HH:MM[:SS]` and the spreadsheet form `M/D/YYYY H:MM`. Null when it is not a real date.
 */
export function parseNaiveDateTime(text: string): string | null {
  // Order files repeat one date on every line item of an order: remember the last answer.
  if (text === lastNaiveInput) return lastNaiveOutput;
  lastNaiveInput = text;
  lastNaiveOutput = readNaiveDateTime(text.trim());
  return lastNaiveOutput;
}

let lastNaiveInput: string | null = null;
let lastNaiveOutput: string | null = null;

function readNaiveDateTime(value: string): string | null {
  let match = naiveDateTime.exec(value);
  if (match) {
    const millis = match[7] ? Number(match[7].slice(1).padEnd(3, '0')) : 0;
    return utcIso(+match[1], +match[2], +match[3], +match[4], +match[5], match[6] ? +match[6] : 0, millis);
  }
  match = usDateTime.exec(value);
  if (match) return utcIso(+match[3], +match[1], +match[2], +match[4], +match[5], match[6] ? +match[6] : 0, 0);
  return null;
}

/**
 * An ISO-8601 timestamp of the generic format: with a zone (`Z`, `+01:00`) it is that instant; without
 * one it is read as UTC; a bare date is midnight UTC. Null when it is not a real date.
 */
export function parseTimestamp(text: string): string | null {
  const value = text.trim();
  if (isoWithZone.test(value)) {
    const time = Date.parse(value);
    if (Number.isNaN(time)) return null;
    // Date.parse rolls 2011-02-30 over to March; the zone-less check below catches it on the date part.
    const [year, month, day] = value.slice(0, 10).split('-').map(Number);
    return isRealDate(year, month, day) ? new Date(time).toISOString() : null;
  }
  const onlyDate = dateOnly.exec(value);
  if (onlyDate) return utcIso(+onlyDate[1], +onlyDate[2], +onlyDate[3], 0, 0, 0, 0);
  return parseNaiveDateTime(value);
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function utcIso(year: number, month: number, day: number, hour: number, minute: number, second: number, millis: number): string | null {
  if (!isRealDate(year, month, day) || hour > 23 || minute > 59 || second > 59) return null;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis)).toISOString();
}
