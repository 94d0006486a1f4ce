import { profileStage, type IngestionStage } from '../ingest/index';
import { journeysStage } from '../journeys/index';
import { segmentsStage } from '../segments/index';
import { traitsStage } from '../traits/index';

/**
 * The ingestion stages every event runs through, in order: profile first, then traits (computed and
 * marketing traits, which segment conditions read); the segments and journeys stages follow them (add
 * yours here with one line).
 */
export const defaultStages: readonly IngestionStage[] = [profileStage, traitsStage, segmentsStage, journeysStage];
