import { customerCollections, eventCollections } from '../ingest/index';
import { journeyCollections } from '../journeys/index';
import { segmentCollections } from '../segments/index';
import type { CollectionSpec } from '../store/index';
import { templateCollections } from '../templates/index';
import { traitCollections } from '../traits/index';
import { workspaceCollections } from '../workspaces/index';
import { schedulerCollections } from './scheduler-job';

/**
 * Every collection and its indexes. Each area exports its own specs; add yours here with one line.
 */
export const allCollections: CollectionSpec[] = [...workspaceCollections, ...customerCollections, ...eventCollections, ...journeyCollections, ...segmentCollections, ...traitCollections, ...templateCollections, ...schedulerCollections];
