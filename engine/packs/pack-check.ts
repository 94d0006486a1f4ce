import type { Journey, PackSegment, PackTemplate, RulePack } from '../../schemas/types';
import { createProblem, fail, ok, type ProblemDetail, type Result } from '../errors/index';
import { frozenContentOf, listTemplateRefs, sampleCustomer as journeySampleCustomer, validateJourney } from '../journeys/index';
import { checkCondition, extendFactCatalogue, type CustomTraitFact, type FactCatalogue, type FactDefinition } from '../rules/index';
import { checkSegmentInput, listReferencedSegmentIds, type CheckedSegmentInput } from '../segments/index';
import { checkTemplateInput, type CheckedTemplateInput, type LibraryTemplate, type TemplateLibrary } from '../templates/index';
import { systemClock } from '../time/index';
import { checkTraitDefinition, type CheckedTraitDefinition } from '../traits/index';
import { validateAgainstSchema } from '../validation/index';
import type { PackContext, PackKind } from './pack-context';
import { toPackDetails, toPackWarnings } from './pack-details';
import { listPackElements, type PackElement } from './pack-elements';

/** A pack that passed every check, with each element in the form its area stores. */
export interface CheckedPack {
  pack: RulePack;
  segments: Array<PackElement<CheckedSegmentInput>>;
  traits: Array<PackElement<CheckedTraitDefinition>>;
  templates: Array<PackElement<CheckedTemplateInput>>;
  journeys: Array<PackElement<Journey>>;
  /** The catalogue with the pack's own traits: what its journeys are published against. */
  catalogue: FactCatalogue;
  /** The library the pack's journeys resolve `{ "ref": … }` against: the workspace's, with the pack's templates. */
  templateLibrary: TemplateLibrary;
  /** Worth a look, not errors: template variables the sample customer lacks. */
  warnings: ProblemDetail[];
}

const conditionsPointer = /^\/segments\/(\d+)\/conditions(\/|$)/;
const elementPointer = /^\/(segments|traits|journeys|templates)\/(\d+)(\/|$)/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The schema's problems, and the elements they make unfit for their own checks. A segment's conditions
 * are left to checkCondition, which names the place far better than the schema's anyOf can.
 */
function checkShape(json: Record<string, unknown>): { details: ProblemDetail[]; broken: Set<string> } {
  const valid = validateAgainstSchema<RulePack>('rule-pack', json);
  const broken = new Set<string>();
  if (valid.ok) return { details: [], broken };
  const segments = Array.isArray(json.segments) ? json.segments : [];
  const details = valid.problem.details
    .filter((detail) => {
      const match = conditionsPointer.exec(detail.pointer ?? '');
      return !(match && isPlainObject(segments[Number(match[1])]) && 'conditions' in (segments[Number(match[1])] as object));
    })
    .map((detail) => ({ ...detail, code: detail.code ?? valid.problem.code }));
  for (const detail of details) {
    const match = elementPointer.exec(detail.pointer ?? '');
    if (match) broken.add(`${match[1]}/${match[2]}`);
  }
  return { details, broken };
}

/** Ids used twice within one kind: every later use is a problem pointing at the first. */
function checkDuplicateIds(elements: Record<PackKind, Array<PackElement<unknown>>>): ProblemDetail[] {
  const details: ProblemDetail[] = [];
  for (const list of Object.values(elements)) {
    const seen = new Map<string, string>();
    for (const element of list) {
      const id = isPlainObject(element.value) ? element.value.id : undefined;
      if (typeof id !== 'string') continue;
      const first = seen.get(id);
      if (first !== undefined) details.push({ code: 'INVALID_DEFINITION', pointer: `${element.pointer}/id`, message: `"${id}" is also the id of ${first}; ids must be unique within a pack.` });
      else seen.set(id, element.pointer);
    }
  }
  return details;
}

function toTraitFact(definition: CheckedTraitDefinition): CustomTraitFact {
  return {
    id: definition.id,
    type: definition.value_type,
    description: definition.description ?? `${definition.name}: ${definition.aggregation} over "${definition.event}" (from the pack).`,
    examples: [],
    ...(definition.value_type === 'date' ? { format: 'date-time' as const } : {}),
  };
}

/**
 * The context's catalogue with the pack's traits, which replace the workspace's of the same id unless
 * those are kept. A pack trait that failed its own check is catalogued untyped, so conditions using it
 * are not reported a second time as unknown facts: its own problem says what to fix.
 */
function extendWithPackTraits(base: FactCatalogue, traits: ReadonlyArray<PackElement<CheckedTraitDefinition>>, failed: readonly string[], kept: ReadonlySet<string>): FactCatalogue {
  const own = traits.map((trait) => trait.value).filter((trait) => !kept.has(trait.id));
  const replaced = new Set(own.map((trait) => `traits.${trait.id}`));
  const extended = extendFactCatalogue({ facts: base.facts.filter((fact) => !replaced.has(fact.path)) }, { traits: own.map(toTraitFact) });
  const known = new Set(extended.facts.map((fact) => fact.path));
  const untyped: FactDefinition[] = failed
    .filter((id) => /^[a-z][a-z0-9_]{0,63}$/.test(id) && !known.has(`traits.${id}`))
    .map((id) => ({ path: `traits.${id}`, type: 'any', description: `The pack's trait "${id}" (see its problems).`, examples: [], scope: 'customer', origin: 'custom-trait' }));
  return { facts: [...extended.facts, ...untyped] };
}

