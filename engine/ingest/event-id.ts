import { randomUUID } from 'node:crypto';

/**
 * The `_id` of a stored event: `<workspace>/<messageId>`. Deriving it from the messageId makes
 * de-duplication a lookup by `_id` (fast in every store) and makes two processes storing the same
 * message collide on the `_id`. The workspace is part of it because MongoDB's `_id` is unique across
 * the whole collection.
 */
export function eventIdOf(workspace: string, messageId: string): string {
  return `${workspace}/${messageId}`;
}

/** A messageId for a message that came without one. Such a message cannot be de-duplicated. */
export function newMessageId(): string {
  return 'wf-' + randomUUID();
}
