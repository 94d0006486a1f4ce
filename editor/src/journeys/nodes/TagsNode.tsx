import type { NodeProps } from '@xyflow/react';
import type { StateNode } from '../../journey-document/index';
import { StateNodeFrame } from './StateNodeFrame';

/** Tags added to or removed from the customer. */
export function TagsNode(props: NodeProps<StateNode>) {
  return <StateNodeFrame {...props} icon="#" kindLabel="Tags" />;
}
