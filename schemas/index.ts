/**
 * Every JSON Schema of Wayfarer. The schemas are the single source of truth for the documents that
 * cross a boundary; `schemas/types.ts` is generated from them (`npm run schemas:types`).
 *
 * Imported statically (not read from disk) so the editor's bundle gets them too. Adding a schema file:
 * import it here; tests/schemas/schemas.test.ts fails when a file is missing from this list.
 */
import channelConfig from './channel-config.schema.json' with { type: 'json' };
import clvModel from './clv-model.schema.json' with { type: 'json' };
import condition from './condition.schema.json' with { type: 'json' };
import customer from './customer.schema.json' with { type: 'json' };
import customerEventPage from './customer-event-page.schema.json' with { type: 'json' };
import customerJourneyHistory from './customer-journey-history.schema.json' with { type: 'json' };
import customerPage from './customer-page.schema.json' with { type: 'json' };
import journey from './journey.schema.json' with { type: 'json' };
import messageResolution from './message-resolution.schema.json' with { type: 'json' };
import messageTemplate from './message-template.schema.json' with { type: 'json' };
import problem from './problem.schema.json' with { type: 'json' };
import alias from './alias.schema.json' with { type: 'json' };
import apiKey from './api-key.schema.json' with { type: 'json' };
import apiKeyRequest from './api-key-request.schema.json' with { type: 'json' };
import batch from './batch.schema.json' with { type: 'json' };
import event from './event.schema.json' with { type: 'json' };
import group from './group.schema.json' with { type: 'json' };
import health from './health.schema.json' with { type: 'json' };
import identify from './identify.schema.json' with { type: 'json' };
import ingestResult from './ingest-result.schema.json' with { type: 'json' };
import messageFields from './message-fields.schema.json' with { type: 'json' };
import page from './page.schema.json' with { type: 'json' };
import screen from './screen.schema.json' with { type: 'json' };
import track from './track.schema.json' with { type: 'json' };
import workspace from './workspace.schema.json' with { type: 'json' };
import channelConfigView from './channel-config-view.schema.json' with { type: 'json' };
import journeyAnalytics from './journey-analytics.schema.json' with { type: 'json' };
import journeyEntry from './journey-entry.schema.json' with { type: 'json' };
import journeyEntryRequest from './journey-entry-request.schema.json' with { type: 'json' };
import journeyList from './journey-list.schema.json' with { type: 'json' };
import journeySimulation from './journey-simulation.schema.json' with { type: 'json' };
import journeySimulationRequest from './journey-simulation-request.schema.json' with { type: 'json' };
import journeyValidation from './journey-validation.schema.json' with { type: 'json' };
import journeyVersion from './journey-version.schema.json' with { type: 'json' };
import journeyVersionList from './journey-version-list.schema.json' with { type: 'json' };
import message from './message.schema.json' with { type: 'json' };
import messagePage from './message-page.schema.json' with { type: 'json' };
import factCatalogue from './fact-catalogue.schema.json' with { type: 'json' };
import segment from './segment.schema.json' with { type: 'json' };
import segmentInput from './segment-input.schema.json' with { type: 'json' };
import segmentList from './segment-list.schema.json' with { type: 'json' };
import segmentPreview from './segment-preview.schema.json' with { type: 'json' };
import segmentPreviewRequest from './segment-preview-request.schema.json' with { type: 'json' };
import segmentSizes from './segment-sizes.schema.json' with { type: 'json' };
import segmentVersionList from './segment-version-list.schema.json' with { type: 'json' };
import clvFitRequest from './clv-fit-request.schema.json' with { type: 'json' };
import trait from './trait.schema.json' with { type: 'json' };
import traitDefinition from './trait-definition.schema.json' with { type: 'json' };
import traitSettings from './trait-settings.schema.json' with { type: 'json' };
import rulePack from './rule-pack.schema.json' with { type: 'json' };
import rulePackImport from './rule-pack-import.schema.json' with { type: 'json' };
import rulePackValidation from './rule-pack-validation.schema.json' with { type: 'json' };
import template from './template.schema.json' with { type: 'json' };
import templateInput from './template-input.schema.json' with { type: 'json' };
import templateList from './template-list.schema.json' with { type: 'json' };
import templateUsage from './template-usage.schema.json' with { type: 'json' };

export interface JsonSchema {
  $id: string;
  title?: string;
  [keyword: string]: unknown;
}

/** The base of every schema `$id`; a schema's id is this plus its file name. */
export const schemaIdBase = 'https://wayfarer.dev/schemas/';

/** The `$id` of a schema file: `schemaId('track')` → `https://wayfarer.dev/schemas/track.schema.json`. */
export function schemaId(name: string): string {
  return `${schemaIdBase}${name}.schema.json`;
}

/** Every schema, in file-name order. */
export const allSchemas: readonly JsonSchema[] = [alias, apiKey, apiKeyRequest, batch, channelConfig, channelConfigView, clvFitRequest, clvModel, condition, customer, customerEventPage, customerJourneyHistory, customerPage, event, factCatalogue, group, health, identify, ingestResult, journey, journeyAnalytics, journeyEntry, journeyEntryRequest, journeyList, journeySimulation, journeySimulationRequest, journeyValidation, journeyVersion, journeyVersionList, message, messageFields, messagePage, messageResolution, messageTemplate, page, problem, rulePack, rulePackImport, rulePackValidation, screen, segment, segmentInput, segmentList, segmentPreview, segmentPreviewRequest, segmentSizes, segmentVersionList, template, templateInput, templateList, templateUsage, track, trait, traitDefinition, traitSettings, workspace] as JsonSchema[];
