import type { NodeProps } from '@xyflow/react';
import type { StateNode } from '../../journey-document/index';
import { StateNodeFrame } from './StateNodeFrame';

/** A change of the customer's attributes. */
export function UpdateAttributesNode(props: NodeProps<StateNode>) {
  return <StateNodeFrame {...props} icon="✎" kindLabel="Update attributes" />;
}
