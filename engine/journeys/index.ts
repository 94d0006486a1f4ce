/**
 * engine/journeys — journey documents, validation, compilation to xstate, the durable runtime
 * (ingestion stage, timers, outbox) and simulation. docs/journeys.md documents the format and model.
 */
export { enterJourney, type ApiEntryRequest, type ApiEntryResult } from './api-entry';
export { consentChannels, defaultConsent, hasConsent, refusesOutright } from './channel-consent';
export { nextCronOccurrence, parseCronExpression, type CronExpression } from './cron-expression';
export {
  changeCustomerTags,
  changeLoyaltyPoints,
  lifecycleStageAttribute,
  loyaltyPointsAttribute,
  readLoyaltyPoints,
  readTags,
  setCustomerLifecycleStage,
  tagsAttribute,
  updateCustomerAttributes,
} from './customer-changes';
export { renderAttributeValues, type AttributeRenderFailure, type AttributeTemplateInput, type RenderedAttributeValues } from './attribute-templates';
export { addDuration, anniversaryIn, computeDelayDueTime, readLocalDate, subtractDuration, type DelayClock, type DelayDueTime } from './delay-due-time';
export { executeStep, type ExecutedStep, type StepExecution } from './effect-executor';
export { nextScheduledRun } from './entry-schedule';
export { countRecentSends, findExceededCap, recordSend, sendLogKey, sendLogLimit, sendLogRetentionDays } from './frequency-cap';
export { newInstanceId } from './instance-id';
export { forgetLiveJourneys, loadCompiledJourney, loadLiveJourneys, type EntryRoute, type LiveJourneys } from './journey-catalog';
export { customersCollection, journeyCollectionNames, journeyCollections } from './journey-collections';
export { historyChunks, historyChunkSteps, historyInstanceLimit, readJourneyHistory, type InstanceHistory } from './journey-history';
export { compileJourneyConditions, conditionKey, listJourneyConditions, type JourneyConditions, type JourneyConditionSite } from './journey-conditions';
export {
  actionKinds,
  exitedStateId,
  idleStateId,
  indexJourneyGraph,
  isEndingGoal,
  journeyVersionKey,
  messageKinds,
  waitingKinds,
  type Journey,
  type JourneyGraph,
  type JourneyState,
  type JourneyStateKind,
  type JourneyTransition,
} from './journey-document';
export type { JourneyEffect, JourneyEffectKind } from './journey-effect';
export { isEntryTriggeredBy, startJourneyInstance, type EntryAttempt, type EntryOutcome } from './journey-entry';
export { nameOfEvent, segmentEnteredEvent, segmentExitedEvent, segmentOfEvent, type JourneyEvent } from './journey-event';
export { checkJourneyGraph, journeyLimits } from './journey-graph-check';
export {
  appendPath,
  instanceFromPresence,
  instancePathLimit,
  isInstancePresence,
  readPresence,
  toPresence,
  withPresence,
  type InstancePresence,
  type JourneyInstance,
  type PathStep,
} from './journey-instance';
export {
  compileJourney,
  isCountedState,
  machineEvents,
  type CompiledJourney,
  type JourneyMachineContext,
  type JourneyMachineEvent,
  type StepFacts,
} from './journey-machine';
export { observeJourneySteps, type JourneyObserver, type ObservedStep } from './journey-observer';
export { channelTemplateFields, checkJourneyParams, paramLimits } from './journey-params-check';
export { summarizeJourney, type JourneyReport, type VariantReport } from './journey-report';
export type { JourneyRuntime } from './journey-runtime';
export {
  simulateJourney,
  type SimulatedAction,
  type SimulatedEvent,
  type SimulationOptions,
  type SimulationResult,
} from './journey-simulation';
export {
  isListeningFor,
  maxMicrostepsPerStep,
  stepJourney,
  type CompactSnapshot,
  type InstanceStatus,
  type JourneyInput,
  type StepContext,
  type StepResult,
} from './journey-step';
export { validateJourney, type JourneyValidationOptions, type ValidatedJourney } from './journey-validation';
export { archiveJourney, listJourneyVersions, loadJourneyVersion, planJourneyPublish, publishJourney, saveJourneyDraft } from './journey-versions';
export { applyEventToJourneys, entryEventMaxAgeMs, journeysStage, type JourneyEventOutcome } from './journeys-stage';
export {
  claimDueMessages,
  markMessageFailed,
  markMessageSent,
  markMessageUncertain,
  recoverExpiredMessages,
  resolveUncertainMessage,
  uncertainOnExpiry,
  type MessageClaimOptions,
  type UncertainResolution,
} from './message-delivery';
export { channelOfState, planMessage, renderMessagePayload, type MessagePlanInput } from './message-planner';
export {
  messageHistoryLimit,
  messageKeyOf,
  type FollowUpTask,
  type MessageChannel,
  type MessageHistoryEntry,
  type MessagePayload,
  type MessageReason,
  type MessageRecord,
  type MessageStatus,
} from './message-record';
export { defaultQuietChannels, isQuietChannel, quietHoursEnd } from './quiet-hours';
export { decideReentry, defaultReentryPolicy, type ReentryDecision } from './reentry-policy';
export { sampleCustomer } from './sample-customer';
export { fireScheduleTimer, scheduleWrites } from './scheduled-entry';
export { takeSendToken, windowLengthOf, type SendRateWindow } from './send-rate-limiter';
export { assignVariant, hashToUnit, pickWeightedBranch } from './split-assignment';
export { catalogDocumentId, journeyDocumentId, toJourneyDocument, type JourneyCatalogDocument, type StoredJourney } from './stored-journey';
export {
  findTemplateUsage,
  freezeTemplateRefs,
  frozenContentOf,
  isTemplateRef,
  listTemplateRefs,
  readFrozenTemplates,
  type TemplateRefSite,
} from './template-refs';
export { defaultTimeZone, isValidTimeZone, resolveTimeZone } from './time-zone';
export { instanceTimerId, scheduleTimerId, type TimerEvent, type TimerRecord } from './timer-record';
export { claimDueTimers, fireDueTimers, fireTimer, type TimerClaimOptions, type TimerFireResult } from './timer-worker';
export { contactOf, type MessageContact } from './message-contact';
export { messageLinksOf, unsubscribePath, type MessageLinkSubject } from './message-links';
export { makeUnsubscribeToken, readUnsubscribeToken, type UnsubscribeClaim } from './unsubscribe-token';
export { unsubscribeByLink, type UnsubscribeOutcome } from './unsubscribe-request';
