import { createProblem, fail, ok, type ProblemDetail, type Result } from '../errors/index';
import type { StoragePort, WriteOp } from '../store/index';
import type { Clock } from '../time/index';
import { createTemplateLibrary, templateCollectionNames, templateDocumentId, type StoredTemplate, type TemplateLibrary } from './stored-template';
import { checkTemplateInput, type CheckedTemplateInput } from './template-input-check';
import type { TemplateCustomer } from './template-scope';

/** What the library functions need: the store and the clock. */
export interface TemplateLibraryRuntime {
  readonly store: StoragePort;
  readonly clock: Clock;
}

/** A saved template, with the variables its content reads that the sample customer lacks. */
export interface TemplateSaveResult {
  template: StoredTemplate;
  /** False when an update changed nothing (no new version). */
  changed: boolean;
  warnings: ProblemDetail[];
}

function templatesOf(store: StoragePort) {
  return store.collection<StoredTemplate>(templateCollectionNames.templates);
}

/** The workspace's library, in id order. */
export async function listTemplates(store: StoragePort, workspace: string): Promise<StoredTemplate[]> {
  return templatesOf(store).find(workspace, {}, { sort: { id: 1 } });
}

/** One template, or null. */
export async function findTemplate(store: StoragePort, workspace: string, templateId: string): Promise<StoredTemplate | null> {
  return templatesOf(store).findOne(workspace, { _id: templateDocumentId(workspace, templateId) });
}

/**
 * The workspace's library as journeys resolve `{ "ref": … }` against it: every template, or only
 * those with the given ids (what one journey refers to).
 */
export async function loadTemplateLibrary(store: StoragePort, workspace: string, templateIds?: Iterable<string>): Promise<TemplateLibrary> {
  const ids = templateIds === undefined ? null : [...new Set(templateIds)];
  if (ids !== null && ids.length === 0) return createTemplateLibrary([]);
  return createTemplateLibrary(await templatesOf(store).find(workspace, ids === null ? {} : { id: { $in: ids } }));
}

/** Whether two JSON values are equal, whatever the order of their keys. (No node:util here: the editor bundles this area.) */
function isSameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && isSameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** Whether saving `input` over `existing` would change nothing a client can see. */
export function isTemplateUnchanged(existing: StoredTemplate, input: CheckedTemplateInput): boolean {
  return existing.name === input.name && existing.description === input.description && existing.channel === input.channel && isSameJson(existing.content, input.content);
}

/**
 * The write that saves a checked template — a new one (version 1) or the next version of `existing` —
 * without committing it, for callers that commit several definitions at once (a rule pack import).
 * The write is guarded by the version it replaces, so a concurrent change makes the commit conflict.
 */
export function planTemplateSave(workspace: string, input: CheckedTemplateInput, existing: StoredTemplate | null, now: string): { template: StoredTemplate; writes: WriteOp[] } {
  const template: StoredTemplate = {
    _id: templateDocumentId(workspace, input.id),
    workspace,
    id: input.id,
    name: input.name,
    description: input.description,
    channel: input.channel,
    content: structuredClone(input.content),
    version: existing ? existing.version + 1 : 1,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  const write: WriteOp = existing
    ? { collection: templateCollectionNames.templates, op: 'replace', filter: { _id: template._id, version: existing.version }, doc: template, mustMatch: true }
    : { collection: templateCollectionNames.templates, op: 'insert', doc: template };
  return { template, writes: [write] };
}

function conflict(pointer: string, message: string): Result<never> {
  return fail(createProblem('CONFLICT', [{ pointer, message }]));
}

/**
 * Adds a template to the library (version 1) after checking it (`checkTemplateInput`; nothing is saved
 * when it fails). `CONFLICT` when the id is taken.
 */
export async function createTemplate(runtime: TemplateLibraryRuntime, workspace: string, body: unknown, sampleCustomer: TemplateCustomer): Promise<Result<TemplateSaveResult>> {
  const checked = checkTemplateInput(body, { sampleCustomer, clock: runtime.clock });
  if (!checked.ok) return checked;
  const input = checked.value;
  if (await findTemplate(runtime.store, workspace, input.id)) return conflict('/id', `A template "${input.id}" already exists; change it with PUT /api/templates/${input.id} (a new version).`);
  const { template, writes } = planTemplateSave(workspace, input, null, new Date(runtime.clock.now()).toISOString());
  const result = await runtime.store.commit(workspace, writes);
  if (!result.ok) return conflict('/id', `The template "${input.id}" was created by another request meanwhile; read it and retry.`);
  return ok({ template, changed: true, warnings: input.warnings });
}

/**
 * Saves a changed template as its next version. Drafts that refer to it render the new content at
 * once; published journey versions keep the content they were published with. With `version` in the
 * body the update is refused with `CONFLICT` when the template moved on since. An unchanged template
 * makes no new version.
 */
export async function updateTemplate(runtime: TemplateLibraryRuntime, workspace: string, templateId: string, body: unknown, sampleCustomer: TemplateCustomer): Promise<Result<TemplateSaveResult>> {
  const existing = await findTemplate(runtime.store, workspace, templateId);
  if (!existing) return fail(createProblem('NOT_FOUND', [{ pointer: '/id', message: `No template "${templateId}" in this workspace.` }]));
  const checked = checkTemplateInput(body, { sampleCustomer, clock: runtime.clock, pathId: templateId });
  if (!checked.ok) return checked;
  const input = checked.value;
  if (input.expectedVersion !== undefined && input.expectedVersion !== existing.version) {
    return conflict('/version', `You edited version ${input.expectedVersion}, but the template is at version ${existing.version} now. Read it again and reapply your change.`);
  }
  if (isTemplateUnchanged(existing, input)) return ok({ template: existing, changed: false, warnings: input.warnings });
  const { template, writes } = planTemplateSave(workspace, input, existing, new Date(runtime.clock.now()).toISOString());
  const result = await runtime.store.commit(workspace, writes);
  if (!result.ok) return conflict('/version', `The template "${templateId}" changed while saving (it is past version ${existing.version}); read it again and retry.`);
  return ok({ template, changed: true, warnings: input.warnings });
}

/**
 * Removes a template from the library. Published journey versions keep their frozen copy; the caller
 * refuses the delete while a draft still refers to it (engine/journeys `findTemplateUsage`).
 */
export async function deleteTemplate(runtime: TemplateLibraryRuntime, workspace: string, templateId: string): Promise<Result<StoredTemplate>> {
  const existing = await findTemplate(runtime.store, workspace, templateId);
  if (!existing) return fail(createProblem('NOT_FOUND', [{ pointer: '/id', message: `No template "${templateId}" in this workspace.` }]));
  const result = await runtime.store.commit(workspace, [{ collection: templateCollectionNames.templates, op: 'delete', filter: { _id: existing._id, version: existing.version }, mustMatch: true }]);
  if (!result.ok) return conflict('/id', `The template "${templateId}" changed while deleting; read it again and retry.`);
  return ok(existing);
}
