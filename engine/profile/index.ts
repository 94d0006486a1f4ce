export { createCustomer, type NewCustomerInput } from './customer-document';
export { applyEventToCustomer } from './customer-profile';
export { mergeCustomers } from './customer-merge';
export { attributesOfEvent, countedEventName, eventsNamedFilter, type ProfileEvent } from './profile-event';
export { stampOfEvent, timeOfStamp, toEventTime, type EventStamp } from './event-stamp';
export {
  combineAttributes,
  eraseAttributes,
  isSafeAttributeKey,
  maxAttributeDepth,
  mergeAttributes,
  type AttributeState,
  type StampMap,
  type StampNode,
} from './attribute-tree';
export {
  builtInTraitNames,
  createBuiltInTraits,
  orderCompletedEvent,
  orderRefundedEvent,
  type BuiltInTraits,
} from './built-in-traits';
export { amountOfOrder, fromMicros, microsPerUnit, toMicros } from './money-amount';
export {
  combineOrderLedgers,
  countOrderDays,
  createOrderLedger,
  maxOrderDays,
  netMicros,
  recordOrder,
  recordRefund,
  type FoldedOrderDays,
  type OrderDay,
  type OrderLedger,
} from './order-ledger';
export { createProfileMeta, readProfileMeta, type ProfileMeta } from './profile-meta';
export { readLedger, withLedgerChanges, withMergedLedgers, type ChangeLedger, type LedgerKind } from './change-ledger';
export { loyaltyPointsAttribute, maxPointsChanges, pointsLedger, readLoyaltyPoints } from './points-ledger';
export { applyTagChange, readTags, tagChangesOf, tagLedger, tagsAttribute, type TagChange } from './tag-ledger';
export {
  defaultPageSize,
  findCustomerByUserId,
  listCustomerEvents,
  listCustomers,
  maxPageSize,
  toCustomerView,
  type CustomerEventPage,
  type CustomerPage,
  type CustomerView,
} from './customer-directory';
export { readCustomerHistory, type CustomerHistory } from './customer-history';
export { decodeCursor, encodeCursor } from './page-cursor';
export { stampAt, writeCustomerAttributes, type AttributeChange } from './attribute-write';
