import { findConditionNode, isGroup, isNot, keyOfPath, toggleNegation, type ConditionPath } from '../condition-document/index';
import { ConditionGroup } from './ConditionGroup';
import { ConditionRule } from './ConditionRule';
import { useConditionEditor } from './condition-editor-context';
import { ProblemMessages } from './ProblemMessages';

/** One node of a condition: a group, a rule, or a negated one of those. */
export function ConditionNode({ path, onRemove }: { path: ConditionPath; onRemove?: () => void }) {
  const editor = useConditionEditor();
  const node = findConditionNode(editor.root, path);
  if (!node) return null;
  if (isNot(node)) {
    const innerPath = [...path, 'not' as const];
    return (
      <div className="condition-not">
        <div className="condition-not-bar">
          <span className="pill not-pill">NOT</span>
          <button type="button" className="link" onClick={() => editor.onChange(toggleNegation(editor.root, { path }))}>
            remove NOT
          </button>
        </div>
        <ProblemMessages problems={editor.problems.get(keyOfPath(path)) ?? []} />
        <ConditionNode path={innerPath} onRemove={onRemove} />
      </div>
    );
  }
  if (isGroup(node)) return <ConditionGroup path={path} onRemove={onRemove} />;
  return <ConditionRule path={path} onRemove={onRemove} />;
}
