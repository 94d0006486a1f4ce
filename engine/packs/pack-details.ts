import type { Problem, ProblemDetail } from '../errors/index';

/**
 * The details of an element's problem as pack problems: each pointer moved under the element's place
 * in the pack (`/conditions/all/0/fact` of segment 2 → `/segments/2/conditions/all/0/fact`) and each
 * detail carrying its own code, so a marketer sees every problem of every element in one list.
 */
export function toPackDetails(problem: Problem, prefix: string): ProblemDetail[] {
  return problem.details.map((detail) => ({ ...detail, pointer: prefix + (detail.pointer === undefined || detail.pointer === '/' ? '' : detail.pointer), code: detail.code ?? problem.code }));
}

/** Warnings (details without a code of their own) moved under the element's place in the pack. */
export function toPackWarnings(warnings: readonly ProblemDetail[], prefix: string): ProblemDetail[] {
  return warnings.map((warning) => ({ ...warning, pointer: prefix + (warning.pointer === undefined || warning.pointer === '/' ? '' : warning.pointer) }));
}
