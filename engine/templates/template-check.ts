import type { Variable } from 'liquidjs';
import type { MessageTemplate } from '../../schemas/types';
import { createProblem, fail, ok, type ProblemDetail, type Result } from '../errors/index';
import type { Clock } from '../time/index';
import { validateAgainstSchema } from '../validation/index';
import { listJsonTemplateStrings, renderJsonTemplate } from './json-template';
import { listMessageTemplateFields, renderMessageTemplate, type RenderedMessage } from './message-template';
import { liquidEngine, parseTemplateSource, type TemplateMode } from './template-engine';
import { isTemplateError, toTemplateProblemDetail } from './template-error';
import { templateLimits } from './template-limits';
import { buildTemplateScope, templateRoots, type TemplateCustomer, type TemplateInput } from './template-scope';

/** A template that passed the check: what it renders for the sample, and what deserves a second look. */
export interface TemplateCheck<T = RenderedMessage> {
  rendered: T;
  /**
   * Variables the sample does not have. They render empty (by design), so they are not errors, but
   * the editor shows them: a marketer may have meant `first_name` where the data says `firstName`.
   */
  warnings: ProblemDetail[];
}

export interface CheckTemplateOptions {
  /** JSON pointer of the template in the document being validated (`/states/3/params/template`). */
  pointer?: string;
  clock: Clock;
  /** A sample triggering event, for templates that read `event`. */
  event?: TemplateInput['event'];
  journey?: TemplateInput['journey'];
  links?: TemplateInput['links'];
}

const knownRoots = new Set<string>(templateRoots);

/** The plain path of a variable (`attributes.first_name`), or undefined when a segment is itself a variable (`a[b]`). */
function toPlainPath(variable: Variable): Array<string | number> | undefined {
  const path: Array<string | number> = [];
  for (const segment of variable.segments) {
    if (typeof segment !== 'string' && typeof segment !== 'number') return undefined;
    path.push(segment);
  }
  return path;
}

/** Whether a path leads to a value in the scope (Liquid's `size`, `first`, `last` of a list or string count as present). */
function hasPathValue(scope: Readonly<Record<string, unknown>>, path: Array<string | number>): boolean {
  let current: unknown = scope;
  for (const segment of path) {
    if (current === null || current === undefined) return false;
    if ((Array.isArray(current) || typeof current === 'string') && (segment === 'size' || segment === 'first' || segment === 'last')) return true;
    if (typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) return false;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current !== undefined && current !== null;
}

/**
 * Checks one template string without rendering it: syntax (unknown tags and filters are errors) and
 * variables starting outside the known roots (always typos). Variables the sample lacks become warnings.
 */
function inspectTemplateSource(
  source: string,
  mode: TemplateMode,
  scope: Readonly<Record<string, unknown>>,
  pointer: string,
  details: ProblemDetail[],
  warnings: ProblemDetail[],
): void {
  try {
    const parsed = parseTemplateSource(mode, source);
    const analysis = liquidEngine(mode).analyzeSync(parsed, { partials: false });
    for (const [root, uses] of Object.entries(analysis.globals)) {
      const { row, col } = uses[0].location;
      if (!knownRoots.has(root)) {
        details.push({
          pointer,
          line: row,
          message: `Template uses the unknown variable "${root}" (line ${row}, column ${col}). Variables start with ${templateRoots.join(', ')}: did you mean attributes.${root}?`,
        });
        continue;
      }
      const reported = new Set<string>();
      for (const use of uses) {
        const path = toPlainPath(use);
        if (!path || hasPathValue(scope, path) || reported.has(path.join('.'))) continue;
        reported.add(path.join('.'));
        warnings.push({
          pointer,
          line: use.location.row,
          message: `${path.join('.')} is not set on the sample (line ${use.location.row}, column ${use.location.col}); it renders empty. Add | default: "…" if that reads badly.`,
        });
      }
    }
  } catch (error) {
    if (!isTemplateError(error)) throw error;
    details.push(toTemplateProblemDetail(error, pointer));
  }
}

function toInput(sampleCustomer: TemplateCustomer, options: CheckTemplateOptions): TemplateInput {
  return { customer: sampleCustomer, event: options.event, journey: options.journey, links: options.links };
}

function failWithDetails<T>(details: ProblemDetail[]): Result<T> {
  return fail(createProblem('INVALID_DEFINITION', details, 'A template has errors. Each detail names the field, the template line and what to change.'));
}

/**
 * Checks a message template the way journey validation needs it: schema, Liquid syntax (unknown tags
 * and filters are errors), variables that start outside the known roots (always typos), and a render
 * against a sample customer within the render limits. Problems carry `pointer` (prefix + field) and
 * `line`, with the column in the message. Variables the sample lacks come back as warnings.
 *
 * @example
 * checkTemplate({ subject: 'Hi {{ frist_name }}' }, sample, { pointer: '/states/2/params/template', clock })
 * // { ok: false, problem: { code: 'INVALID_DEFINITION', details: [{ pointer: '/states/2/params/template/subject', line: 1, … }] } }
 */
export function checkTemplate(template: unknown, sampleCustomer: TemplateCustomer, options: CheckTemplateOptions): Result<TemplateCheck> {
  const prefix = options.pointer ?? '';
  const valid = validateAgainstSchema<MessageTemplate>('message-template', template, prefix);
  if (!valid.ok) return valid;
  const input = toInput(sampleCustomer, options);
  const scope = buildTemplateScope(input, options.clock.now());
  const details: ProblemDetail[] = [];
  const warnings: ProblemDetail[] = [];
  for (const field of listMessageTemplateFields(valid.value)) inspectTemplateSource(field.source, field.mode, scope, prefix + field.path, details, warnings);
  if (details.length > 0) return failWithDetails(details);
  const rendered = renderMessageTemplate(valid.value, input, { clock: options.clock, pointer: prefix, renderMilliseconds: templateLimits.checkRenderMilliseconds });
  return rendered.ok ? ok({ rendered: rendered.value, warnings }) : rendered;
}

/**
 * The same check for a JSON body whose string values are templates (journey webhook steps):
 * every template string is inspected and the body rendered for the sample.
 */
export function checkJsonTemplate(body: unknown, sampleCustomer: TemplateCustomer, options: CheckTemplateOptions): Result<TemplateCheck<unknown>> {
  const prefix = options.pointer ?? '';
  const listed = listJsonTemplateStrings(body, prefix);
  if (!listed.ok) return listed;
  const input = toInput(sampleCustomer, options);
  const scope = buildTemplateScope(input, options.clock.now());
  const details: ProblemDetail[] = [];
  const warnings: ProblemDetail[] = [];
  for (const string of listed.value) inspectTemplateSource(string.source, 'json', scope, prefix + string.path, details, warnings);
  if (details.length > 0) return failWithDetails(details);
  const rendered = renderJsonTemplate(body, input, { clock: options.clock, pointer: prefix, renderMilliseconds: templateLimits.checkRenderMilliseconds });
  return rendered.ok ? ok({ rendered: rendered.value, warnings }) : rendered;
}
