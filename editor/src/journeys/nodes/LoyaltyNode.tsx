import type { NodeProps } from '@xyflow/react';
import type { StateNode } from '../../journey-document/index';
import { StateNodeFrame } from './StateNodeFrame';

/** Loyalty points awarded or redeemed. */
export function LoyaltyNode(props: NodeProps<StateNode>) {
  return <StateNodeFrame {...props} icon="★" kindLabel="Loyalty points" />;
}
