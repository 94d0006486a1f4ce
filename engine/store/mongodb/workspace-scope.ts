import { newDocumentId } from '../document-id';
import type { Filter, OpDocument, StoredDocument, Update } from '../storage-port';

/**
 * How the MongoDB adapter keeps every call inside one workspace: `workspace` is added to every filter
 * (overriding any the caller gave), stamped on every written document, and stripped from updates so a
 * document can never move to another workspace.
 */

/** Pipeline stages that read or write other collections and so could cross the workspace boundary. */
const crossCollectionStages = new Set(['$lookup', '$graphLookup', '$unionWith', '$out', '$merge']);

export function scopeFilter(workspace: string, filter: Filter): Filter {
  return { ...filter, workspace };
}

/** The document as stored: the caller's fields, a string `_id` (generated when missing) and `workspace`. */
export function scopeDocument(workspace: string, doc: OpDocument): StoredDocument & Record<string, unknown> {
  return { ...doc, _id: typeof doc._id === 'string' ? doc._id : newDocumentId(), workspace };
}

/** A replacement document: the caller's fields and `workspace`, without `_id` (which a replace keeps). */
export function scopeReplacement(workspace: string, doc: OpDocument): Record<string, unknown> {
  const { _id: _ignored, ...fields } = doc;
  return { ...fields, workspace };
}

/** Whether the filter pins `_id` to one value, which MongoDB then gives a document it upserts. */
function hasIdEquality(filter: Filter): boolean {
  const id = filter._id;
  if (typeof id === 'string') return true;
  return !!id && typeof id === 'object' && '$eq' in (id as Record<string, unknown>);
}

/**
 * The update as sent to MongoDB: `workspace` stripped from every operator; for an upsert, a string `_id`
 * chosen in `$setOnInsert` (MongoDB would otherwise generate an ObjectId) unless the filter or the update
 * already decides it. An update left empty sets `workspace` to itself, a no-op MongoDB accepts.
 */
export function scopeUpdate(workspace: string, update: Update, upsert: { filter: Filter } | null): Update {
  const scoped: Record<string, Record<string, unknown>> = {};
  for (const [operator, fields] of Object.entries(update) as Array<[string, Record<string, unknown> | undefined]>) {
    if (!fields) continue;
    const { workspace: _ignored, ...rest } = fields;
    if (Object.keys(rest).length > 0) scoped[operator] = rest;
  }
  if (upsert && !hasIdEquality(upsert.filter) && !('_id' in (scoped.$setOnInsert ?? {})) && !('_id' in (scoped.$set ?? {}))) {
    scoped.$setOnInsert = { ...scoped.$setOnInsert, _id: newDocumentId() };
  }
  if (Object.keys(scoped).length === 0) scoped.$set = { workspace };
  return scoped as Update;
}

/** The pipeline as sent to MongoDB: a leading `$match` on the workspace; cross-collection stages refused. */
export function scopePipeline(workspace: string, pipeline: Record<string, unknown>[]): Record<string, unknown>[] {
  for (const stage of pipeline) {
    const operator = Object.keys(stage)[0];
    if (crossCollectionStages.has(operator)) {
      throw new Error(`Aggregation stage ${operator} reads or writes another collection and is not part of the storage port; run one query per collection.`);
    }
  }
  return [{ $match: { workspace } }, ...pipeline];
}
