import type { NodeProps } from '@xyflow/react';
import type { StateNode } from '../../journey-document/index';
import { StateNodeFrame } from './StateNodeFrame';

/** A wait: customers rest here until an event happens or the wait times out. */
export function WaitNode(props: NodeProps<StateNode>) {
  return <StateNodeFrame {...props} icon="⧗" kindLabel="Wait for event" />;
}
