import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { JourneyEditorState, JourneyProblems } from '../journey-document/index';
import type { JourneyAnalytics, JourneySimulation, Template } from '../../../schemas/types';
import type { PreviewCustomer } from '../templates/TemplatePreview';

/** What the parts of one open journey share besides the document store. */
export interface JourneyView {
  store: StoreApi<JourneyEditorState>;
  /** The engine's validation of the document on screen. */
  problems: JourneyProblems;
  /** The last simulation run from the editor, shown on the canvas. */
  simulation: JourneySimulation | null;
  setSimulation(simulation: JourneySimulation | null): void;
  /** Per-state counts and conversions, once a version is live. */
  analytics: JourneyAnalytics | null;
  /** The customer templates render against in the side panel (and validation renders them for). */
  previewCustomer: PreviewCustomer;
  setPreviewCustomer(customer: PreviewCustomer): void;
  /**
   * The workspace's template library (GET /api/templates): send steps pick from it, and validation
   * resolves their `{ "ref": … }` against it. Null while loading or when it did not load (`libraryError`).
   */
  library: readonly Template[] | null;
  libraryError: string | null;
  reloadLibrary(): void;
}

export const JourneyViewContext = createContext<JourneyView | null>(null);

export function useJourneyView(): JourneyView {
  const view = useContext(JourneyViewContext);
  if (!view) throw new Error('Journey editor parts render inside <JourneyEditor>.');
  return view;
}

/** A slice of the open journey's editor state; the component re-renders when it changes. */
export function useJourneyEditor<T>(select: (state: JourneyEditorState) => T): T {
  return useStore(useJourneyView().store, select);
}
