/**
 * engine/rules — the condition language: json-rules-engine's JSON format, the operator table, type
 * checking against the fact catalogue, and compilation to a predicate and a MongoDB filter.
 * docs/conditions.md documents the language.
 */
export {
  isAllCondition,
  isAnyCondition,
  isFactCondition,
  isFactReference,
  isNotCondition,
  listFactConditions,
  type AllCondition,
  type AnyCondition,
  type Condition,
  type FactCondition,
  type FactReference,
  type NotCondition,
} from './condition';
export { checkCondition, type CheckOptions } from './condition-checker';
export { defaultConditionLimits, type ConditionLimits } from './condition-limits';
export {
  compileCondition,
  type CompileOptions,
  type CompiledCondition,
  type CustomerCompiledCondition,
  type EvaluationContext,
  type EventCompiledCondition,
} from './compiled-condition';
export {
  createFactCatalogue,
  describeConditionLanguage,
  extendFactCatalogue,
  findFact,
  type CustomTraitFact,
  type FactCatalogue,
  type FactCatalogueOptions,
  type FactDefinition,
  type ObservedAttribute,
} from './fact-catalogue';
export { factTypes, inferFactType, type ElementType, type FactType } from './fact-type';
export { createFactReader, type FactReader } from './condition-predicate';
export { resolvePath } from './fact-path';
export type { MongoFilter } from './filter-algebra';
export { observeAttributes, type ObserveOptions } from './observed-attributes';
export {
  findOperator,
  isOperatorName,
  listOperators,
  operatorNames,
  type OperandKind,
  type OperatorDefinition,
  type OperatorDescription,
  type OperatorName,
} from './operator-table';
export { addReferenceRule, createReferenceEngine, evaluateWithReference, runReferenceEngine } from './reference-engine';
