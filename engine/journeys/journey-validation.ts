import type { Journey, JourneyState, MessageTemplate, SendState } from '../../schemas/types';
import { createProblem, escapePointerSegment, fail, ok, type ProblemDetail, type Result } from '../errors/index';
import { checkCondition, createFactCatalogue, type FactCatalogue } from '../rules/index';
import { checkJsonTemplate, checkTemplate, hasLiquidMarkup, listMissingChannelFields, sampleLinksOf, type TemplateCustomer, type TemplateLibrary } from '../templates/index';
import { systemClock, type Clock } from '../time/index';
import { validateAgainstSchema } from '../validation/index';
import { checkJourneyGraph } from './journey-graph-check';
import { listJourneyConditions } from './journey-conditions';
import { checkJourneyParams } from './journey-params-check';
import { sampleCustomer as defaultSampleCustomer } from './sample-customer';
import { isTemplateRef } from './template-refs';

export interface JourneyValidationOptions {
  /** The workspace's fact catalogue (custom traits, observed attributes); default the built-in one. */
  catalogue?: FactCatalogue;
  /** The customer templates are rendered against; default a representative made-up customer. */
  sampleCustomer?: TemplateCustomer;
  /** The "now" templates render with. */
  clock?: Clock;
  /**
   * The workspace's template library, which `{ "ref": … }` send steps resolve against: a reference it
   * lacks, or one for another channel, is a problem. Without it (the editor, offline checks) a draft's
   * references are not checked, only noted as warnings; a published version's frozen copies always are.
   */
  templates?: TemplateLibrary;
}

/** A journey that passed validation, with what deserves a second look (template variables the sample lacks). */
export interface ValidatedJourney {
  journey: Journey;
  warnings: ProblemDetail[];
}

const pointerSegments = (pointer: string): string[] => pointer.split('/').slice(1);

function checkConditions(document: Journey, catalogue: FactCatalogue, details: ProblemDetail[]): void {
  for (const site of listJourneyConditions(document)) {
    const checked = checkCondition(site.condition, catalogue, { scope: site.scope, at: pointerSegments(site.pointer) });
    if (!checked.ok) for (const detail of checked.problem.details) details.push({ ...detail, code: detail.code ?? checked.problem.code });
  }
}

/** Checks one text field as a template and points its problems at `pointer` (a webhook body leaf, a task field). */
function checkTextTemplate(source: string, pointer: string, sample: TemplateCustomer, clock: Clock, details: ProblemDetail[], warnings: ProblemDetail[]): void {
  const field = 'body';
  const retarget = (detail: ProblemDetail): ProblemDetail => ({ ...detail, pointer: pointer + (detail.pointer ?? '').slice(`/${field}`.length) });
  const checked = checkTemplate({ [field]: source }, sample, { clock });
  if (!checked.ok) details.push(...checked.problem.details.map(retarget));
  else warnings.push(...checked.value.warnings.map(retarget));
}

function checkMessageContent(content: MessageTemplate, pointer: string, state: SendState, sample: TemplateCustomer, clock: Clock, details: ProblemDetail[], warnings: ProblemDetail[]): void {
  const checked = checkTemplate(content, sample, { pointer, clock, journey: { id: 'validation', step: state.id }, links: sampleLinksOf(state.params.channel) });
  if (!checked.ok) details.push(...checked.problem.details);
  else warnings.push(...checked.value.warnings);
}

/**
 * A library reference: checked with the library's content, problems pointing at the reference (the
 * content is not in this document) and naming the template field. A published version's frozen copy
 * is what it sends, so that is what is checked; a draft's reference resolves in the library.
 */
function checkTemplateRef(state: SendState, base: string, document: Journey, context: TemplateCheckContext): void {
  const template = state.params.template;
  if (!isTemplateRef(template)) return;
  const pointer = `${base}/template/ref`;
  if (document.status !== 'draft' && template.content) {
    context.details.push(...listMissingChannelFields(state.params.channel, template.content, `${base}/template/content`));
    checkMessageContent(template.content, `${base}/template/content`, state, context.sample, context.clock, context.details, context.warnings);
    return;
  }
  if (!context.templates) {
    context.warnings.push({ pointer, message: `Uses the library template "${template.ref}", which is checked when the journey is validated by the server or published.` });
    return;
  }
  const found = context.templates.get(template.ref);
  if (!found) {
    const known = [...context.templates.keys()].slice(0, 20).join(', ');
    context.details.push({ pointer, message: `No template "${template.ref}" in the template library${known ? ` (it has ${known})` : ''}. Add it (POST /api/templates, or the pack's templates) or write the message inline.` });
    return;
  }
  if (found.channel !== state.params.channel) {
    context.details.push({ pointer, message: `The library template "${template.ref}" is written for ${found.channel}, but this step sends ${state.params.channel}. Pick a template written for ${state.params.channel}.` });
    return;
  }
  const retarget = (detail: ProblemDetail): ProblemDetail => ({ ...detail, pointer, message: `Library template "${template.ref}"${detail.pointer ? ` (${detail.pointer.slice(1) || 'content'})` : ''}: ${detail.message}` });
  const foundDetails: ProblemDetail[] = [...listMissingChannelFields(state.params.channel, found.content, '')];
  const foundWarnings: ProblemDetail[] = [];
  checkMessageContent(found.content, '', state, context.sample, context.clock, foundDetails, foundWarnings);
  context.details.push(...foundDetails.map(retarget));
  context.warnings.push(...foundWarnings.map(retarget));
}

