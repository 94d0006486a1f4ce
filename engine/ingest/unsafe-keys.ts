import { escapePointerSegment, type ProblemDetail } from '../errors/index';
import { ingestLimits } from './ingest-limits';

/**
 * Keys that turn into prototype pollution the moment some code copies the object with
 * `Object.assign`, spread into a merge, or a path setter.
 */
const prototypeKeys = new Set(['__proto__', 'constructor', 'prototype']);

/** At most this many details are reported for one message: a hostile body can hold thousands. */
const maxReportedKeys = 20;

/** A node of the walk; its JSON pointer is only spelled out when a problem is found under it. */
interface WalkNode {
  value: object;
  depth: number;
  parent: WalkNode | null;
  key: string;
}

/**
 * The keys of a message that may not be stored, each with a JSON pointer: `__proto__`, `constructor`
 * and `prototype` anywhere; keys starting with `$` or containing `.`, because every key of a stored
 * event is a MongoDB field name, where `$` means an operator and `.` a path; keys with a NUL
 * character; and nesting deeper than `ingestLimits.maxJsonDepth`.
 *
 * Walks with an explicit stack, never recursion, so a 10,000-level document cannot overflow the stack.
 *
 * @example findUnsafeKeys({ properties: { 'a.b': 1 } }, '/batch/0') // [{ pointer: '/batch/0/properties/a.b', message: … }]
 */
export function findUnsafeKeys(value: unknown, pointerPrefix = '', baseDepth = 0): ProblemDetail[] {
  const details: ProblemDetail[] = [];
  if (value === null || typeof value !== 'object') return details;
  const stack: WalkNode[] = [{ value, depth: baseDepth, parent: null, key: '' }];
  while (stack.length > 0 && details.length < maxReportedKeys) {
    const node = stack.pop()!;
    if (node.depth >= ingestLimits.maxJsonDepth) {
      details.push({ pointer: pointerOf(node, pointerPrefix) || '/', message: `is nested deeper than ${ingestLimits.maxJsonDepth} levels` });
      continue;
    }
    const depth = node.depth + 1;
    if (Array.isArray(node.value)) {
      const items = node.value;
      for (let i = items.length - 1; i >= 0; i--) {
        const child: unknown = items[i];
        if (child !== null && typeof child === 'object') stack.push({ value: child, depth, parent: node, key: String(i) });
      }
      continue;
    }
    const record = node.value as Record<string, unknown>;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      const problem = describeUnsafeKey(key);
      if (problem) {
        details.push({ pointer: `${pointerOf(node, pointerPrefix)}/${escapePointerSegment(key)}`, message: problem });
        continue;
      }
      const child = record[key];
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth, parent: node, key });
    }
  }
  return details;
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
  return null;
}
