/**
 * Segments may be built from other segments: `{ fact: 'segments', operator: 'contains', value: 'vip' }`
 * or `segmentsEnteredAt.vip`. These functions find such references (with a JSON pointer to each, for
 * error messages) and order segments so every segment comes after the ones it reads.
 */
import { type Condition, isAllCondition, isAnyCondition, isFactReference, isNotCondition } from '../rules/index';

/** One reference to another segment inside a condition. */
export interface SegmentReference {
  segmentId: string;
  /** Path segments of the place, relative to the condition. */
  at: Array<string | number>;
}

const membershipFact = 'segments';
const enteredAtPrefix = 'segmentsEnteredAt.';

function referencesOfFact(fact: unknown, at: Array<string | number>, into: SegmentReference[]): void {
  if (typeof fact === 'string' && fact.startsWith(enteredAtPrefix)) {
    const id = fact.slice(enteredAtPrefix.length);
    if (id !== '' && !id.includes('.')) into.push({ segmentId: id, at });
  }
}

/** Every segment a (checked) condition reads, in document order; an id may appear more than once. */
export function listSegmentReferences(condition: Condition): SegmentReference[] {
  const found: SegmentReference[] = [];
  const visit = (node: Condition, at: Array<string | number>): void => {
    if (isAllCondition(node)) node.all.forEach((child, i) => visit(child, [...at, 'all', i]));
    else if (isAnyCondition(node)) node.any.forEach((child, i) => visit(child, [...at, 'any', i]));
    else if (isNotCondition(node)) visit(node.not, [...at, 'not']);
    else {
      referencesOfFact(node.fact, [...at, 'fact'], found);
      if (isFactReference(node.value)) {
        referencesOfFact(node.value.fact, [...at, 'value', 'fact'], found);
        return;
      }
      if (node.fact !== membershipFact) return;
      if (typeof node.value === 'string') found.push({ segmentId: node.value, at: [...at, 'value'] });
      else if (Array.isArray(node.value)) {
        node.value.forEach((element, i) => {
          if (typeof element === 'string') found.push({ segmentId: element, at: [...at, 'value', i] });
        });
      }
    }
  };
  visit(condition, []);
  return found;
}

/** The distinct ids a condition reads, sorted. */
export function listReferencedSegmentIds(condition: Condition): string[] {
  return [...new Set(listSegmentReferences(condition).map((reference) => reference.segmentId))].sort();
}

/**
 * The first cycle a new definition would close, as a list of ids (`['a', 'b', 'a']`), or null.
 * `references` maps every other segment id to the ids it reads.
 */
export function findReferenceCycle(segmentId: string, reads: readonly string[], references: ReadonlyMap<string, readonly string[]>): string[] | null {
  const path: string[] = [segmentId];
  const visiting = new Set<string>([segmentId]);
  const done = new Set<string>();
  const walk = (id: string): string[] | null => {
    for (const next of id === segmentId ? reads : (references.get(id) ?? [])) {
      if (next === segmentId) return [...path, next];
      if (done.has(next) || visiting.has(next)) continue;
      visiting.add(next);
      path.push(next);
      const cycle = walk(next);
      if (cycle) return cycle;
      path.pop();
      visiting.delete(next);
      done.add(next);
    }
    return null;
  };
  return walk(segmentId);
}

/**
 * Orders items so each comes after every item it reads (Kahn's algorithm, ties by id). Definitions are
 * checked for cycles when saved; should stored data hold one anyway, the remaining items follow in id
 * order rather than being dropped.
 */
export function orderByReferences<T extends { id: string; references: readonly string[] }>(items: readonly T[]): T[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const pending = new Map<string, number>();
  const readers = new Map<string, string[]>();
  for (const item of items) {
    const known = item.references.filter((id) => byId.has(id) && id !== item.id);
    pending.set(item.id, known.length);
    for (const id of known) {
      const list = readers.get(id) ?? [];
      list.push(item.id);
      readers.set(id, list);
    }
  }
  const ready = [...pending.entries()].filter(([, count]) => count === 0).map(([id]) => id).sort();
  const ordered: T[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    ordered.push(byId.get(id)!);
    for (const reader of readers.get(id) ?? []) {
      const left = pending.get(reader)! - 1;
      pending.set(reader, left);
      if (left === 0) {
        ready.push(reader);
        ready.sort();
      }
    }
  }
  if (ordered.length < items.length) {
    const placed = new Set(ordered.map((item) => item.id));
    ordered.push(...items.filter((item) => !placed.has(item.id)).sort((a, b) => (a.id < b.id ? -1 : 1)));
  }
  return ordered;
}
