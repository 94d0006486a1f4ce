import { Liquid, type FilterImplOptions, type Template } from 'liquidjs';
import type { ProblemDetail } from '../errors/index';
import { isTemplateError, toTemplateProblemDetail } from './template-error';
import { templateLimits } from './template-limits';

// liquidjs exports the union but not its parts; these name the function form and its `this`.
type FilterHandler = Extract<FilterImplOptions, (...args: never[]) => unknown>;
type FilterThis = ThisParameterType<FilterHandler>;

/**
 * How a template's output is produced: `html` escapes every `{{ }}` unless it ends with `| raw`;
 * `text` is plain; `json` keeps the type of a value that is a lone `{{ }}` (a number stays a number,
 * a list a list), for JSON bodies.
 */
export type TemplateMode = 'html' | 'text' | 'json';

const engines = new Map<TemplateMode, Liquid>();

/**
 * The shared Liquid engine for an mode mode. Configured once:
 * - `strictFilters`: an unknown filter is a parse error, so a typo is caught when the journey is
 *   validated instead of silently rendering the unfiltered value;
 * - `strictVariables: false`: a missing value renders empty (customers differ in what they have; use
 *   `| default: "there"`). docs/channels.md explains the choice; `checkTemplate` still reports names
 *   outside the known roots, which are always typos;
 * - `ownPropertyOnly`: `{{ attributes.constructor }}` cannot reach prototypes;
 * - `templates: {}`: `include` / `render` / `layout` find nothing — templates never read files;
 * - dates render in UTC with a fixed locale unless the template names a time zone, so output does
 *   not depend on the machine that renders it.
 */
export function liquidEngine(mode: TemplateMode): Liquid {
  let engine = engines.get(mode);
  if (!engine) {
    engine = createLiquidEngine(mode);
    engines.set(mode, engine);
  }
  return engine;
}

function createLiquidEngine(mode: TemplateMode): Liquid {
  const engine = new Liquid({
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    templates: {},
    timezoneOffset: 0,
    locale: 'en-US',
    parseLimit: templateLimits.parseLength,
    renderLimit: templateLimits.renderMilliseconds,
    memoryLimit: templateLimits.memory,
    outputEscape: mode === 'html' ? 'escape' : undefined,
    keepOutputType: mode === 'json',
  });
  replaceDateFilter(engine);
  if (mode === 'html') markEscapingFiltersRaw(engine);
  return engine;
}

/**
 * liquidjs's `date` filter reads the machine clock for `"now"` / `"today"`. Engine code takes time from
 * a `Clock`, so those words resolve to the render's `now` variable instead: a simulation on a virtual
 * clock renders the dates the customer would have seen.
 */
function replaceDateFilter(engine: Liquid): void {
  const builtin = engine.filters.date;
  const handler = typeof builtin === 'function' ? builtin : builtin.handler;
  if (!handler) throw new Error('liquidjs has no date filter handler; its API changed.');
  engine.registerFilter('date', function date(this: FilterThis, value: unknown, ...args: unknown[]) {
    const environment = this.context.environments as Record<string, unknown>;
    const resolved = value === 'now' || value === 'today' ? environment.now : value;
    return handler.call(this, resolved, ...args);
  });
}

/**
 * With automatic mode, `{{ name | escape }}` (habitual in Shopify-style templates) would be
 * escaped twice and show `&amp;lt;`. Marking `escape` / `escape_once` raw makes their output final.
 */
function markEscapingFiltersRaw(engine: Liquid): void {
  for (const name of ['escape', 'escape_once']) {
    const builtin = engine.filters[name];
    const handler = typeof builtin === 'function' ? builtin : builtin?.handler;
    if (!handler) throw new Error(`liquidjs has no ${name} filter handler; its API changed.`);
    engine.registerFilter(name, { handler, raw: true });
  }
}

const parsedCacheSize = 500;
const parsedCache = new Map<string, Template[]>();

/**
 * Parses a template; throws liquidjs's `ParseError` / `TokenizationError` (with a position) on bad
 * syntax. Parsed templates are cached by source: a send renders the same template for thousands of
 * customers, and a parsed template is immutable, so the cache can never be stale.
 */
export function parseTemplateSource(mode: TemplateMode, source: string): Template[] {
  const cacheKey = mode + '\u0000' + source;
  const cached = parsedCache.get(cacheKey);
  if (cached) return cached;
  const parsed = liquidEngine(mode).parse(source);
  if (parsedCache.size >= parsedCacheSize) {
    // Maps iterate in insertion order: dropping the first key evicts the oldest entry.
    const oldest = parsedCache.keys().next().value;
    if (oldest !== undefined) parsedCache.delete(oldest);
  }
  parsedCache.set(cacheKey, parsed);
  return parsed;
}

/**
 * Renders one template string, or returns the problem detail of why it cannot be (with `pointer`).
 * Errors that do not come from liquidjs are bugs and throw.
 */
export function renderTemplateSource(
  source: string,
  mode: TemplateMode,
  scope: Readonly<Record<string, unknown>>,
  pointer: string,
  renderMilliseconds: number = templateLimits.renderMilliseconds,
): { ok: true; value: unknown } | { ok: false; detail: ProblemDetail } {
  try {
    const parsed = parseTemplateSource(mode, source);
    // A fresh top-level object per render: liquidjs's `increment` writes into it, and the customer
    // document underneath may be a frozen store snapshot.
    const value: unknown = liquidEngine(mode).renderSync(parsed, { ...scope }, { renderLimit: renderMilliseconds });
    return { ok: true, value: mode === 'json' ? value : String(value) };
  } catch (error) {
    if (!isTemplateError(error)) throw error;
    return { ok: false, detail: toTemplateProblemDetail(error, pointer) };
  }
}
