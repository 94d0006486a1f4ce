import { LiquidError } from 'liquidjs';
import type { ProblemDetail } from '../errors/index';
import { templateLimits } from './template-limits';

/** Where in a template an error is, 1-based, as liquidjs reports it. */
export interface TemplatePosition {
  line: number;
  column: number;
}

/**
 * liquidjs's own wording for its limit and lookup errors names internals ("memory alloc limit
 * exceeded"); a marketer needs to know what to change.
 */
const explanations: Array<[pattern: RegExp, explain: (match: RegExpMatchArray) => string]> = [
  [/^undefined filter: (\S+)/, (match) => `unknown filter "${match[1]}": check its spelling against the Liquid filters listed in docs/channels.md`],
  [/template render limit exceeded/, () => 'takes too long to render: look for a loop over a huge range'],
  [/memory alloc limit exceeded/, () => 'builds too much output: look for a loop over a huge range or a string that grows in a loop'],
  [/parse length limit exceeded/, () => `is longer than ${templateLimits.parseLength} characters`],
  [/^ENOENT: Failed to lookup "([^"]*)"/, (match) => `cannot include "${match[1]}": templates cannot include, render or extend other files`],
];

/** The line and column of a liquidjs error, when it carries a token. */
export function readTemplatePosition(error: unknown): TemplatePosition | undefined {
  if (!(error instanceof LiquidError) || !error.token) return undefined;
  const [line, column] = error.token.getPosition();
  return line ? { line, column } : undefined;
}

/** liquidjs's message without its trailing ", line:2, col:3", explained when it is one of its internal wordings. */
function describeTemplateError(error: unknown): string {
  const original = error instanceof LiquidError && error.originalError ? error.originalError.message : error instanceof Error ? error.message : String(error);
  const bare = original.replace(/, line:\d+, col:\d+$/, '');
  for (const [pattern, explain] of explanations) {
    const match = bare.match(pattern);
    if (match) return explain(match);
  }
  return bare;
}

/**
 * Turns an error thrown while parsing or rendering one template field into a problem detail: the
 * pointer names the field, `line` is the template line, and the message says the column too.
 */
export function toTemplateProblemDetail(error: unknown, pointer: string): ProblemDetail {
  const position = readTemplatePosition(error);
  const where = position ? ` (line ${position.line}, column ${position.column})` : '';
  const detail: ProblemDetail = { pointer, message: `Template ${describeTemplateError(error)}${where}.` };
  if (position) detail.line = position.line;
  return detail;
}

/** Whether an error came from liquidjs (bad template) rather than from a bug of ours. */
export function isTemplateError(error: unknown): boolean {
  // liquidjs reports an exceeded limit (render time, memory, parse length) with its own AssertionError,
  // not a LiquidError; it is the template's fault all the same.
  return error instanceof LiquidError || (error instanceof Error && error.name === 'AssertionError' && /limit exceeded/.test(error.message));
}
