/**
 * server/workers — the delivery worker: fires journey timers, delivers the outbox through the
 * channels with leases and idempotency keys, recovers what crashed workers left; plus the channel
 * configs it delivers with and the message log it keeps. docs/delivery.md describes the guarantees.
 */
export { createConfiguredWorker, type ConfiguredWorker, type ConfiguredWorkerOptions } from './configured-worker';
export { deliverClaimedMessage, type DeliveryContext, type DeliveryOutcome } from './delivery-attempt';
export { DeliveryWorker, type DeliveryWorkerOptions, type DeliveryWorkerStats, type WorkerLogLevel } from './delivery-worker';
export { findDefaultWorkspaceId, readEnvironmentChannelConfig } from './environment-channel-config';
export { explainMessage, findMessage, listMessages, maxMessagePageSize, type MessagePage, type MessageQuery } from './message-log';
export { clockOffsetVariable, createOffsetClock, readClockOffset } from './offset-clock';
export { channelNameOf, toOutboundMessage } from './outbound-message';
export {
  channelConfigCollectionName,
  channelConfigCollections,
  deleteChannelConfig,
  loadChannelConfig,
  redactChannelConfig,
  saveChannelConfig,
  type ChannelEnvironment,
  type StoredChannelConfig,
} from './stored-channel-config';
export { readWorkerConfig, type WorkerConfig } from './worker-config';
export { newWorkerId } from './worker-identity';
export { WorkspaceChannels, type ChannelLease, type ChannelProblem, type WorkspaceChannelsOptions } from './workspace-channels';
