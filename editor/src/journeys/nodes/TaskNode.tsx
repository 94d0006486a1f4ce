import type { NodeProps } from '@xyflow/react';
import type { StateNode } from '../../journey-document/index';
import { StateNodeFrame } from './StateNodeFrame';

/** A task created in a CRM. */
export function TaskNode(props: NodeProps<StateNode>) {
  return <StateNodeFrame {...props} icon="☑" kindLabel="Task" />;
}
