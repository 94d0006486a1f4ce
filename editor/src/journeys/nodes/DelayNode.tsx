import type { NodeProps } from '@xyflow/react';
import type { StateNode } from '../../journey-document/index';
import { StateNodeFrame } from './StateNodeFrame';

/** A delay: customers rest here until the time is up. */
export function DelayNode(props: NodeProps<StateNode>) {
  return <StateNodeFrame {...props} icon="◷" kindLabel="Delay" />;
}
