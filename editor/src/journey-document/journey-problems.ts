/**
 * The journey's validation, by the engine's own code (engine/journeys validateJourney: schema, graph,
 * parameters, conditions against the fact catalogue, templates against a sample customer), with each
 * problem attached to the state, transition or setting its JSON pointer names.
 */
import { validateJourney } from '../../../engine/journeys/index';
import type { FactCatalogue } from '../../../engine/rules/index';
import type { TemplateCustomer, TemplateLibrary } from '../../../engine/templates/index';
import type { Clock } from '../../../engine/time/index';
import type { Journey, ProblemDetailBody } from '../../../schemas/types';

/** Where in the document a problem is. */
export type ProblemTarget =
  | { type: 'state'; id: string; index: number }
  | { type: 'transition'; id: string; index: number }
  | { type: 'settings'; key: string | null }
  | { type: 'journey' };

export interface LocatedProblem {
  pointer: string;
  message: string;
  code?: string;
  /** The pointer after the state's or transition's own part (`/params/template/subject`). */
  rest: string;
  target: ProblemTarget;
  severity: 'error' | 'warning';
}

export interface JourneyProblems {
  valid: boolean;
  /** The problem code: VALIDATION_FAILED (schema) or INVALID_DEFINITION; null when valid. */
  code: string | null;
  problems: LocatedProblem[];
  warnings: LocatedProblem[];
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Which state, transition or setting a JSON pointer into a journey document names. */
export function locatePointer(doc: Journey, pointer: string): { target: ProblemTarget; rest: string } {
  const segments = pointer.split('/').slice(1).map(unescape);
  const [head, indexText, ...tail] = segments;
  const rest = tail.length > 0 ? '/' + tail.join('/') : '';
  const index = Number(indexText);
  if (head === 'states' && Number.isInteger(index) && doc.states[index]) return { target: { type: 'state', id: doc.states[index].id, index }, rest };
  if (head === 'transitions' && Number.isInteger(index) && doc.transitions[index]) return { target: { type: 'transition', id: doc.transitions[index].id, index }, rest };
  if (head === 'settings') return { target: { type: 'settings', key: indexText ?? null }, rest: segments.length > 1 ? '/' + segments.slice(1).join('/') : '' };
  return { target: { type: 'journey' }, rest: pointer };
}

function locate(doc: Journey, detail: ProblemDetailBody, severity: 'error' | 'warning'): LocatedProblem {
  const pointer = detail.pointer ?? '';
  const { target, rest } = locatePointer(doc, pointer);
  return { pointer, message: detail.message, ...(detail.code ? { code: detail.code } : {}), rest, target, severity };
}

export interface CheckJourneyOptions {
  catalogue?: FactCatalogue;
  sampleCustomer?: TemplateCustomer;
  clock?: Clock;
  /** The workspace's template library: library references are then checked as the server checks them, not only noted. */
  templates?: TemplateLibrary;
}

/** Validates the document exactly as publishing will, and locates every problem and warning. */
export function checkJourneyDocument(doc: Journey, options: CheckJourneyOptions = {}): JourneyProblems {
  const result = validateJourney(doc, options);
  if (result.ok) return { valid: true, code: null, problems: [], warnings: result.value.warnings.map((detail) => locate(doc, detail, 'warning')) };
  return { valid: false, code: result.problem.code, problems: result.problem.details.map((detail) => locate(doc, detail, 'error')), warnings: [] };
}

/** Problems located in each state and transition, by id, for the canvas. */
export function groupProblems(problems: readonly LocatedProblem[]): { states: Map<string, LocatedProblem[]>; transitions: Map<string, LocatedProblem[]> } {
  const states = new Map<string, LocatedProblem[]>();
  const transitions = new Map<string, LocatedProblem[]>();
  for (const problem of problems) {
    const map = problem.target.type === 'state' ? states : problem.target.type === 'transition' ? transitions : null;
    if (!map || !('id' in problem.target)) continue;
    const list = map.get(problem.target.id) ?? [];
    list.push(problem);
    map.set(problem.target.id, list);
  }
  return { states, transitions };
}
