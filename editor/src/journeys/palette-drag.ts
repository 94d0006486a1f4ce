import type { StoreApi } from 'zustand/vanilla';
import { addState, nextStateId, type JourneyEditorState } from '../journey-document/index';
import type { JourneyPosition } from '../../../schemas/types';

/** The drag-and-drop type a palette item carries (its palette key). */
export const paletteDragType = 'application/x-wayfarer-state';

/**
 * Adds a state made from a palette item at a canvas position and selects it. It takes the lifecycle
 * stage of the selected state (or of the last one), since journeys are mostly drawn stage by stage.
 */
export function addPaletteState(store: StoreApi<JourneyEditorState>, paletteKey: string, position: JourneyPosition): string {
  const { history, selection, dispatch, select } = store.getState();
  const doc = history.present;
  const id = nextStateId(doc, paletteKey);
  const selected = selection?.type === 'state' ? doc.states.find((state) => state.id === selection.id) : undefined;
  const stage = selected?.stage ?? doc.states.at(-1)?.stage ?? 'acquire';
  dispatch(addState, { paletteKey, id, position, stage });
  select({ type: 'state', id });
  return id;
}
