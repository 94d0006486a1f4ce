import type { NodeProps } from '@xyflow/react';
import type { StateNode } from '../../journey-document/index';
import { StateNodeFrame } from './StateNodeFrame';

/** A webhook call. */
export function WebhookNode(props: NodeProps<StateNode>) {
  return <StateNodeFrame {...props} icon="⇄" kindLabel="Webhook" />;
}
