import { escapePointerSegment, type ProblemDetail } from '../errors/index';
import { ingestLimits } from './ingest-limits';

/**
 * Keys that turn into prototype pollution the moment some code copies the object with
 * `Object.assign`, spread into a merge, or a path setter.
 */
const prototypeKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** At most this many details are reported for one message: a hostile body can hold thousands of bad places. */
const maxReportedPlaces = 20;

/** A node of the walk; its JSON pointer is only spelled out when a problem is found under it. */
interface WalkNode {
  value: object;
  depth: number;
  parent: WalkNode | null;
  key: string;
}

/**
 * The places of a message that cannot be stored as sent, each with a JSON pointer:
 * - keys: `__proto__`, `constructor` and `prototype` anywhere; keys starting with `$` or containing
 *   `.`, because every key of a stored event is a MongoDB field name, where `$` means an operator and
 *   `.` a path; keys with a NUL character or a lone UTF-16 surrogate;
 * - values: numbers JSON.parse made infinite and strings with a lone surrogate (describeUnstorableValue);
 * - nesting deeper than `ingestLimits.maxJsonDepth`.
 *
 * One walk over every key and value, with an explicit stack, never recursion, so a 10,000-level
 * document cannot overflow the stack.
 *
 * @example findUnstorableContent({ properties: { 'a.b': 1 } }, '/batch/0') // [{ pointer: '/batch/0/properties/a.b', message: … }]
 */
export function findUnstorableContent(value: unknown, pointerPrefix = '', baseDepth = 0): ProblemDetail[] {
  const details: ProblemDetail[] = [];
  if (value === null || typeof value !== 'object') return details;
  const stack: WalkNode[] = [{ value, depth: baseDepth, parent: null, key: '' }];
  while (stack.length > 0 && details.length < maxReportedPlaces) {
    const node = stack.pop()!;
    if (node.depth >= ingestLimits.maxJsonDepth) {
      details.push({ pointer: pointerOf(node, pointerPrefix), message: `is nested deeper than ${ingestLimits.maxJsonDepth} levels` });
      continue;
    }
    const depth = node.depth + 1;
    if (Array.isArray(node.value)) {
      const items = node.value;
      for (let i = items.length - 1; i >= 0; i--) {
        const child: unknown = items[i];
        if (child !== null && typeof child === 'object') {
          stack.push({ value: child, depth, parent: node, key: String(i) });
          continue;
        }
        const problem = describeUnstorableValue(child);
        if (problem) details.push({ pointer: `${pointerOf(node, pointerPrefix)}/${i}`, message: problem });
      }
      continue;
    }
    const record = node.value as Record<string, unknown>;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const child = record[key];
      const problem = describeUnsafeKey(key) ?? (child !== null && typeof child !== 'object' ? describeUnstorableValue(child) : null);
      if (problem) {
        details.push({ pointer: `${pointerOf(node, pointerPrefix)}/${escapePointerSegment(key)}`, message: problem });
        continue;
      }
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth, parent: node, key });
    }
  }
  return details;
}

/**
 * Why a string or number of a parsed JSON body cannot be stored as sent, or `null` when it can: a
 * number JSON.parse made infinite (`1e400`: JSON has no Infinity, so it would come back as null), or a
 * string with a lone UTF-16 surrogate (`"\ud800"`: the MongoDB driver writes it as U+FFFD, the embedded
 * store keeps it, and the two adapters would disagree). Anything else JSON.parse returns is storable.
 */
export function describeUnstorableValue(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : 'is a number beyond the range of a double (it would be stored as null); send a smaller number, or a string';
  if (typeof value === 'string' && !isWellFormedUnicode(value)) return loneSurrogateProblem('strings');
  return null;
}

/** Why a key cannot be stored as sent (a lone surrogate), or `null`; the rules every stored document shares. */
export function describeUnstorableKey(key: string): string | null {
  return isWellFormedUnicode(key) ? null : loneSurrogateProblem('keys');
}

/** Whether a text is valid Unicode: no UTF-16 surrogate without its pair. */
function isWellFormedUnicode(text: string): boolean {
  // ES2024, in V8 since Node 20; the TypeScript lib of this project is ES2023.
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}

function loneSurrogateProblem(what: 'keys' | 'strings'): string {
  return `${what} may not hold a lone UTF-16 surrogate (an escape like "\\ud800" without its pair is not Unicode, and MongoDB would store it as U+FFFD); send valid Unicode`;
}

function pointerOf(node: WalkNode, prefix: string): string {
  const segments: string[] = [];
  for (let at: WalkNode | null = node; at?.parent; at = at.parent) segments.push(escapePointerSegment(at.key));
  return prefix + segments.reverse().map((segment) => '/' + segment).join('');
}

/** Why a key may not be stored, or `null` when it may. */
function describeUnsafeKey(key: string): string | null {
  const first = key.charCodeAt(0);
  if (first === 36 /* $ */) return 'keys may not start with "$" (MongoDB reads them as operators); rename the key';
  if (key.includes('.')) return 'keys may not contain "." (MongoDB reads it as a path); use nested objects or another separator';
  if (key.includes('\u0000')) return 'keys may not contain the NUL character (MongoDB cannot store it); rename the key';
  if ((first === 95 /* _ */ || first === 99 /* c */ || first === 112) /* p */ && prototypeKeys.has(key)) {
    return `the key "${key}" is not allowed (it could alter object prototypes); rename it`;
  }
  return describeUnstorableKey(key);
}
