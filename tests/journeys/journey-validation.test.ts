import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateJourney } from '../../engine/journeys';
import type { Journey } from '../../schemas/types';
import { branch, delay, elapsed, email, entry, exit, go, journey, onEvent, send, split, timeout, wait, waitFor, when } from '../support/journey-factory';

const welcome = (): Journey => JSON.parse(readFileSync(new URL('../../examples/journeys/01-welcome-series.json', import.meta.url), 'utf8'));

function problemsOf(document: unknown): Array<{ pointer?: string; message: string; code?: string }> {
  const result = validateJourney(document);
  if (result.ok) return [];
  return result.problem.details;
}

function codeOf(document: unknown): string | null {
  const result = validateJourney(document);
  return result.ok ? null : result.problem.code;
}

describe('journey validation', () => {
  it('accepts a complete journey and reports template variables the sample lacks as warnings', () => {
    const document = journey('hello', [entry('start', onEvent('Signed Up')), email('hi', 'Hi {{ attributes.nickname }}'), exit('done')], [go('start', 'hi'), go('hi', 'done')]);
    const result = validateJourney(document);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.warnings.map((w) => w.pointer)).toEqual(['/states/1/params/template/subject']);
  });

  it('takes links.unsubscribe in a message to a person, and warns of it where no such link is made (a webhook body)', () => {
    const document = journey(
      'news',
      [
        entry('start', onEvent('Signed Up')),
        send('mail', 'email', { subject: 'News', text: 'Stop these: {{ links.unsubscribe }}' }),
        send('text', 'sms', { body: 'News. Stop: {{ links.unsubscribe }}' }),
        { id: 'hook', kind: 'webhook', stage: 'acquire', position: { x: 0, y: 0 }, params: { url: 'https://crm.example/hook', body: { unsubscribe: '{{ links.unsubscribe }}' } } },
        exit('done'),
      ],
      [go('start', 'mail'), go('mail', 'text'), go('text', 'hook'), go('hook', 'done')],
    );
    const result = validateJourney(document);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.warnings.map((w) => w.pointer)).toEqual(['/states/3/params/body/unsubscribe']);
  });

  it('refuses a document that does not match the schema, pointing at the field', () => {
    const document = { ...welcome(), states: [...welcome().states, { id: 'x', kind: 'teleport', stage: 'acquire', position: { x: 0, y: 0 } }] };
    expect(codeOf(document)).toBe('VALIDATION_FAILED');
    expect(problemsOf(document)).toEqual([{ pointer: '/states/10/kind', message: '"teleport" is not a known kind here' }]);
  });

  it('finds states no entry reaches', () => {
    const document = journey('j', [entry('start', onEvent('A')), exit('done'), email('orphan', 'Lost')], [go('start', 'done'), go('orphan', 'done')]);
    expect(codeOf(document)).toBe('INVALID_DEFINITION');
    expect(problemsOf(document)).toContainEqual(expect.objectContaining({ pointer: '/states/2', message: expect.stringContaining('cannot be reached') }));
  });

  it('finds states without a way out (all but exits)', () => {
    const document = journey('j', [entry('start', onEvent('A')), delay('pause', wait('P1D')), waitFor('listen', 'P2D')], [go('start', 'pause'), elapsed('pause', 'listen'), when('listen', 'pause', 'B')]);
    const problems = problemsOf(document);
    expect(problems).toContainEqual(expect.objectContaining({ pointer: '/states/2', message: expect.stringContaining('"timeout"') }));
  });

  it('finds transitions to and from states that do not exist', () => {
    const document = journey('j', [entry('start', onEvent('A')), exit('done')], [go('start', 'done'), go('start', 'nowhere'), go('ghost', 'done')]);
    const pointers = problemsOf(document).map((p) => p.pointer);
    expect(pointers).toContain('/transitions/1/to');
    expect(pointers).toContain('/transitions/2/from');
  });

  it('wants an else branch on condition splits and a transition for every branch', () => {
    const document = journey(
      'j',
      [entry('start', onEvent('A')), split('which', { mode: 'conditions', branches: [{ id: 'vip', condition: { all: [{ fact: 'traits.orders_count', operator: 'greaterThan', value: 5 }] } }, { id: 'new', condition: { all: [] } }] }), exit('done')],
      [go('start', 'which'), branch('which', 'done', 'vip')],
    );
    const messages = problemsOf(document).map((p) => `${p.pointer} ${p.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^\/states\/1\/params .*no else branch/));
    expect(messages).toContainEqual(expect.stringMatching(/^\/states\/1\/params Branch "new"/));
  });

  it('checks conditions against the fact catalogue, keeping the rules codes per detail', () => {
    const document = journey(
      'j',
      [entry('start', onEvent('Order Completed', { all: [{ fact: 'event.properties.total', operator: 'greaterThan', value: 'lots' }] })), split('which', { mode: 'conditions', branches: [{ id: 'a', condition: { all: [{ fact: 'traits.ordres_count', operator: 'equal', value: 1 }] } }] }), exit('done')],
      [go('start', 'which'), branch('which', 'done', 'a'), branch('which', 'done', 'else')],
    );
    const problems = problemsOf(document);
    expect(problems).toContainEqual(expect.objectContaining({ code: 'TYPE_MISMATCH', pointer: '/states/0/params/trigger/condition/all/0/value' }));
    expect(problems).toContainEqual(expect.objectContaining({ code: 'UNKNOWN_FACT', pointer: '/states/1/params/branches/0/condition/all/0/fact' }));
  });

  it('refuses event facts in customer-scoped conditions (splits, entry condition)', () => {
    const document = journey('j', [entry('start', onEvent('A')), exit('done')], [go('start', 'done')], { entryCondition: { all: [{ fact: 'event.properties.total', operator: 'greaterThan', value: 1 }] } });
    expect(problemsOf(document)[0].pointer).toMatch(/^\/settings\/entryCondition/);
  });

  it('renders templates against a sample customer and points at the broken field', () => {
    const document = journey('j', [entry('start', onEvent('A')), send('hi', 'email', { subject: 'Hi {{ attributes.first_name | shout }}', text: 'ok' }), exit('done')], [go('start', 'hi'), go('hi', 'done')]);
    expect(problemsOf(document)).toContainEqual(expect.objectContaining({ pointer: '/states/1/params/template/subject', line: 1 }));
  });

  it('checks webhook bodies and task fields as templates too', () => {
    const document = journey(
      'j',
      [entry('start', onEvent('A')), { id: 'hook', kind: 'webhook', stage: 'retain', position: { x: 0, y: 0 }, params: { url: 'https://example.com/hook', body: { user: { name: '{{ attributes.first_name | nope }}' } } } }, exit('done')],
      [go('start', 'hook'), go('hook', 'done')],
    );
    expect(problemsOf(document)).toContainEqual(expect.objectContaining({ pointer: '/states/1/params/body/user/name' }));
  });

  it('checks a webhook body as the step renders it: a body past the JSON template limits is refused at validation, not at every send', () => {
    let body: Record<string, unknown> = { leaf: '{{ attributes.first_name }}' };
    for (let depth = 0; depth < 20; depth++) body = { nested: body };
    const document = journey('j', [entry('start', onEvent('A')), { id: 'hook', kind: 'webhook', stage: 'retain', position: { x: 0, y: 0 }, params: { url: 'https://example.com/hook', body } }, exit('done')], [go('start', 'hook'), go('hook', 'done')]);
    const problems = problemsOf(document);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].pointer).toMatch(/^\/states\/1\/params\/body/);
  });

  it('checks the Liquid values of update-attributes as templates, pointing at the attribute', () => {
    const document = journey(
      'j',
      [entry('start', onEvent('A')), { id: 'remember', kind: 'update-attributes', stage: 'retain', position: { x: 0, y: 0 }, params: { set: { plan: 'gold', last_code: '{{ event.properties.code | nope }}', city_copy: '{{ attributes.city' } } }, exit('done')],
      [go('start', 'remember'), go('remember', 'done')],
    );
    expect(codeOf(document)).toBe('INVALID_DEFINITION');
    expect(problemsOf(document).map((detail) => detail.pointer)).toEqual(['/states/1/params/set/last_code', '/states/1/params/set/city_copy']);
    const valid = validateJourney({ ...document, states: document.states.map((state) => (state.kind === 'update-attributes' ? { ...state, params: { set: { last_code: '{{ event.properties.code }}', city_copy: '{{ attributes.city }}' } } } : state)) });
    expect(valid.ok && valid.value.warnings.map((w) => w.pointer)).toEqual(['/states/1/params/set/last_code']);
  });

  it('needs the template fields of the channel', () => {
    const document = journey('j', [entry('start', onEvent('A')), send('text', 'sms', { subject: 'no body' }), exit('done')], [go('start', 'text'), go('text', 'done')]);
    expect(problemsOf(document)).toContainEqual(expect.objectContaining({ pointer: '/states/1/params/template', message: expect.stringContaining('"body"') }));
  });

  it('refuses loops that never wait', () => {
    const document = journey(
      'j',
      [entry('start', onEvent('A')), email('a', 'A'), split('again', { mode: 'random', branches: [{ id: 'x', weight: 1 }, { id: 'y', weight: 1 }] }), exit('done')],
      [go('start', 'a'), go('a', 'again'), branch('again', 'a', 'x'), branch('again', 'done', 'y')],
    );
    expect(problemsOf(document)).toContainEqual(expect.objectContaining({ message: expect.stringContaining('loop without a delay or wait: a → again → a') }));
  });

  it('allows loops through a wait (win-back → retain)', () => {
    const document = journey(
      'j',
      [entry('start', onEvent('A')), email('a', 'A'), waitFor('w', 'P30D'), exit('done')],
      [go('start', 'a'), go('a', 'w'), timeout('w', 'a'), when('w', 'done', 'Order Completed')],
    );
    expect(problemsOf(document)).toEqual([]);
  });

  it('checks durations, time zones, cron expressions and settings', () => {
    const document = journey(
      'j',
      [entry('start', { type: 'schedule', segmentId: 'all', cron: '61 9 * * *', timezone: 'Mars/Olympus' }), delay('d', { mode: 'duration', duration: 'PT0S' }), exit('done')],
      [go('start', 'd'), elapsed('d', 'done')],
      { reentry: { policy: 'after-cooldown' }, quietHours: { start: '09:00', end: '09:00' }, frequencyCaps: [{ channel: 'email', limit: 1, window: 'P2Y' }], timezone: 'Nowhere/City' },
    );
    const pointers = problemsOf(document).map((p) => p.pointer);
    expect(pointers).toEqual(expect.arrayContaining([
      '/states/0/params/trigger/cron',
      '/states/0/params/trigger/timezone',
      '/states/1/params/duration',
      '/settings/reentry',
      '/settings/quietHours',
      '/settings/frequencyCaps/0/window',
      '/settings/timezone',
    ]));
  });

  it('refuses durations no calendar can reach and an empty weekday list, which would fail every entering event', () => {
    const document = journey(
      'j',
      [entry('start', onEvent('A')), delay('forever', wait('P9999999Y')), delay('hours', wait('PT999999999999999H')), waitFor('listen', 'P200Y'), delay('never', { mode: 'until-time', weekdays: [] }), exit('done'), { id: 'g', kind: 'goal', stage: 'convert', position: { x: 0, y: 0 }, params: { event: 'B', window: 'P99999Y' } }],
      [go('start', 'forever'), elapsed('forever', 'hours'), elapsed('hours', 'listen'), when('listen', 'never', 'B'), timeout('listen', 'never'), elapsed('never', 'done')],
      { reentry: { policy: 'after-cooldown', cooldown: 'P500000D' } },
    );
    const problems = problemsOf(document);
    expect(problems.map((p) => p.pointer)).toEqual(expect.arrayContaining(['/states/1/params/duration', '/states/2/params/duration', '/states/3/params/timeout', '/states/4/params/weekdays', '/states/6/params/window', '/settings/reentry/cooldown']));
    expect(problems.find((p) => p.pointer === '/states/1/params/duration')!.message).toContain('longer than 36525 days');
    // A century is still fine: a renewal ten years out is a real delay.
    const decade = journey('d', [entry('start', onEvent('A')), delay('renewal', wait('P10Y')), exit('done')], [go('start', 'renewal'), elapsed('renewal', 'done')]);
    expect(problemsOf(decade)).toEqual([]);
  });

  it('points at the unset entry that cannot be an attribute name', () => {
    const document = journey('j', [entry('start', onEvent('A')), { id: 'forget', kind: 'update-attributes', stage: 'retain', position: { x: 0, y: 0 }, params: { unset: ['ok', 'constructor'] } }, exit('done')], [go('start', 'forget'), go('forget', 'done')]);
    expect(problemsOf(document).map((p) => p.pointer)).toEqual(['/states/1/params/unset/1']);
  });

  it('refuses duplicate ids and transitions into entries or goals', () => {
    const document = journey('j', [entry('start', onEvent('A')), exit('done'), exit('done'), { id: 'g', kind: 'goal', stage: 'convert', position: { x: 0, y: 0 }, params: { event: 'B', window: 'P1D' } }], [go('start', 'done'), go('done', 'start'), go('start', 'g')]);
    const messages = problemsOf(document).map((p) => `${p.pointer} ${p.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^\/states\/2\/id .*already used/));
    expect(messages).toContainEqual(expect.stringMatching(/^\/transitions\/1\/to .*entry state/));
    expect(messages).toContainEqual(expect.stringMatching(/^\/transitions\/2\/to .*goal/));
  });
});
