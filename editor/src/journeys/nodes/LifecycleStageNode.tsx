import type { NodeProps } from '@xyflow/react';
import type { StateNode } from '../../journey-document/index';
import { StateNodeFrame } from './StateNodeFrame';

/** A move of the customer to a lifecycle stage. */
export function LifecycleStageNode(props: NodeProps<StateNode>) {
  return <StateNodeFrame {...props} icon="◎" kindLabel="Lifecycle stage" />;
}
