import { createContext, useContext } from 'react';
import type { Condition } from '../../../engine/rules/index';
import type { ConditionProblem } from '../condition-document/index';
import type { FactCatalogue } from '../../../schemas/types';

/** What every node of one condition builder shares. */
export interface ConditionEditor {
  root: Condition;
  onChange(next: Condition): void;
  catalogue: FactCatalogue;
  scope: 'customer' | 'event';
  problems: ReadonlyMap<string, ConditionProblem[]>;
  idPrefix: string;
}

export const ConditionEditorContext = createContext<ConditionEditor | null>(null);

/** The builder a node belongs to. */
export function useConditionEditor(): ConditionEditor {
  const editor = useContext(ConditionEditorContext);
  if (!editor) throw new Error('Condition nodes render inside <ConditionBuilder>.');
  return editor;
}
