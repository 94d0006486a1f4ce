import type { NodeProps } from '@xyflow/react';
import type { StateNode } from '../../journey-document/index';
import { StateNodeFrame } from './StateNodeFrame';

/** An entry state: where customers come in. */
export function EntryNode(props: NodeProps<StateNode>) {
  return <StateNodeFrame {...props} icon="▶" kindLabel="Entry" />;
}
