/**
 * Undo and redo over immutable documents. Every edit is a new document; the history keeps the ones
 * before it. Edits that belong to one gesture (the keystrokes of one burst of typing in a field)
 * carry the same merge key and become one step, until `endGesture` closes it (the field loses focus)
 * or a pause longer than `mergeWindowMs` separates them.
 */
export interface DocumentHistory<T> {
  past: readonly T[];
  present: T;
  future: readonly T[];
  /** The merge key of the gesture the present document belongs to, while it is open. */
  openGesture: string | null;
  /** When the present document was made (ms), if the caller said; merging needs edits close in time. */
  editedAt?: number;
}

/** The longest pause within one typing burst. */
export const mergeWindowMs = 1_000;

/** How many steps undo can go back. */
export const historyLimit = 200;

/** A history with one document and nothing to undo. */
export function createHistory<T>(present: T): DocumentHistory<T> {
  return { past: [], present, future: [], openGesture: null };
}

/**
 * Records an edit made at `at` (ms). The same document means nothing changed, and the history stays
 * as it is. With the merge key of the open gesture, within `mergeWindowMs` of the previous edit, the
 * edit replaces the present instead of adding a step.
 */
export function recordEdit<T>(history: DocumentHistory<T>, next: T, mergeKey: string | null = null, at?: number): DocumentHistory<T> {
  if (next === history.present) return history;
  const isSoonAfter = at === undefined || history.editedAt === undefined || at - history.editedAt <= mergeWindowMs;
  if (mergeKey !== null && mergeKey === history.openGesture && isSoonAfter) return { ...history, present: next, future: [], editedAt: at };
  const past = [...history.past, history.present].slice(-historyLimit);
  return { past, present: next, future: [], openGesture: mergeKey, editedAt: at };
}

/** Closes the open gesture: the next edit is a step of its own. */
export function endGesture<T>(history: DocumentHistory<T>): DocumentHistory<T> {
  return history.openGesture === null ? history : { ...history, openGesture: null };
}

export function canUndo<T>(history: DocumentHistory<T>): boolean {
  return history.past.length > 0;
}

export function canRedo<T>(history: DocumentHistory<T>): boolean {
  return history.future.length > 0;
}

/** Goes back one step (no change when there is nothing to undo). */
export function undoEdit<T>(history: DocumentHistory<T>): DocumentHistory<T> {
  if (history.past.length === 0) return history;
  const previous = history.past[history.past.length - 1];
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future], openGesture: null };
}

/** Goes forward one undone step (no change when there is none). */
export function redoEdit<T>(history: DocumentHistory<T>): DocumentHistory<T> {
  if (history.future.length === 0) return history;
  const [next, ...future] = history.future;
  return { past: [...history.past, history.present], present: next, future, openGesture: null };
}
