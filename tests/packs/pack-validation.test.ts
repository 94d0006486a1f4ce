import { describe, expect, it } from 'vitest';
import { checkPack, createOfflinePackContext, validatePack, type PackContext } from '../../engine/packs/index';
import { createFactCatalogue, extendFactCatalogue } from '../../engine/rules/index';
import { createTemplateLibrary } from '../../engine/templates/index';
import type { ProblemDetail } from '../../engine/errors/index';
import { setAtPointer } from '../support/json-pointer-edit';
import { readExamplePack } from '../support/pack-app';

const offline = createOfflinePackContext();

function problemsOf(pack: unknown, context: PackContext = offline): ProblemDetail[] {
  const result = validatePack(pack, context);
  if (result.ok) throw new Error('expected the pack to be refused');
  expect(result.problem.code).toBe('INVALID_IMPORT');
  return result.problem.details;
}

describe('validatePack', () => {
  it('accepts the example pack offline, with every element checked and no warnings', () => {
    const checked = checkPack(readExamplePack(), offline);
    expect(checked.ok && checked.value.warnings).toEqual([]);
    expect(checked.ok && [checked.value.segments.length, checked.value.traits.length, checked.value.journeys.length, checked.value.templates.length]).toEqual([15, 4, 6, 13]);
  });

  it('reports EVERY problem of the pack at once, each with its JSON pointer into the pack and its own code', () => {
    const pack = readExamplePack();
    setAtPointer(pack, '/extra', true);
    setAtPointer(pack, '/segments/1/conditions/all/0/fact', 'traits.nope');
    setAtPointer(pack, '/segments/3/conditions/all/0/operator', 'bigger');
    setAtPointer(pack, '/segments/2/name', 5);
    setAtPointer(pack, '/traits/0/property', 'event.properties.products');
    setAtPointer(pack, '/templates/0/content/subject', 'Hi {{ frist_name }');
    setAtPointer(pack, '/templates/2/content', { title: 'Push without a body' });
    setAtPointer(pack, '/journeys/0/states/2/params/duration', 'P0D');
    setAtPointer(pack, '/journeys/1/states/0/params/trigger/segmentId', 'ghost-segment');
    setAtPointer(pack, '/journeys/5/states/2/params/template', { ref: 'no-such-template' });

    const details = problemsOf(pack);
    const byPointer = Object.fromEntries(details.map((detail) => [detail.pointer, detail.code]));
    expect(byPointer).toEqual({
      '/extra': 'VALIDATION_FAILED',
      '/segments/1/conditions/all/0/fact': 'UNKNOWN_FACT',
      '/segments/3/conditions/all/0/operator': 'UNKNOWN_OPERATOR',
      '/segments/2/name': 'VALIDATION_FAILED',
      '/traits/0/property': 'TYPE_MISMATCH',
      '/templates/0/content/subject': 'INVALID_DEFINITION',
      '/templates/2/content': 'INVALID_DEFINITION',
      '/journeys/0/states/2/params/duration': 'INVALID_DEFINITION',
      '/journeys/1/states/0/params/trigger/segmentId': 'INVALID_DEFINITION',
      '/journeys/5/states/2/params/template/ref': 'INVALID_DEFINITION',
    });
    // Every message says what to change.
    expect(details.find((d) => d.pointer === '/segments/1/conditions/all/0/fact')?.message).toMatch(/not in the fact catalogue/);
    expect(details.find((d) => d.pointer === '/journeys/1/states/0/params/trigger/segmentId')?.message).toMatch(/"ghost-segment" is neither in the pack nor in the workspace/);
    expect(details.find((d) => d.pointer === '/journeys/5/states/2/params/template/ref')?.message).toMatch(/No template "no-such-template"/);
  });

  it('checks conditions against the catalogue extended by the pack\'s own traits, and does not repeat a broken trait as unknown facts', () => {
    const pack = readExamplePack();
    // traits.largest_order is only in the pack: the segment reading it is fine …
    expect(validatePack(pack, offline).ok).toBe(true);
    // … used as text it is a type mismatch …
    setAtPointer(pack, '/segments/13/conditions/all/0/value', 'lots');
    expect(problemsOf(pack).map((d) => [d.pointer, d.code])).toEqual([['/segments/13/conditions/all/0/value', 'TYPE_MISMATCH']]);
    // … and when the trait itself is broken, only the trait is reported.
    setAtPointer(pack, '/segments/13/conditions/all/0/value', 500);
    setAtPointer(pack, '/traits/0/aggregation', 'maximum');
    expect(problemsOf(pack).map((d) => d.pointer)).toEqual(['/traits/0/aggregation']);
  });

  it('reports ids used twice within a kind, pointing at the second use', () => {
    const pack = readExamplePack();
    pack.segments!.push({ ...pack.segments![3] });
    pack.templates!.push({ ...pack.templates![0] });
    expect(problemsOf(pack).map((d) => [d.pointer, d.message])).toEqual([
      ['/segments/15/id', '"repeat-buyers" is also the id of /segments/3; ids must be unique within a pack.'],
      ['/templates/13/id', '"welcome-email" is also the id of /templates/0; ids must be unique within a pack.'],
    ]);
  });

  it('refuses a template reference on the wrong channel, and segments reading unknown segments or closing a cycle', () => {
    const pack = readExamplePack();
    setAtPointer(pack, '/journeys/3/states/2/params/template', { ref: 'winback-sms' });
    setAtPointer(pack, '/segments/0/conditions', { all: [{ fact: 'segments', operator: 'contains', value: 'repeat-buyers' }] });
    setAtPointer(pack, '/segments/3/conditions', { all: [{ fact: 'segments', operator: 'contains', value: 'new-subscribers' }] });
    setAtPointer(pack, '/segments/4/conditions', { all: [{ fact: 'segmentsEnteredAt.nowhere', operator: 'withinLastDays', value: 3 }] });
    const details = problemsOf(pack);
    expect(details.map((d) => d.pointer)).toEqual(expect.arrayContaining(['/journeys/3/states/2/params/template/ref', '/segments/0/conditions/all/0/value', '/segments/4/conditions/all/0/fact']));
    expect(details.find((d) => d.pointer === '/journeys/3/states/2/params/template/ref')?.message).toMatch(/written for sms, but this step sends email/);
    expect(details.find((d) => d.pointer === '/segments/0/conditions/all/0/value')?.message).toMatch(/circle/);
    expect(details.find((d) => d.pointer === '/segments/4/conditions/all/0/fact')?.message).toMatch(/"nowhere", which does not exist/);
  });

  it('resolves references against the workspace it goes into: its segments, templates and traits', () => {
    const pack = { format: 'wayfarer.rule-pack', version: 1, name: 'Just a journey', journeys: [readExamplePack().journeys![4]] };
    // Offline, the birthday journey's segment and templates are missing …
    expect(problemsOf(pack).map((d) => d.pointer)).toEqual(['/journeys/0/states/0/params/trigger/segmentId', '/journeys/0/settings/exitCriteria/0/segmentId', '/journeys/0/states/2/params/template/ref', '/journeys/0/states/5/params/template/ref']);
    // … a workspace that has them makes the same pack valid.
    const templates = readExamplePack().templates!.filter((t) => t.id.startsWith('birthday'));
    const context: PackContext = {
      catalogue: extendFactCatalogue(createFactCatalogue(), { traits: [{ id: 'largest_order', type: 'number' }] }),
      segments: new Map([['has-birthday', { name: 'Birthday known', references: [] }]]),
      templates: createTemplateLibrary(templates.map((t) => ({ id: t.id, name: t.name, channel: t.channel, content: t.content }))),
    };
    expect(validatePack(pack, context).ok).toBe(true);
  });

  it('refuses what is not a pack with a pointer at its root', () => {
    expect(problemsOf([1, 2])).toEqual([{ pointer: '', code: 'VALIDATION_FAILED', message: expect.stringContaining('wayfarer.rule-pack') }]);
    expect(problemsOf({ format: 'wayfarer.rule-pack', version: 2 }).map((d) => d.pointer).sort()).toEqual(['/name', '/version']);
  });
});