interface TemplateCheckContext {
  sample: TemplateCustomer;
  clock: Clock;
  templates: TemplateLibrary | undefined;
  details: ProblemDetail[];
  warnings: ProblemDetail[];
}

function checkTemplates(document: Journey, state: JourneyState, index: number, context: TemplateCheckContext): void {
  const { sample, clock, details, warnings } = context;
  const base = `/states/${index}/params`;
  if (state.kind === 'send') {
    if (isTemplateRef(state.params.template)) checkTemplateRef(state, base, document, context);
    else checkMessageContent(state.params.template, `${base}/template`, state, sample, clock, details, warnings);
  } else if (state.kind === 'webhook') {
    // Checked as the step renders it (message-planner.ts): a JSON template, its limits included.
    if (state.params.body !== undefined) {
      const checked = checkJsonTemplate(state.params.body, sample, { pointer: `${base}/body`, clock, journey: { id: 'validation', step: state.id } });
      if (!checked.ok) details.push(...checked.problem.details);
      else warnings.push(...checked.value.warnings);
    }
  } else if (state.kind === 'task') {
    for (const field of ['title', 'description', 'assignee'] as const) {
      const source = state.params[field];
      if (source !== undefined) checkTextTemplate(source, `${base}/${field}`, sample, clock, details, warnings);
    }
  } else if (state.kind === 'update-attributes') {
    // Checked as the step renders them (attribute-templates.ts): top-level strings with Liquid, as JSON values.
    for (const [key, value] of Object.entries(state.params.set ?? {})) {
      if (typeof value !== 'string' || !hasLiquidMarkup(value)) continue;
      const checked = checkJsonTemplate(value, sample, { pointer: `${base}/set/${escapePointerSegment(key)}`, clock, journey: { id: 'validation', step: state.id } });
      if (!checked.ok) details.push(...checked.problem.details);
      else warnings.push(...checked.value.warnings);
    }
  }
}

/**
 * Validates a journey document: the schema first (`VALIDATION_FAILED`), then everything the schema
 * cannot say (`INVALID_DEFINITION`, one detail per problem with a JSON pointer): the graph (reachable
 * states, ways out, split branches with else, no loop that never waits), parameters (durations, time
 * zones, cron, channel template fields), conditions against the fact catalogue (engine/rules;
 * details keep their own codes such as `UNKNOWN_FACT`), and templates rendered against a sample
 * customer (engine/templates): send, webhook and task templates and the Liquid values of update-attributes
 * `set` — for `{ "ref": … }` steps, the library template (`options.templates`).
 *
 * @example validateJourney(document) // { ok: false, problem: { code: 'INVALID_DEFINITION', details: [{ pointer: '/states/4', message: 'State "thanks" cannot be reached from any entry state. …' }] } }
 */
export function validateJourney(input: unknown, options: JourneyValidationOptions = {}): Result<ValidatedJourney> {
  const valid = validateAgainstSchema<Journey>('journey', input);
  if (!valid.ok) return valid;
  const document = valid.value;
  const details = [...checkJourneyGraph(document), ...checkJourneyParams(document)];
  const warnings: ProblemDetail[] = [];
  checkConditions(document, options.catalogue ?? createFactCatalogue(), details);
  const sample = options.sampleCustomer ?? defaultSampleCustomer;
  const clock = options.clock ?? systemClock;
  const templateContext: TemplateCheckContext = { sample, clock, templates: options.templates, details, warnings };
  document.states.forEach((state, index) => checkTemplates(document, state, index, templateContext));
  if (details.length > 0) return fail(createProblem('INVALID_DEFINITION', details));
  return ok({ journey: document, warnings });
}
