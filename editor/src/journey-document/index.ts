/**
 * The journey document as the editor edits it: pure commands `(doc, args) => doc`, undo/redo, the
 * canvas mapping, the palette of state kinds and the engine's validation located on the graph.
 */
export { canRedo, canUndo, createHistory, endGesture, historyLimit, mergeWindowMs, recordEdit, redoEdit, undoEdit, type DocumentHistory } from './document-history';
export { createJourneyEditorStore, isDirty, type JourneyCommand, type JourneyEditorState, type Selection } from './journey-editor-store';
export {
  describeTrigger,
  fromFlow,
  toFlowEdges,
  toFlowNodes,
  type StateDecoration,
  type StateNode,
  type StateNodeData,
  type TransitionEdge,
  type TransitionEdgeData,
} from './journey-flow';
export { checkJourneyDocument, groupProblems, locatePointer, type CheckJourneyOptions, type JourneyProblems, type LocatedProblem, type ProblemTarget } from './journey-problems';
export { colorOfStage, findPaletteItem, lifecycleStages, paletteItemOfState, paletteItems, type LifecycleStage, type PaletteItem, type StateKind } from './state-catalog';
export {
  addState,
  deleteStates,
  duplicateState,
  isIdentifier,
  moveStates,
  nextFreeId,
  nextStateId,
  renameSplitBranch,
  renameState,
  setStateParams,
  updateState,
  type AddStateArgs,
} from './state-commands';
export { branchHandleId, handleOfTrigger, hasTargetHandle, listSourceHandles, listSplitBranches, outHandleId, targetHandleId, type SourceHandle } from './state-handles';
export {
  connectStates,
  deleteElements,
  deleteTransitions,
  nextTransitionId,
  setJourneySetting,
  updateJourneyInfo,
  updateTransition,
  type ConnectArgs,
  type JourneySettingChange,
} from './transition-commands';
export { createJourneyDraft } from './journey-draft';
export { describeDuration, explainTrigger, summarizeState } from './state-summary';
