/**
 * Commands over a condition in json-rules-engine's JSON format (`all` / `any` / `not` groups and
 * `fact` / `operator` / `value` rules): pure `(condition, args) => condition` functions. A node is
 * named by its path from the root: an index inside an `all` / `any` group, `'not'` for the one
 * condition a `not` holds.
 */
import type { Condition, FactCondition } from '../../../engine/rules/index';

export type ConditionStep = number | 'not';
export type ConditionPath = readonly ConditionStep[];
export type GroupKind = 'all' | 'any';

export function isGroup(node: Condition): node is Extract<Condition, { all: unknown }> | Extract<Condition, { any: unknown }> {
  return 'all' in node || 'any' in node;
}

export function isNot(node: Condition): node is Extract<Condition, { not: unknown }> {
  return 'not' in node;
}

export function isRule(node: Condition): node is FactCondition {
  return 'fact' in node;
}

/** The children of a group (empty for anything else). */
export function childrenOf(node: Condition): readonly Condition[] {
  if ('all' in node) return node.all;
  if ('any' in node) return node.any;
  return [];
}

/** The kind of a group, or null. */
export function groupKindOf(node: Condition): GroupKind | null {
  if ('all' in node) return 'all';
  if ('any' in node) return 'any';
  return null;
}

/** The node at a path, or undefined. */
export function findConditionNode(root: Condition, path: ConditionPath): Condition | undefined {
  let node: Condition | undefined = root;
  for (const step of path) {
    if (!node) return undefined;
    if (step === 'not') node = isNot(node) ? node.not : undefined;
    else node = childrenOf(node)[step];
  }
  return node;
}

function withChildren(group: Condition, children: Condition[]): Condition {
  // An empty `any` is not a valid condition; it stays visible so the check can say so next to it.
  return ('all' in group ? { ...group, all: children } : { ...group, any: children }) as Condition;
}

/** Replaces the node at a path (the root for an empty path); an unknown path changes nothing. */
export function replaceConditionNode(root: Condition, path: ConditionPath, replacement: Condition): Condition {
  if (path.length === 0) return replacement;
  const [step, ...rest] = path;
  if (step === 'not') {
    if (!isNot(root)) return root;
    const inner = replaceConditionNode(root.not, rest, replacement);
    return inner === root.not ? root : { ...root, not: inner };
  }
  const children = childrenOf(root);
  if (!isGroup(root) || step < 0 || step >= children.length) return root;
  const child = replaceConditionNode(children[step], rest, replacement);
  if (child === children[step]) return root;
  return withChildren(root, children.map((existing, i) => (i === step ? child : existing)));
}

/** Adds a condition at the end of the group at `path`. */
export function addConditionChild(root: Condition, args: { path: ConditionPath; child: Condition }): Condition {
  const group = findConditionNode(root, args.path);
  if (!group || !isGroup(group)) return root;
  return replaceConditionNode(root, args.path, withChildren(group, [...childrenOf(group), args.child]));
}

/** Removes the node at `path` from its group; the root, or a `not`'s only child, takes its `not` with it. */
export function removeConditionNode(root: Condition, args: { path: ConditionPath }): Condition {
  const path = [...args.path];
  while (path.length > 0 && path[path.length - 1] === 'not') path.pop();
  if (path.length === 0) return root;
  const index = path[path.length - 1] as number;
  const parentPath = path.slice(0, -1);
  const parent = findConditionNode(root, parentPath);
  if (!parent || !isGroup(parent) || index >= childrenOf(parent).length) return root;
  return replaceConditionNode(root, parentPath, withChildren(parent, childrenOf(parent).filter((_, i) => i !== index)));
}

/** Switches a group between "all of" and "any of", keeping its conditions. */
export function setGroupKind(root: Condition, args: { path: ConditionPath; kind: GroupKind }): Condition {
  const group = findConditionNode(root, args.path);
  if (!group || !isGroup(group) || groupKindOf(group) === args.kind) return root;
  const { all: _all, any: _any, ...rest } = group as { all?: Condition[]; any?: Condition[] } & Record<string, unknown>;
  return replaceConditionNode(root, args.path, { ...rest, [args.kind]: [...childrenOf(group)] } as unknown as Condition);
}

/** Wraps the node at a path in a `not`, or unwraps it when it is one. */
export function toggleNegation(root: Condition, args: { path: ConditionPath }): Condition {
  const node = findConditionNode(root, args.path);
  if (!node) return root;
  return replaceConditionNode(root, args.path, isNot(node) ? node.not : { not: node });
}

/** Changes a rule's fact, operator or value (a `path` / `params` the rule had stays). */
export function updateConditionRule(root: Condition, args: { path: ConditionPath; fact?: string; operator?: string; value?: unknown }): Condition {
  const rule = findConditionNode(root, args.path);
  if (!rule || !isRule(rule)) return root;
  const next = { ...rule } as FactCondition & Record<string, unknown>;
  if (args.fact !== undefined) next.fact = args.fact;
  if (args.operator !== undefined) next.operator = args.operator;
  if ('value' in args) next.value = args.value as FactCondition['value'];
  if (next.fact === rule.fact && next.operator === rule.operator && next.value === rule.value) return root;
  return replaceConditionNode(root, args.path, next as Condition);
}

/** The key a node's problems are grouped under: its path joined with dots (`''` is the root). */
export function keyOfPath(path: ConditionPath): string {
  return path.join('.');
}
