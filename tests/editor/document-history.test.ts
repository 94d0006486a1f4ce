import { describe, expect, it } from 'vitest';
import {
  addState,
  canRedo,
  canUndo,
  createHistory,
  createJourneyDraft,
  createJourneyEditorStore,
  endGesture,
  historyLimit,
  isDirty,
  mergeWindowMs,
  moveStates,
  recordEdit,
  redoEdit,
  undoEdit,
  updateState,
} from '../../editor/src/journey-document/index';

describe('undo and redo', () => {
  it('walks back and forth through edits, and a new edit drops what was undone', () => {
    let history = createHistory('a');
    history = recordEdit(history, 'b');
    history = recordEdit(history, 'c');
    history = undoEdit(history);
    expect(history.present).toBe('b');
    history = undoEdit(history);
    expect([history.present, canUndo(history), canRedo(history)]).toEqual(['a', false, true]);
    history = redoEdit(history);
    expect(history.present).toBe('b');
    history = recordEdit(history, 'd');
    expect([history.present, canRedo(history), history.past]).toEqual(['d', false, ['a', 'b']]);
    expect(undoEdit(createHistory('x'))).toEqual(createHistory('x'));
  });

  it('does not record an edit that changed nothing', () => {
    const history = recordEdit(createHistory('a'), 'b');
    expect(recordEdit(history, history.present)).toBe(history);
  });

  it('makes one step of a typing burst in one field, until the field is left or the typist pauses', () => {
    let history = createHistory('');
    history = recordEdit(history, 'H', 'subject', 1_000);
    history = recordEdit(history, 'Hi', 'subject', 1_200);
    history = recordEdit(history, 'Hi!', 'subject', 1_300);
    expect(history.past).toEqual(['']);
    history = recordEdit(history, 'Hi! x', 'subject', 1_300 + mergeWindowMs + 1);
    expect(history.past).toEqual(['', 'Hi!']);
    history = endGesture(history);
    history = recordEdit(history, 'Hi! xy', 'subject', 2_400);
    expect(history.past).toEqual(['', 'Hi!', 'Hi! x']);
    history = recordEdit(history, 'body', 'body', 2_500);
    expect(undoEdit(history).present).toBe('Hi! xy');
  });

  it('keeps at most historyLimit steps', () => {
    let history = createHistory(0);
    for (let i = 1; i <= historyLimit + 50; i++) history = recordEdit(history, i);
    expect(history.past).toHaveLength(historyLimit);
    expect(history.past[0]).toBe(50);
  });
});

describe('the journey editor store', () => {
  it('applies commands, undoes and redoes them, and knows when the document is unsaved', () => {
    let time = 0;
    const store = createJourneyEditorStore(createJourneyDraft('welcome', 'Welcome'), () => time);
    const { dispatch } = store.getState();
    dispatch(addState, { paletteKey: 'send-email', id: 'email', position: { x: 200, y: 0 }, stage: 'convert' });
    store.getState().select({ type: 'state', id: 'email' });
    dispatch(moveStates, { positions: { email: { x: 260, y: 40 } } });
    expect(isDirty(store.getState())).toBe(true);

    store.getState().undo();
    expect(store.getState().history.present.states.find((s) => s.id === 'email')!.position).toEqual({ x: 200, y: 0 });
    store.getState().undo();
    expect(store.getState().history.present.states.map((s) => s.id)).toEqual(['entry', 'exit']);
    // The selected state is gone: nothing is selected any more.
    expect(store.getState().selection).toBeNull();
    expect(isDirty(store.getState())).toBe(false);
    store.getState().redo();
    store.getState().redo();
    expect(store.getState().history.present.states.find((s) => s.id === 'email')!.position).toEqual({ x: 260, y: 40 });

    time = 10;
    dispatch(updateState, { id: 'email', label: 'T' }, { mergeKey: 'label:email' });
    time = 20;
    dispatch(updateState, { id: 'email', label: 'Thanks' }, { mergeKey: 'label:email' });
    store.getState().undo();
    expect(store.getState().history.present.states.find((s) => s.id === 'email')!.label).toBe('Send email');
  });

  it('takes the saved copy without losing edits made while the save was on its way', () => {
    const store = createJourneyEditorStore(createJourneyDraft('welcome', 'Welcome'));
    store.getState().dispatch(addState, { paletteKey: 'exit', id: 'exit-2', position: { x: 0, y: 0 }, stage: 'retain' });
    const sent = store.getState().history.present;
    store.getState().dispatch(updateState, { id: 'exit-2', label: 'Bye' });
    store.getState().markSaved(sent, { ...sent, version: 2 });
    expect(store.getState().saved.version).toBe(2);
    expect(store.getState().history.present.states.at(-1)!.label).toBe('Bye');
    expect(isDirty(store.getState())).toBe(true);

    const current = store.getState().history.present;
    store.getState().markSaved(current, { ...current, version: 2 });
    expect(isDirty(store.getState())).toBe(false);
    expect(store.getState().history.present.version).toBe(2);
  });
});
