/**
 * The journey editor's state: the document with its undo history, what is selected, and the last
 * saved copy. Components read it and dispatch commands; they never change the document themselves.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Journey } from '../../../schemas/types';
import { canRedo, canUndo, createHistory, endGesture, recordEdit, redoEdit, undoEdit, type DocumentHistory } from './document-history';

export type Selection = { type: 'state'; id: string } | { type: 'transition'; id: string } | { type: 'settings' } | null;

/** A pure edit of the document: `(doc, args) => doc`. */
export type JourneyCommand<A> = (doc: Journey, args: A) => Journey;

export interface JourneyEditorState {
  history: DocumentHistory<Journey>;
  /** The document as last loaded or saved; the editor is dirty while the present differs. */
  saved: Journey;
  selection: Selection;
  /** Applies a command; edits with the open gesture's merge key become one undo step. */
  dispatch<A>(command: JourneyCommand<A>, args: A, options?: { mergeKey?: string }): void;
  undo(): void;
  redo(): void;
  /** Ends a drag or a typing burst: the next edit is a step of its own. */
  endGesture(): void;
  select(selection: Selection): void;
  /** Replaces the document (a version was loaded): a fresh history. */
  load(doc: Journey): void;
  /**
   * `sent` was saved, and the server answered `saved` (its version or status may differ). When
   * nothing was edited meanwhile the editor shows `saved`; otherwise the newer edits stay, unsaved.
   */
  markSaved(sent: Journey, saved: Journey): void;
}

/** Whether the selection still names something in the document. */
function keepSelection(selection: Selection, doc: Journey): Selection {
  if (selection?.type === 'state') return doc.states.some((state) => state.id === selection.id) ? selection : null;
  if (selection?.type === 'transition') return doc.transitions.some((transition) => transition.id === selection.id) ? selection : null;
  return selection;
}

/** A store for one open journey; `now` times edits, so a pause in typing starts a new undo step. */
export function createJourneyEditorStore(doc: Journey, now: () => number = () => Date.now()): StoreApi<JourneyEditorState> {
  return createStore<JourneyEditorState>()((set, get) => ({
    history: createHistory(doc),
    saved: doc,
    selection: null,
    dispatch(command, args, options = {}) {
      const { history, selection } = get();
      const next = recordEdit(history, command(history.present, args), options.mergeKey ?? null, now());
      if (next !== history) set({ history: next, selection: keepSelection(selection, next.present) });
    },
    undo() {
      const { history, selection } = get();
      if (!canUndo(history)) return;
      const next = undoEdit(history);
      set({ history: next, selection: keepSelection(selection, next.present) });
    },
    redo() {
      const { history, selection } = get();
      if (!canRedo(history)) return;
      const next = redoEdit(history);
      set({ history: next, selection: keepSelection(selection, next.present) });
    },
    endGesture() {
      const history = get().history;
      const next = endGesture(history);
      if (next !== history) set({ history: next });
    },
    select(selection) {
      set({ selection: keepSelection(selection, get().history.present) });
    },
    load(loaded) {
      set({ history: createHistory(loaded), saved: loaded, selection: null });
    },
    markSaved(sent, savedDoc) {
      const { history } = get();
      if (history.present !== sent) {
        set({ saved: savedDoc });
        return;
      }
      // The saved copy takes the present's place without an undo step of its own.
      set({ history: { ...history, present: savedDoc, openGesture: null }, saved: savedDoc });
    },
  }));
}

/** Whether the open document has edits that are not saved. */
export function isDirty(state: Pick<JourneyEditorState, 'history' | 'saved'>): boolean {
  return state.history.present !== state.saved;
}
