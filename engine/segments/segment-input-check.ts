import type { SegmentInput } from '../../schemas/types';
import { createProblem, fail, ok, type ProblemDetail, type Result, toPointer } from '../errors/index';
import { checkCondition, compileCondition, type Condition } from '../rules/index';
import { validateAgainstSchema } from '../validation/index';
import { findReferenceCycle, listSegmentReferences } from './segment-references';
import type { WorkspaceFacts } from './workspace-fact-catalogue';

/** A definition that passed every check, ready to be stored as a version. */
export interface CheckedSegmentInput {
  id: string;
  name: string;
  description: string;
  conditions: Condition;
  facts: string[];
  dependsOnTime: boolean;
  references: string[];
  /** The version the client edited (updates only). */
  expectedVersion?: number;
}

export interface SegmentInputContext {
  facts: WorkspaceFacts;
  /** For every other active segment, the ids it reads (to refuse a definition that would close a cycle). */
  references: ReadonlyMap<string, readonly string[]>;
  /** The id from the URL of an update; the body's `id`, if any, must equal it. */
  pathId?: string;
}

const slugPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** A slug from a name: "VIP customers (UK)" → "vip-customers-uk"; empty when nothing usable remains. */
export function slugifySegmentName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/g, '');
}

/**
 * Checks a create / update body: its shape (schemas/segment-input.schema.json), the conditions against
 * the workspace's fact catalogue (every problem with a JSON pointer into the body, e.g.
 * `/conditions/all/0/operator`), and references to other segments (which must exist, and must not
 * lead back to this one). Pure; nothing is saved unless it passes.
 *
 * @example checkSegmentInput({ name: 'VIP', conditions: { all: [{ fact: 'traits.orders_count', operator: 'greaterThan', value: 'x' }] } }, context)
 * // { ok: false, problem: { code: 'TYPE_MISMATCH', details: [{ pointer: '/conditions/all/0/value', … }] } }
 */
export function checkSegmentInput(body: unknown, context: SegmentInputContext): Result<CheckedSegmentInput> {
  const shape = validateAgainstSchema<SegmentInput>('segment-input', body);
  const hasConditions = body !== null && typeof body === 'object' && !Array.isArray(body) && Object.prototype.hasOwnProperty.call(body, 'conditions');
  if (!shape.ok) {
    // checkCondition explains a bad condition far better than the schema's anyOf can.
    const details = shape.problem.details.filter((detail) => !(hasConditions && detail.pointer?.startsWith('/conditions')));
    if (details.length > 0 || !hasConditions) return fail(createProblem('VALIDATION_FAILED', details.length > 0 ? details : shape.problem.details));
  }
  const input = body as SegmentInput;
  const checked = checkCondition(input.conditions, context.facts.catalogue, { scope: 'customer', at: ['conditions'] });
  if (!checked.ok) return checked;

  let id = input.id ?? context.pathId;
  if (context.pathId !== undefined && input.id !== undefined && input.id !== context.pathId) {
    return fail(createProblem('VALIDATION_FAILED', [{ pointer: '/id', message: `is "${input.id}" but the URL names "${context.pathId}"; a segment's id never changes.` }]));
  }
  if (id === undefined) {
    id = slugifySegmentName(input.name);
    if (!slugPattern.test(id)) {
      return fail(createProblem('VALIDATION_FAILED', [{ pointer: '/id', message: 'is required: the name gives no usable slug. Send an id of lowercase letters, digits, "_" and "-".' }]));
    }
  }

  const referenceDetails = checkReferences(id, checked.value, context);
  if (referenceDetails.length > 0) return fail(createProblem('INVALID_DEFINITION', referenceDetails));

  const compiled = compileCondition(checked.value, { scope: 'customer' });
  return ok({
    id,
    name: input.name,
    description: input.description ?? '',
    conditions: checked.value,
    facts: [...compiled.facts],
    dependsOnTime: compiled.dependsOnTime,
    references: [...new Set(listSegmentReferences(checked.value).map((reference) => reference.segmentId))].sort(),
    ...(input.version === undefined ? {} : { expectedVersion: input.version }),
  });
}

function checkReferences(id: string, conditions: Condition, context: SegmentInputContext): ProblemDetail[] {
  const details: ProblemDetail[] = [];
  const known = new Set(context.facts.segments.map((segment) => segment.id));
  const references = listSegmentReferences(conditions);
  for (const reference of references) {
    const pointer = toPointer(['conditions', ...reference.at]);
    if (reference.segmentId === id) details.push({ pointer, message: `refers to this segment itself ("${id}"); a segment cannot be defined by its own membership.` });
    else if (!known.has(reference.segmentId)) details.push({ pointer, message: `refers to the segment "${reference.segmentId}", which does not exist (or is archived) in this workspace. Segments: ${[...known].slice(0, 20).join(', ') || 'none yet'}.` });
  }
  if (details.length > 0) return details;
  const reads = [...new Set(references.map((reference) => reference.segmentId))];
  const cycle = findReferenceCycle(id, reads, context.references);
  if (cycle) {
    const first = references.find((reference) => reference.segmentId === cycle[1])!;
    details.push({ pointer: toPointer(['conditions', ...first.at]), message: `would make segments depend on each other in a circle (${cycle.join(' → ')}); membership could never settle.` });
  }
  return details;
}
