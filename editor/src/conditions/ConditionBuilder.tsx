import type { Condition } from '../../../engine/rules/index';
import type { ConditionProblem } from '../condition-document/index';
import type { FactCatalogue } from '../../../schemas/types';
import { ConditionNode } from './ConditionNode';
import { ConditionEditorContext } from './condition-editor-context';

export interface ConditionBuilderProps {
  value: Condition;
  onChange(next: Condition): void;
  /** The workspace's facts and operators (GET /api/facts); the builder waits for them. */
  catalogue: FactCatalogue | null;
  /** `event` in journey triggers, branches and waits, where `event.*` facts exist too. */
  scope: 'customer' | 'event';
  /** Problems by node key (keyOfPath), from the engine's check or the server. */
  problems: ReadonlyMap<string, ConditionProblem[]>;
  /** Prefix of element ids, unique on the page. */
  idPrefix: string;
  /** Accessible name of the whole condition. */
  label: string;
}

/**
 * Builds a condition as nested "all of" / "any of" groups of rules, each rule a fact picked from the
 * catalogue, an operator its type accepts, and a value input fitting the operator.
 */
export function ConditionBuilder({ value, onChange, catalogue, scope, problems, idPrefix, label }: ConditionBuilderProps) {
  if (!catalogue) return <p className="muted">Loading the facts you can use…</p>;
  return (
    <ConditionEditorContext.Provider value={{ root: value, onChange, catalogue, scope, problems, idPrefix }}>
      <div className="condition-builder" role="group" aria-label={label}>
        <ConditionNode path={[]} />
      </div>
    </ConditionEditorContext.Provider>
  );
}
