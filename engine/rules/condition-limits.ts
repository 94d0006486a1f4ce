/**
 * Limits on a condition's size, so one segment cannot make every ingestion stage, every batch
 * recompute and every MongoDB query expensive. Each is configurable per call of checkCondition.
 */
export interface ConditionLimits {
  /** Deepest nesting: the root is level 1, each all / any / not adds one. */
  maxDepth: number;
  /** Most nodes (groups and fact tests together). */
  maxNodes: number;
  /** Longest list operand (in, notIn, containsAll, containsAny, containsNone). */
  maxListLength: number;
  /** Longest text operand, and longest name, in characters. */
  maxStringLength: number;
  /** Largest whole condition, as JSON text in bytes (UTF-8). */
  maxBytes: number;
}

export const defaultConditionLimits: Readonly<ConditionLimits> = Object.freeze({
  maxDepth: 8,
  maxNodes: 256,
  maxListLength: 1000,
  maxStringLength: 1024,
  maxBytes: 65_536,
});
