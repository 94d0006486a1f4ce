import { useJourneyEditor, useJourneyView } from './journey-view-context';
import { SettingsInspector } from './SettingsInspector';
import { StateInspector } from './StateInspector';
import { TransitionInspector } from './TransitionInspector';

/** The side panel: the selected state or transition, else the journey's settings. */
export function Inspector() {
  const { store } = useJourneyView();
  const selection = useJourneyEditor((state) => state.selection);
  // Leaving a field ends its typing burst: the next edit is an undo step of its own.
  return (
    <aside className="inspector" aria-label="Details" onBlur={() => store.getState().endGesture()}>
      {selection?.type === 'state' && <StateInspector key={selection.id} stateId={selection.id} />}
      {selection?.type === 'transition' && <TransitionInspector key={selection.id} transitionId={selection.id} />}
      {(selection === null || selection.type === 'settings') && <SettingsInspector />}
    </aside>
  );
}
