import type { NodeProps } from '@xyflow/react';
import type { StateNode } from '../../journey-document/index';
import { StateNodeFrame } from './StateNodeFrame';

const channels: Record<string, { icon: string; label: string }> = {
  email: { icon: '✉', label: 'Send email' },
  sms: { icon: '✆', label: 'Send SMS' },
  push: { icon: '◉', label: 'Send push' },
  webhook: { icon: '⇄', label: 'Send webhook' },
  log: { icon: '≡', label: 'Write to log' },
};

/** A message to the customer: email, SMS, push (the channel decides the icon). */
export function SendNode(props: NodeProps<StateNode>) {
  const state = props.data.state;
  const channel = channels[state.kind === 'send' ? state.params.channel : 'email'] ?? channels.email;
  return <StateNodeFrame {...props} icon={channel.icon} kindLabel={channel.label} />;
}
