/**
 * What a refused save or delete of a library template means for the marketer: someone else's change
 * (reload), a draft journey still using it, a template that is gone, or problems of fields (placed by
 * their JSON pointers). The API's codes and pointers decide; the words are the form's.
 */
import { ApiError, describeApiError } from '../api/index';
import type { ProblemDetailBody } from '../../../schemas/types';

export type TemplateRefusal =
  /** Saved by someone else since it was opened (409 at `/version`): reload. */
  | { kind: 'stale'; message: string }
  /** Not deleted: draft journeys use it (409); `reasons` are the API's, one per draft. */
  | { kind: 'in-use'; message: string; reasons: string[] }
  /** Deleted meanwhile (404). */
  | { kind: 'gone'; message: string }
  /** Problems of the body, to show next to their fields. */
  | { kind: 'invalid'; message: string; details: ProblemDetailBody[] }
  | { kind: 'other'; message: string };

export type TemplateAction = 'create' | 'update' | 'delete';

const staleMessage = 'Someone else changed this template since you opened it. Reload to see their version — your edits here are not saved — then make your change again.';

/**
 * Reads a refused `POST` / `PUT` / `DELETE /api/templates` for the form.
 *
 * @example readTemplateRefusal('update', new ApiError(409, { code: 'CONFLICT', message: '…', details: [{ pointer: '/version', message: '…' }] }, '…'), 'welcome').kind // 'stale'
 */
export function readTemplateRefusal(action: TemplateAction, error: unknown, templateId: string): TemplateRefusal {
  if (!(error instanceof ApiError) || error.problem === null) return { kind: 'other', message: describeApiError(error) };
  const { status, problem } = error;
  if (status === 404) return { kind: 'gone', message: `The template "${templateId}" is no longer in the library: someone deleted it.` };
  if (status === 409 && action === 'create') {
    return {
      kind: 'invalid',
      message: problem.message,
      details: [{ pointer: '/id', message: `The id "${templateId}" is taken by another template of this workspace. Pick another id, or open that template from the list.` }],
    };
  }
  if (status === 409 && action === 'delete' && problem.details.some((detail) => /journey/i.test(detail.message))) {
    return { kind: 'in-use', message: 'Not deleted: a draft journey uses this template. Change those steps (or delete the drafts), then delete it.', reasons: problem.details.map((detail) => detail.message) };
  }
  if (status === 409) return { kind: 'stale', message: staleMessage };
  if (status === 400 || status === 422) return { kind: 'invalid', message: problem.message, details: problem.details };
  return { kind: 'other', message: describeApiError(error) };
}
