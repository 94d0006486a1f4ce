import { useReactFlow } from '@xyflow/react';
import { paletteItems, type PaletteItem } from '../journey-document/index';
import { useJourneyView } from './journey-view-context';
import { addPaletteState, paletteDragType } from './palette-drag';

const groups: Array<{ group: PaletteItem['group']; label: string }> = [
  { group: 'flow', label: 'Flow' },
  { group: 'message', label: 'Messages' },
  { group: 'customer', label: 'Customer' },
  { group: 'outcome', label: 'Outcome' },
];

/**
 * The state kinds: drag one onto the canvas, or press it (keyboard too) to add it in the middle of
 * the view.
 */
export function StatePalette() {
  const { store } = useJourneyView();
  const flow = useReactFlow();

  const addInView = (key: string) => {
    const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
    const center = canvas ? { x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 } : { x: 400, y: 300 };
    const position = flow.screenToFlowPosition(center);
    // Stagger repeated additions so they do not land on top of each other.
    const offset = (store.getState().history.present.states.length % 5) * 24;
    addPaletteState(store, key, { x: position.x - 90 + offset, y: position.y - 30 + offset });
  };

  return (
    <aside className="palette" aria-label="Add a state">
      <h2 className="visually-hidden">Add a state</h2>
      {groups.map((group) => (
        <div key={group.group} className="palette-group" role="group" aria-label={group.label}>
          <h3>{group.label}</h3>
          {paletteItems
            .filter((item) => item.group === group.group)
            .map((item) => (
              <button
                key={item.key}
                type="button"
                className="palette-item"
                draggable
                title={item.description}
                data-palette-key={item.key}
                onDragStart={(event) => {
                  event.dataTransfer.setData(paletteDragType, item.key);
                  event.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => addInView(item.key)}
              >
                {item.label}
              </button>
            ))}
        </div>
      ))}
    </aside>
  );
}
