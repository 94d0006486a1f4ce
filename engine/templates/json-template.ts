import { createProblem, escapePointerSegment, fail, ok, type ProblemDetail, type Result } from '../errors/index';
import type { RenderOptions } from './message-template';
import { renderTemplateSource } from './template-engine';
import { buildTemplateScope, type TemplateInput } from './template-scope';

/** A JSON body is data, not a program: bounded so one journey step cannot render megabytes. */
const jsonTemplateLimits = { depth: 16, strings: 1000 } as const;

/** A template string inside a JSON body, with its pointer below the body. */
export interface JsonTemplateString {
  path: string;
  source: string;
}

/** Whether a string contains Liquid at all (plain strings are copied, not rendered). */
export function hasLiquidMarkup(text: string): boolean {
  return text.includes('{{') || text.includes('{%');
}

/**
 * Every string of a JSON body that contains Liquid, with its pointer below the body; or the problem
 * (pointing below `pointer`) when the body is deeper or larger than the limits.
 */
export function listJsonTemplateStrings(body: unknown, pointer = ''): Result<JsonTemplateString[]> {
  const strings: JsonTemplateString[] = [];
  const details: ProblemDetail[] = [];
  const visit = (value: unknown, path: string, depth: number): void => {
    if (depth > jsonTemplateLimits.depth) {
      details.push({ pointer: pointer + path, message: `The body nests deeper than ${jsonTemplateLimits.depth} levels.` });
    } else if (typeof value === 'string') {
      if (hasLiquidMarkup(value)) strings.push({ path, source: value });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => visit(item, `${path}/${index}`, depth + 1));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, `${path}/${escapePointerSegment(key)}`, depth + 1);
    }
  };
  visit(body, '', 0);
  if (strings.length > jsonTemplateLimits.strings) details.push({ pointer, message: `The body has more than ${jsonTemplateLimits.strings} template strings.` });
  return details.length > 0 ? fail(createProblem('INVALID_DEFINITION', details)) : ok(strings);
}

/** A rendered value as plain JSON: missing becomes null, and nothing of the customer document is shared. */
function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (value !== null && typeof value === 'object') return JSON.parse(JSON.stringify(value)) as unknown;
  return value;
}

/**
 * Renders a JSON body whose string values are Liquid templates (journey webhook steps). A string that
 * is one lone `{{ … }}` keeps the value's JSON type (`"{{ event.properties.total }}"` → `42.5`, a
 * list stays a list, a missing value becomes null); any other string renders to a string. Keys are
 * never rendered. Returns a new value; the input is not changed.
 */
export function renderJsonTemplate(body: unknown, input: TemplateInput, options: RenderOptions): Result<unknown> {
  const prefix = options.pointer ?? '';
  const listed = listJsonTemplateStrings(body, prefix);
  if (!listed.ok) return listed;
  const scope = buildTemplateScope(input, options.clock.now());
  const details: ProblemDetail[] = [];
  const render = (value: unknown, path: string): unknown => {
    if (typeof value === 'string') {
      if (!hasLiquidMarkup(value)) return value;
      const result = renderTemplateSource(value, 'json', scope, prefix + path, options.renderMilliseconds);
      if (result.ok) return toJsonValue(result.value);
      details.push(result.detail);
      return null;
    }
    if (Array.isArray(value)) return value.map((item, index) => render(item, `${path}/${index}`));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, render(item, `${path}/${escapePointerSegment(key)}`)]));
    }
    return value;
  };
  const rendered = render(body, '');
  if (details.length > 0) return fail(createProblem('INVALID_DEFINITION', details, 'A webhook body template does not render. Each detail names the value, the template line and what to change.'));
  return ok(rendered);
}
