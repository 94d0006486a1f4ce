import type { ConditionProblem } from '../../condition-document/index';
import type { JourneyState } from '../../../../schemas/types';

/** What the side panel gives the parameter form of one state kind. */
export interface ParamsFormProps<S extends JourneyState = JourneyState> {
  state: S;
  /** Replaces the params; `field` names the input, so a burst of typing in it is one undo step. */
  onParams(params: S['params'], field: string): void;
  /** Messages of the problems pointing at or under `/params<rest>` of this state (`exact`: at it only). */
  problemsAt(rest: string, options?: { exact?: boolean }): string[];
  /** Problems of a condition under `/params<rest>`, by builder node. */
  conditionProblems(rest: string): ReadonlyMap<string, ConditionProblem[]>;
}

/** The state kinds with a given kind, for typing a form's props. */
export type StateOfKind<K extends JourneyState['kind']> = Extract<JourneyState, { kind: K }>;
