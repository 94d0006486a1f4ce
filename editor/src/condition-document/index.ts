/**
 * A condition as the builder edits it: pure commands over json-rules-engine's JSON format, the
 * operators and value inputs a fact takes, and problems attached to the node they point at.
 */
export {
  addConditionChild,
  childrenOf,
  findConditionNode,
  groupKindOf,
  isGroup,
  isNot,
  isRule,
  keyOfPath,
  removeConditionNode,
  replaceConditionNode,
  setGroupKind,
  toggleNegation,
  updateConditionRule,
  type ConditionPath,
  type ConditionStep,
  type GroupKind,
} from './condition-commands';
export { groupConditionProblems, locateConditionPointer, type ConditionProblem } from './condition-problems';
export {
  chooseValueEditor,
  defaultValueFor,
  fillWildcards,
  formatListText,
  groupFacts,
  isFactPattern,
  isValueFitting,
  listOperatorsForFact,
  parseListText,
  readWildcardParts,
  type ValueEditor,
  type ValueType,
} from './fact-options';
export { describeFact, toEngineCatalogue } from './workspace-catalogue';