/** Segment ids a journey enters or exits on, with their pointers. */
function listJourneySegmentIds(journey: Journey): Array<{ segmentId: string; pointer: string }> {
  const found: Array<{ segmentId: string; pointer: string }> = [];
  journey.states.forEach((state, index) => {
    if (state.kind === 'entry' && 'segmentId' in state.params.trigger) found.push({ segmentId: state.params.trigger.segmentId, pointer: `/states/${index}/params/trigger/segmentId` });
  });
  journey.settings.exitCriteria?.forEach((criterion, index) => {
    if (criterion.type === 'segment-exited') found.push({ segmentId: criterion.segmentId, pointer: `/settings/exitCriteria/${index}/segmentId` });
  });
  return found;
}

/**
 * Whether a journey's problem only repeats, at a step using it, what is wrong with one of the pack's
 * own templates: that template's problems already say it, at the template.
 */
function isRepeatedTemplateProblem(detail: ProblemDetail, journey: Journey, prefix: string, failedTemplates: ReadonlySet<string>): boolean {
  return listTemplateRefs(journey).some((site) => failedTemplates.has(site.ref) && detail.pointer === prefix + site.pointer && detail.message.startsWith(`Library template "${site.ref}"`));
}

/** How a pack is checked besides what it goes into. */
export interface PackCheckOptions {
  /**
   * Whether the pack's journeys are to be published (default true: every journey is checked as
   * publishing checks it). An import without `publish` passes false: its drafts stay drafts and are
   * checked only as far as saving a draft is (the schema), so unfinished work moves between
   * workspaces; what else stops them being published comes back as warnings.
   */
  publish?: boolean;
}

/**
 * Warnings for a published journey imported as a draft whose frozen references the library lacks: the
 * draft renders the library, so it cannot be published until the template is there again.
 */
function listUnresolvedFrozenRefs(journey: Journey, library: TemplateLibrary, prefix: string): ProblemDetail[] {
  return listTemplateRefs(journey)
    .filter((site) => frozenContentOf(site.state.params.template) !== null && !library.has(site.ref))
    .map((site) => ({ pointer: prefix + site.pointer, message: `Imported as a draft, this step renders the library template "${site.ref}", which neither the pack nor the workspace has. Add it (the pack carries the copy the journey was published with, at ${prefix}${site.pointer.replace(/\/ref$/, '/content')}) before publishing the draft.` }));
}

/**
 * Checks a rule pack and returns every element in its stored form, or EVERY problem of the pack at
 * once (`INVALID_IMPORT`), each detail with a JSON pointer into the pack and its own code:
 *
 * 1. the pack's schema (schemas/rule-pack.schema.json);
 * 2. each element with its own validator — trait definitions (checkTraitDefinition), templates
 *    (checkTemplateInput), segments (checkSegmentInput, against the catalogue extended by the pack's
 *    own traits), journeys (validateJourney, with the same catalogue and the library extended by the
 *    pack's templates);
 * 3. cross-references — ids used twice in a kind, journeys entering or exiting on a segment that neither
 *    the pack nor the workspace has, template references that do not resolve (a published journey's
 *    references with frozen copies need none), segments reading unknown segments or closing a cycle.
 *
 * With `options.publish` false (an import of drafts), a draft journey's problems beyond the schema are
 * warnings. Pure: the context says what the workspace holds (createOfflinePackContext for none).
 */
