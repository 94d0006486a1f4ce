import type { IngestionStage } from '../../engine/ingest/index';
import { journeysStage } from '../../engine/journeys/index';
import { defaultStages } from '../../engine/runtime/index';

/**
 * The ingestion stages the server runs: the engine's default list, with the journeys stage appended
 * should that list ever lack it (journeys would then never start on a server). `wayfarer start` and
 * the editor's test server use it.
 */
export function serverStages(): readonly IngestionStage[] {
  return defaultStages.some((stage) => stage.name === journeysStage.name) ? defaultStages : [...defaultStages, journeysStage];
}
