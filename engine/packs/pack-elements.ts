import { packKinds, type PackKind } from './pack-context';

/** One element of a pack's array, with its place in the pack. */
export interface PackElement<T> {
  index: number;
  /** JSON pointer of the element in the pack: `/segments/2`. */
  pointer: string;
  value: T;
}

/** Every element of each of the pack's arrays (none for a kind whose value is not an array). */
export function listPackElements(pack: Record<string, unknown>): Record<PackKind, Array<PackElement<unknown>>> {
  const elements = {} as Record<PackKind, Array<PackElement<unknown>>>;
  for (const kind of packKinds) {
    const list = pack[kind];
    elements[kind] = Array.isArray(list) ? list.map((value, index) => ({ index, pointer: `/${kind}/${index}`, value })) : [];
  }
  return elements;
}

/** The ids a pack holds, by kind (elements without a text id are left out). */
export function listPackIds(pack: unknown): Record<PackKind, Array<{ id: string; pointer: string }>> {
  const elements = pack !== null && typeof pack === 'object' && !Array.isArray(pack) ? listPackElements(pack as Record<string, unknown>) : listPackElements({});
  const ids = {} as Record<PackKind, Array<{ id: string; pointer: string }>>;
  for (const kind of packKinds) {
    ids[kind] = elements[kind].flatMap((element) => {
      const id = element.value !== null && typeof element.value === 'object' ? (element.value as { id?: unknown }).id : undefined;
      return typeof id === 'string' ? [{ id, pointer: element.pointer }] : [];
    });
  }
  return ids;
}
