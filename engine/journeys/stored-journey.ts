import type { Journey } from '../../schemas/types';
import { journeyVersionKey } from './journey-document';

/** A journey version as stored (`journeys`): the document plus bookkeeping. `_id` is `<workspace>/<id>@<version>`. */
export interface StoredJourney extends Journey {
  _id: string;
  workspace: string;
  createdAt: string;
  updatedAt: string;
  publishedAt?: string;
  archivedAt?: string;
}

/** The per-workspace catalog document (`journey_catalog`); every publish and archive bumps `revision`. */
export interface JourneyCatalogDocument {
  _id: string;
  workspace: string;
  revision: number;
  updatedAt: string;
}

export function journeyDocumentId(workspace: string, journeyId: string, version: number): string {
  return `${workspace}/${journeyVersionKey(journeyId, version)}`;
}

export function catalogDocumentId(workspace: string): string {
  return `${workspace}/catalog`;
}

/** The journey document of a stored version, without the bookkeeping. */
export function toJourneyDocument(stored: StoredJourney): Journey {
  const { _id, workspace: _workspace, createdAt: _created, updatedAt: _updated, publishedAt: _published, archivedAt: _archived, ...document } = stored;
  return document;
}
