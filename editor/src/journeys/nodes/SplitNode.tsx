import type { NodeProps } from '@xyflow/react';
import type { StateNode } from '../../journey-document/index';
import { StateNodeFrame } from './StateNodeFrame';

/** A split: one way out per branch. */
export function SplitNode(props: NodeProps<StateNode>) {
  return <StateNodeFrame {...props} icon="⑂" kindLabel="Split" />;
}
