import { describe, expect, it } from 'vitest';
import { addState, checkJourneyDocument, connectStates, createJourneyDraft, groupProblems, locatePointer, setStateParams } from '../../editor/src/journey-document/index';
import { validateJourney } from '../../engine/journeys/index';

describe('the engine\'s validation located on the canvas', () => {
  it('attaches each problem to the state or transition its pointer names, as the server would report them', () => {
    let doc = createJourneyDraft('welcome', 'Welcome');
    doc = addState(doc, { paletteKey: 'send-email', id: 'email', position: { x: 0, y: 0 }, stage: 'convert' });
    doc = connectStates(doc, { from: 'entry', to: 'email' });
    doc = setStateParams(doc, { id: 'email', params: { channel: 'email', template: { subject: 'Hi {{ frist_name }}' } } });

    const checked = checkJourneyDocument(doc);
    const server = validateJourney(doc);
    expect(server.ok).toBe(false);
    expect(checked.problems.map((problem) => problem.pointer)).toEqual(server.ok ? [] : server.problem.details.map((detail) => detail.pointer ?? ''));

    const byState = groupProblems(checked.problems).states;
    expect(byState.get('email')!.map((problem) => problem.message).join(' ')).toMatch(/frist_name/);
    expect(byState.get('email')!.map((problem) => problem.message).join(' ')).toMatch(/no way out/);
    expect(byState.get('exit')!.map((problem) => problem.message).join(' ')).toMatch(/cannot be reached/);
    expect(byState.has('entry')).toBe(false);
  });

  it('is valid once every state is connected and the template is right', () => {
    let doc = createJourneyDraft('welcome', 'Welcome');
    doc = addState(doc, { paletteKey: 'send-email', id: 'email', position: { x: 0, y: 0 }, stage: 'convert' });
    doc = connectStates(connectStates(doc, { from: 'entry', to: 'email' }), { from: 'email', to: 'exit' });
    expect(checkJourneyDocument(doc)).toMatchObject({ valid: true, code: null, problems: [] });
  });

  it('reads which part of the document a pointer names', () => {
    const doc = createJourneyDraft('welcome', 'Welcome');
    expect(locatePointer(doc, '/states/1/params')).toEqual({ target: { type: 'state', id: 'exit', index: 1 }, rest: '/params' });
    expect(locatePointer(doc, '/settings/quietHours/start')).toEqual({ target: { type: 'settings', key: 'quietHours' }, rest: '/quietHours/start' });
    expect(locatePointer(doc, '/name').target).toEqual({ type: 'journey' });
  });
});
