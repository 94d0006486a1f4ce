/**
 * Sets the value at a JSON pointer (RFC 6901) of a parsed JSON document, in place, and returns the
 * document: tests break a pack at exactly the place the expected problem then points at.
 *
 * @example setAtPointer(pack, '/segments/1/conditions/all/0/fact', 'traits.nope')
 */
export function setAtPointer<T>(document: T, pointer: string, value: unknown): T {
  const segments = pointer.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  const last = segments.pop();
  if (last === undefined) throw new Error('setAtPointer needs a pointer below the root.');
  let node: unknown = document;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') throw new Error(`${pointer}: nothing at "${segment}".`);
    node = (node as Record<string, unknown>)[segment];
  }
  if (node === null || typeof node !== 'object') throw new Error(`${pointer}: the parent is not an object or array.`);
  (node as Record<string, unknown>)[last] = value;
  return document;
}
