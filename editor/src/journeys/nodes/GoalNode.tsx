import type { NodeProps } from '@xyflow/react';
import type { StateNode } from '../../journey-document/index';
import { StateNodeFrame } from './StateNodeFrame';

/** A goal: the conversion the journey is measured by. */
export function GoalNode(props: NodeProps<StateNode>) {
  return <StateNodeFrame {...props} icon="⚑" kindLabel="Goal" />;
}
