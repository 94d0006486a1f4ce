import { randomUUID } from 'node:crypto';

/** The two ids a message can carry to say who it is about. */
export type IdentityKind = 'userId' | 'anonymousId';

/**
 * Which customer an id belongs to. One document per (workspace, kind, id), with the `_id` built from
 * them, so finding the customers of a whole batch is one lookup by `_id`s in every store, and two
 * processes creating a customer for the same new id collide on the `_id` instead of making two.
 */
export interface IdentityDocument {
  _id: string;
  workspace: string;
  kind: IdentityKind;
  value: string;
  customerId: string;
  updatedAt: string;
}

const kindTags: Record<IdentityKind, string> = { userId: 'u', anonymousId: 'a' };

/**
 * The `_id` of an identity: `<workspace>/u/<userId>` or `<workspace>/a/<anonymousId>`. The workspace
 * is part of it because MongoDB's `_id` is unique across the whole collection.
 */
export function identityIdOf(workspace: string, kind: IdentityKind, value: string): string {
  return `${workspace}/${kindTags[kind]}/${value}`;
}

/**
 * An anonymousId for a message that names nobody: the Segment spec's abbreviated examples carry
 * neither userId nor anonymousId. Such an event starts an anonymous profile of its own
 * (docs/ingestion.md, "Who an event belongs to").
 */
export function newAnonymousId(): string {
  return 'wf-anon-' + randomUUID();
}
