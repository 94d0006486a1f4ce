/**
 * Problems of a condition (from the engine's checkCondition or from the server) attached to the node
 * of the builder they point at: `/conditions/any/1/value` is the value of the second rule of the root
 * "any" group.
 */
import { keyOfPath, type ConditionStep } from './condition-commands';

export interface ConditionProblem {
  message: string;
  code?: string;
  /** The field of the rule the pointer ends in (`fact`, `operator`, `value`, …), or null for the node itself. */
  field: string | null;
}

/** The node path and field a JSON pointer names, when it lies under `prefix`; else null. */
export function locateConditionPointer(pointer: string, prefix = ''): { path: ConditionStep[]; field: string | null } | null {
  if (pointer !== prefix && !pointer.startsWith(prefix + '/')) return null;
  const segments = pointer.slice(prefix.length).split('/').slice(1);
  const path: ConditionStep[] = [];
  let i = 0;
  while (i < segments.length) {
    const segment = segments[i];
    if ((segment === 'all' || segment === 'any') && i + 1 < segments.length && /^\d+$/.test(segments[i + 1])) {
      path.push(Number(segments[i + 1]));
      i += 2;
    } else if (segment === 'not') {
      path.push('not');
      i += 1;
    } else {
      return { path, field: segment };
    }
  }
  return { path, field: null };
}

/**
 * Groups problem details by the key of the node they point at (keyOfPath). Details outside the
 * condition are left out; a detail without a pointer belongs to the root.
 */
export function groupConditionProblems(details: ReadonlyArray<{ pointer?: string; message: string; code?: string }>, prefix = ''): Map<string, ConditionProblem[]> {
  const grouped = new Map<string, ConditionProblem[]>();
  for (const detail of details) {
    const located = detail.pointer === undefined || detail.pointer === '/' ? { path: [], field: null } : locateConditionPointer(detail.pointer, prefix);
    if (!located) continue;
    const key = keyOfPath(located.path);
    const list = grouped.get(key) ?? [];
    list.push({ message: detail.message, field: located.field, ...(detail.code ? { code: detail.code } : {}) });
    grouped.set(key, list);
  }
  return grouped;
}