export function checkPack(json: unknown, context: PackContext, options: PackCheckOptions = {}): Result<CheckedPack> {
  if (!isPlainObject(json)) {
    return fail(createProblem('INVALID_IMPORT', [{ pointer: '', code: 'VALIDATION_FAILED', message: 'A rule pack is a JSON object with "format": "wayfarer.rule-pack" (docs/packs.md).' }]));
  }
  const sampleCustomer = context.sampleCustomer ?? journeySampleCustomer;
  const clock = context.clock ?? systemClock;
  const publish = options.publish ?? true;
  const keep = { segments: context.keep?.segments ?? new Set<string>(), traits: context.keep?.traits ?? new Set<string>(), templates: context.keep?.templates ?? new Set<string>() };
  const { details, broken } = checkShape(json);
  const elements = listPackElements(json);
  const fit = (element: PackElement<unknown>): boolean => !broken.has(element.pointer.slice(1));
  details.push(...checkDuplicateIds(elements));
  const warnings: ProblemDetail[] = [];

  const traits: Array<PackElement<CheckedTraitDefinition>> = [];
  const failedTraits: string[] = [];
  for (const element of elements.traits) {
    const checked = fit(element) ? checkTraitDefinition(element.value, context.catalogue) : null;
    if (checked?.ok) traits.push({ ...element, value: checked.value });
    else {
      if (checked) details.push(...toPackDetails(checked.problem, element.pointer));
      const id = isPlainObject(element.value) ? element.value.id : undefined;
      if (typeof id === 'string') failedTraits.push(id);
    }
  }
  const catalogue = extendWithPackTraits(context.catalogue, traits, failedTraits, keep.traits);

  const templates: Array<PackElement<CheckedTemplateInput>> = [];
  const failedTemplates = new Set<string>();
  const library = new Map<string, LibraryTemplate>(context.templates);
  for (const element of elements.templates.filter(fit)) {
    const input = element.value as PackTemplate;
    if (!keep.templates.has(input.id)) library.set(input.id, { id: input.id, name: input.name, channel: input.channel, content: input.content });
    const checked = checkTemplateInput(input, { sampleCustomer, clock });
    if (checked.ok) {
      templates.push({ ...element, value: checked.value });
      warnings.push(...toPackWarnings(checked.value.warnings, element.pointer));
    } else {
      details.push(...toPackDetails(checked.problem, element.pointer));
      if (!keep.templates.has(input.id)) failedTemplates.add(input.id);
    }
  }

  const known = new Map<string, string>([...context.segments].map(([id, segment]) => [id, segment.name]));
  const references = new Map<string, readonly string[]>([...context.segments].map(([id, segment]) => [id, segment.references]));
  for (const element of elements.segments) {
    const input = element.value as Partial<PackSegment>;
    if (!isPlainObject(input) || typeof input.id !== 'string') continue;
    if (!known.has(input.id)) known.set(input.id, typeof input.name === 'string' ? input.name : input.id);
    if (keep.segments.has(input.id) || !fit(element)) continue;
    const conditions = checkCondition(input.conditions, catalogue, { scope: 'customer' });
    if (conditions.ok) references.set(input.id, listReferencedSegmentIds(conditions.value));
  }
  const facts = { catalogue, segments: [...known].map(([id, name]) => ({ id, name })) };
  const segments: Array<PackElement<CheckedSegmentInput>> = [];
  for (const element of elements.segments.filter(fit)) {
    const checked = checkSegmentInput(element.value, { facts, references });
    if (checked.ok) segments.push({ ...element, value: checked.value });
    else details.push(...toPackDetails(checked.problem, element.pointer));
  }

  const journeys: Array<PackElement<Journey>> = [];
  for (const element of elements.journeys.filter(fit)) {
    const journey = element.value as Journey;
    // A draft that stays a draft is work in progress: saving a draft checks only the schema (the pack's
    // has), so what else stops it being published is said as warnings, not refused.
    const staysDraft = !publish && journey.status === 'draft';
    const found: ProblemDetail[] = [];
    for (const { segmentId, pointer } of listJourneySegmentIds(journey)) {
      if (!known.has(segmentId)) {
        found.push({ code: 'INVALID_DEFINITION', pointer: element.pointer + pointer, message: `The segment "${segmentId}" is neither in the pack nor in the workspace. Add it to the pack's segments (or import into a workspace that has it).` });
      }
    }
    // A published journey publishes with the frozen copies it carries (validation checks those), so its
    // references need no library template; imported as a draft, though, it renders the library.
    if (!publish && journey.status !== 'draft') warnings.push(...listUnresolvedFrozenRefs(journey, library, element.pointer));
    const checked = validateJourney(journey, { catalogue, templates: library, sampleCustomer, clock });
    if (checked.ok) warnings.push(...toPackWarnings(checked.value.warnings, element.pointer));
    else found.push(...toPackDetails(checked.problem, element.pointer).filter((detail) => !isRepeatedTemplateProblem(detail, journey, element.pointer, failedTemplates)));
    if (staysDraft) {
      journeys.push(element as PackElement<Journey>);
      warnings.push(...found.map((detail) => ({ pointer: detail.pointer, message: `Not publishable yet (imported as a draft): ${detail.message}` })));
    } else if (found.length > 0) details.push(...found);
    else if (checked.ok) journeys.push({ ...element, value: checked.value.journey });
  }

  if (details.length > 0) {
    const message = `The rule pack has ${details.length} problem${details.length === 1 ? '' : 's'}; nothing was imported. Each detail points into the pack and says what to change.`;
    return fail(createProblem('INVALID_IMPORT', details, message));
  }
  return ok({ pack: json as unknown as RulePack, segments, traits, templates, journeys, catalogue, templateLibrary: library, warnings });
}

/**
 * Validates a rule pack (pure): the schema, every element with its own validator, then the
 * cross-references — and reports EVERY problem, each with a JSON pointer into the pack, as one
 * `INVALID_IMPORT` problem. `checkPack` returns the checked elements too.
 *
 * @example validatePack(JSON.parse(file), createOfflinePackContext())
 * // { ok: false, problem: { code: 'INVALID_IMPORT', details: [{ pointer: '/segments/1/conditions/all/0/fact', code: 'UNKNOWN_FACT', … }, { pointer: '/journeys/0/states/0/params/trigger/segmentId', … }] } }
 */
export function validatePack(json: unknown, context: PackContext): Result<RulePack> {
  const checked = checkPack(json, context);
  return checked.ok ? ok(checked.value.pack) : checked;
}
