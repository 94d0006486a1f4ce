import type { NodeProps } from '@xyflow/react';
import type { StateNode } from '../../journey-document/index';
import { StateNodeFrame } from './StateNodeFrame';

/** An exit: the customer leaves the journey. */
export function ExitNode(props: NodeProps<StateNode>) {
  return <StateNodeFrame {...props} icon="■" kindLabel="Exit" />;
}
