import type { FactCondition } from '../../../engine/rules/index';
import {
  chooseValueEditor,
  defaultValueFor,
  describeFact,
  findConditionNode,
  isValueFitting,
  keyOfPath,
  listOperatorsForFact,
  toggleNegation,
  updateConditionRule,
  type ConditionPath,
} from '../condition-document/index';
import { useConditionEditor } from './condition-editor-context';
import { FactPicker } from './FactPicker';
import { ProblemMessages } from './ProblemMessages';
import { ValueInput } from './ValueInput';

function formatExample(example: unknown): string {
  return typeof example === 'string' ? example : JSON.stringify(example);
}

/** One rule: fact, operator and value, with the problems pointing at it. */
export function ConditionRule({ path, onRemove }: { path: ConditionPath; onRemove?: () => void }) {
  const editor = useConditionEditor();
  const rule = findConditionNode(editor.root, path) as FactCondition;
  const key = keyOfPath(path);
  const id = `${editor.idPrefix}-rule-${key || 'root'}`;
  const problems = editor.problems.get(key) ?? [];
  const fact = describeFact(editor.catalogue, rule.fact);
  const operators = listOperatorsForFact(fact, editor.catalogue.operators);
  const operator = editor.catalogue.operators.find((candidate) => candidate.name === rule.operator);
  const valueEditor = chooseValueEditor(fact, operator);
  const isFieldWrong = (field: string) => problems.some((problem) => problem.field === field);

  const changeFact = (nextPath: string) => {
    const nextFact = describeFact(editor.catalogue, nextPath);
    const allowed = listOperatorsForFact(nextFact, editor.catalogue.operators);
    const nextOperator = allowed.find((candidate) => candidate.name === rule.operator) ?? allowed[0];
    const nextEditor = chooseValueEditor(nextFact, nextOperator);
    const value = isValueFitting(rule.value, nextEditor) ? rule.value : defaultValueFor(nextFact, nextOperator);
    editor.onChange(updateConditionRule(editor.root, { path, fact: nextPath, operator: nextOperator?.name ?? rule.operator, value }));
  };
  const changeOperator = (name: string) => {
    const nextOperator = editor.catalogue.operators.find((candidate) => candidate.name === name);
    const nextEditor = chooseValueEditor(fact, nextOperator);
    const value = isValueFitting(rule.value, nextEditor) ? rule.value : defaultValueFor(fact, nextOperator);
    editor.onChange(updateConditionRule(editor.root, { path, operator: name, value }));
  };

  return (
    <div className={`condition-rule ${problems.length > 0 ? 'has-problem' : ''}`} data-condition-path={key}>
      <div className="condition-rule-fields">
        <FactPicker id={`${id}-fact`} value={rule.fact} invalid={isFieldWrong('fact')} onChange={changeFact} />
        <select
          id={`${id}-operator`}
          aria-label="Operator"
          value={rule.operator}
          aria-invalid={isFieldWrong('operator')}
          onChange={(event) => changeOperator(event.target.value)}
        >
          {!operators.some((candidate) => candidate.name === rule.operator) && <option value={rule.operator}>{rule.operator} (not for this fact)</option>}
          {operators.map((candidate) => (
            <option key={candidate.name} value={candidate.name} title={candidate.description}>
              {candidate.label}
            </option>
          ))}
        </select>
        <ValueInput
          id={`${id}-value`}
          editor={valueEditor}
          value={rule.value}
          fact={fact}
          allowFactReference={operator?.comparesFacts ?? false}
          invalid={isFieldWrong('value')}
          onChange={(value) => editor.onChange(updateConditionRule(editor.root, { path, value }))}
        />
        <button type="button" className="small" onClick={() => editor.onChange(toggleNegation(editor.root, { path }))} title="Match customers this rule does NOT match">
          NOT
        </button>
        {onRemove && (
          <button type="button" className="small icon danger" onClick={onRemove} aria-label={`Remove rule on ${rule.fact}`}>
            ×
          </button>
        )}
      </div>
      {fact && (
        <p className="fact-help">
          <span className="type-badge">{fact.type === 'array' && fact.items ? `list of ${fact.items}` : fact.format === 'date' ? 'date' : fact.type}</span> {fact.description}
          {fact.examples.length > 0 && <span className="muted"> e.g. {fact.examples.slice(0, 3).map(formatExample).join(', ')}</span>}
          {operator && <span className="muted"> · {operator.description}</span>}
        </p>
      )}
      <ProblemMessages problems={problems} id={`${id}-problems`} />
    </div>
  );
}
