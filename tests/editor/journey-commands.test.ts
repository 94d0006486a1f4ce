import { describe, expect, it } from 'vitest';
import {
  addState,
  connectStates,
  createJourneyDraft,
  deleteElements,
  deleteStates,
  moveStates,
  nextStateId,
  renameSplitBranch,
  renameState,
  setJourneySetting,
  updateState,
  updateTransition,
} from '../../editor/src/journey-document/index';
import { validateJourney } from '../../engine/journeys/index';
import type { Journey } from '../../schemas/types';

/** entry → email → exit, drawn the way the canvas does it: palette, then two drags between handles. */
function drawWelcome(): Journey {
  let doc = createJourneyDraft('welcome', 'Welcome');
  doc = addState(doc, { paletteKey: 'send-email', id: nextStateId(doc, 'send-email'), position: { x: 300.4, y: 19.6 }, stage: 'convert' });
  doc = connectStates(doc, { from: 'entry', to: 'email' });
  return connectStates(doc, { from: 'email', to: 'exit' });
}

describe('journey document commands', () => {
  it('adds a state from the palette with a fresh id, whole-pixel position and starting params', () => {
    const doc = drawWelcome();
    const email = doc.states.find((state) => state.id === 'email')!;
    expect(email).toMatchObject({ kind: 'send', stage: 'convert', position: { x: 300, y: 20 }, params: { channel: 'email' } });
    expect(nextStateId(doc, 'send-email')).toBe('email-2');
    const twice = addState(doc, { paletteKey: 'send-email', id: 'email', position: { x: 0, y: 0 }, stage: 'convert' });
    expect(twice).toBe(doc);
  });

  it('draws a journey the engine accepts, with no hand-written transition', () => {
    const checked = validateJourney(drawWelcome());
    expect(checked.ok).toBe(true);
    expect(drawWelcome().transitions).toEqual([
      { id: 't1', from: 'entry', to: 'email', on: { type: 'immediate' } },
      { id: 't2', from: 'email', to: 'exit', on: { type: 'immediate' } },
    ]);
  });

  it('gives each way out the trigger the engine expects for its kind', () => {
    let doc = createJourneyDraft('j', 'J');
    doc = addState(doc, { paletteKey: 'delay', id: 'delay', position: { x: 0, y: 0 }, stage: 'convert' });
    doc = addState(doc, { paletteKey: 'wait', id: 'wait', position: { x: 0, y: 0 }, stage: 'convert' });
    doc = addState(doc, { paletteKey: 'split', id: 'split', position: { x: 0, y: 0 }, stage: 'convert' });
    doc = connectStates(doc, { from: 'delay', to: 'exit' });
    doc = connectStates(doc, { from: 'wait', to: 'exit', handle: 'timeout' });
    doc = connectStates(doc, { from: 'wait', to: 'split', handle: 'event' });
    doc = connectStates(doc, { from: 'split', to: 'exit', handle: 'branch:else' });
    expect(doc.transitions.map((t) => [t.from, t.to, t.on])).toEqual([
      ['delay', 'exit', { type: 'delay-elapsed' }],
      ['wait', 'exit', { type: 'timeout' }],
      ['wait', 'split', { type: 'event', event: 'Order Completed' }],
      ['split', 'exit', { type: 'branch', branch: 'else' }],
    ]);
  });

  it('moves a way out that already leads somewhere instead of doubling it, and refuses what the engine would', () => {
    let doc = drawWelcome();
    doc = addState(doc, { paletteKey: 'exit', id: 'exit-2', position: { x: 0, y: 0 }, stage: 'retain' });
    const moved = connectStates(doc, { from: 'email', to: 'exit-2' });
    expect(moved.transitions.filter((t) => t.from === 'email')).toEqual([{ id: 't2', from: 'email', to: 'exit-2', on: { type: 'immediate' } }]);
    expect(connectStates(doc, { from: 'email', to: 'entry' })).toBe(doc); // into an entry
    expect(connectStates(doc, { from: 'exit', to: 'email' })).toBe(doc); // out of an exit
    expect(connectStates(doc, { from: 'email', to: 'nowhere' })).toBe(doc);
  });

  it('moves states and returns the same document when nothing moved', () => {
    const doc = drawWelcome();
    const moved = moveStates(doc, { positions: { email: { x: 10.2, y: -40.7 } } });
    expect(moved.states.find((s) => s.id === 'email')!.position).toEqual({ x: 10, y: -41 });
    expect(moveStates(moved, { positions: { email: { x: 10, y: -41 } } })).toBe(moved);
    expect(doc.states.find((s) => s.id === 'email')!.position).toEqual({ x: 300, y: 20 });
  });

  it('deletes a state with every transition touching it', () => {
    const doc = deleteStates(drawWelcome(), { ids: ['email'] });
    expect(doc.states.map((s) => s.id)).toEqual(['entry', 'exit']);
    expect(doc.transitions).toEqual([]);
    const mixed = deleteElements(drawWelcome(), { stateIds: ['exit'], transitionIds: ['t1'] });
    expect(mixed.transitions).toEqual([]);
    expect(mixed.states.map((s) => s.id)).toEqual(['entry', 'email']);
  });

  it('renames a state and a split branch together with the transitions that name them', () => {
    let doc = drawWelcome();
    doc = renameState(doc, { id: 'email', newId: 'thank-you' });
    expect(doc.transitions.map((t) => `${t.from}->${t.to}`)).toEqual(['entry->thank-you', 'thank-you->exit']);
    expect(renameState(doc, { id: 'thank-you', newId: 'exit' })).toBe(doc); // taken
    expect(renameState(doc, { id: 'thank-you', newId: '9lives' })).toBe(doc); // not an id

    doc = addState(doc, { paletteKey: 'split', id: 'split', position: { x: 0, y: 0 }, stage: 'convert' });
    doc = connectStates(doc, { from: 'split', to: 'exit', handle: 'branch:yes' });
    doc = renameSplitBranch(doc, { stateId: 'split', from: 'yes', to: 'buyers' });
    const split = doc.states.find((s) => s.id === 'split')!;
    expect(split.kind === 'split' && split.params.mode === 'conditions' && split.params.branches[0].id).toBe('buyers');
    expect(doc.transitions.at(-1)!.on).toEqual({ type: 'branch', branch: 'buyers' });
  });

  it('edits labels, stages, triggers and settings without touching the rest', () => {
    const doc = drawWelcome();
    const labelled = updateState(doc, { id: 'email', label: 'Thanks', stage: 'retain' });
    expect(labelled.states.find((s) => s.id === 'email')).toMatchObject({ label: 'Thanks', stage: 'retain' });
    expect(labelled.transitions).toBe(doc.transitions);
    const unlabelled = updateState(labelled, { id: 'email', label: '' });
    expect('label' in unlabelled.states.find((s) => s.id === 'email')!).toBe(false);

    const relabelled = updateTransition(doc, { id: 't1', label: 'right away' });
    expect(relabelled.transitions[0]).toEqual({ id: 't1', from: 'entry', to: 'email', on: { type: 'immediate' }, label: 'right away' });

    const quiet = setJourneySetting(doc, { key: 'quietHours', value: { start: '21:00', end: '08:00' } });
    expect(quiet.settings).toEqual({ reentry: { policy: 'never' }, quietHours: { start: '21:00', end: '08:00' } });
    expect(setJourneySetting(quiet, { key: 'quietHours', value: undefined }).settings).toEqual({ reentry: { policy: 'never' } });
  });
});