describe('validatePack on exported packs', () => {
  it('takes a published journey\'s frozen copies for the library templates it no longer finds, and still needs the ones it has no copy of', () => {
    const pack = readExamplePack();
    const journey = structuredClone(pack.journeys![5]);
    setAtPointer(journey, '/status', 'published');
    setAtPointer(journey, '/states/2/params/template', { ref: 'vip-welcome', content: { subject: 'Frozen', text: 'Frozen text' } });
    const alone = { format: 'wayfarer.rule-pack', version: 1, name: 'VIP only', segments: [pack.segments![7]], journeys: [journey], templates: [pack.templates!.find((t) => t.id === 'vip-downgrade')!] };
    // Published as it is, the journey sends its frozen copy: nothing is missing.
    const published = checkPack(alone, offline);
    expect(published.ok && published.value.warnings).toEqual([]);
    // Imported as a draft it renders the library, which lacks "vip-welcome": said, not refused.
    const drafted = checkPack(alone, offline, { publish: false });
    expect(drafted.ok && drafted.value.warnings).toEqual([{ pointer: '/journeys/0/states/2/params/template/ref', message: expect.stringContaining('renders the library template "vip-welcome", which neither the pack nor the workspace has') }]);
    // A reference without a frozen copy still has to resolve.
    setAtPointer(journey, '/states/2/params/template', { ref: 'vip-welcome' });
    expect(problemsOf(alone).map((d) => d.pointer)).toEqual(['/journeys/0/states/2/params/template/ref']);
  });

  it('checks a draft that stays a draft only against the schema, its other problems as warnings', () => {
    const pack = readExamplePack();
    setAtPointer(pack, '/journeys/0/states/2/params/duration', 'P0D');
    expect(problemsOf(pack).map((d) => d.pointer)).toEqual(['/journeys/0/states/2/params/duration']);
    const drafted = checkPack(pack, offline, { publish: false });
    expect(drafted.ok && drafted.value.warnings).toEqual([{ pointer: '/journeys/0/states/2/params/duration', message: expect.stringMatching(/^Not publishable yet \(imported as a draft\): /) }]);
    setAtPointer(pack, '/journeys/0/states/2/params/duration', 5);
    expect(checkPack(pack, offline, { publish: false }).ok).toBe(false);
  });
});
