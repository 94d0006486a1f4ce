import type { NodeTypes } from '@xyflow/react';
import { DelayNode } from './DelayNode';
import { EntryNode } from './EntryNode';
import { ExitNode } from './ExitNode';
import { GoalNode } from './GoalNode';
import { LifecycleStageNode } from './LifecycleStageNode';
import { LoyaltyNode } from './LoyaltyNode';
import { SendNode } from './SendNode';
import { SplitNode } from './SplitNode';
import { TagsNode } from './TagsNode';
import { TaskNode } from './TaskNode';
import { UpdateAttributesNode } from './UpdateAttributesNode';
import { WaitNode } from './WaitNode';
import { WebhookNode } from './WebhookNode';

/** One node component per state kind; defined once, so the canvas never sees a new object. */
export const nodeTypes: NodeTypes = {
  entry: EntryNode,
  delay: DelayNode,
  wait: WaitNode,
  split: SplitNode,
  send: SendNode,
  webhook: WebhookNode,
  'update-attributes': UpdateAttributesNode,
  tags: TagsNode,
  loyalty: LoyaltyNode,
  'lifecycle-stage': LifecycleStageNode,
  task: TaskNode,
  goal: GoalNode,
  exit: ExitNode,
};
