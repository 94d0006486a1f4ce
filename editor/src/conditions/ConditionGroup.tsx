import {
  addConditionChild,
  childrenOf,
  findConditionNode,
  groupKindOf,
  keyOfPath,
  removeConditionNode,
  setGroupKind,
  toggleNegation,
  type ConditionPath,
  type GroupKind,
} from '../condition-document/index';
import { ConditionNode } from './ConditionNode';
import { useConditionEditor } from './condition-editor-context';
import { createStarterRule } from './new-rule';
import { ProblemMessages } from './ProblemMessages';

/** An "all of" / "any of" group: its rules and groups, and buttons to add more. */
export function ConditionGroup({ path, onRemove }: { path: ConditionPath; onRemove?: () => void }) {
  const editor = useConditionEditor();
  const node = findConditionNode(editor.root, path)!;
  const kind = groupKindOf(node) ?? 'all';
  const children = childrenOf(node);
  const id = `${editor.idPrefix}-group-${keyOfPath(path) || 'root'}`;
  const problems = editor.problems.get(keyOfPath(path)) ?? [];
  const change = (next: typeof editor.root) => editor.onChange(next);

  return (
    <div className={`condition-group depth-${Math.min(path.length, 3)}`} role="group" aria-labelledby={`${id}-label`}>
      <div className="condition-group-bar">
        <label id={`${id}-label`} htmlFor={`${id}-kind`}>
          Customers match
        </label>
        <select id={`${id}-kind`} value={kind} onChange={(event) => change(setGroupKind(editor.root, { path, kind: event.target.value as GroupKind }))}>
          <option value="all">all of</option>
          <option value="any">any of</option>
        </select>
        <span className="muted">these:</span>
        <span className="spacer" />
        <button type="button" className="small" onClick={() => change(toggleNegation(editor.root, { path }))} title="Match customers this group does NOT match">
          NOT
        </button>
        {onRemove && (
          <button type="button" className="small danger" onClick={onRemove} aria-label="Remove this group">
            Remove group
          </button>
        )}
      </div>
      <ProblemMessages problems={problems} />
      {children.length === 0 && (
        <p className="muted small">{kind === 'all' ? 'No rules yet: every customer matches.' : 'An "any of" group needs at least one rule.'}</p>
      )}
      <ol className="condition-children">
        {children.map((_, index) => {
          const childPath = [...path, index];
          return (
            <li key={index}>
              {index > 0 && <span className="joiner">{kind === 'all' ? 'and' : 'or'}</span>}
              <ConditionNode path={childPath} onRemove={() => change(removeConditionNode(editor.root, { path: childPath }))} />
            </li>
          );
        })}
      </ol>
      <div className="condition-group-actions">
        <button type="button" className="small" onClick={() => change(addConditionChild(editor.root, { path, child: createStarterRule(editor.catalogue, editor.scope) }))}>
          + Rule
        </button>
        <button
          type="button"
          className="small"
          onClick={() => change(addConditionChild(editor.root, { path, child: { any: [createStarterRule(editor.catalogue, editor.scope)] } }))}
        >
          + Group
        </button>
      </div>
    </div>
  );
}
