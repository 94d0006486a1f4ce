import type { FastifyInstance } from 'fastify';
import { createProblem, ProblemError, unwrap } from '../../engine/errors/index';
import { enterJourney, simulateJourney, summarizeJourney, type JourneyRuntime, type StoredJourney, type VariantReport } from '../../engine/journeys/index';
import { findCustomerOfUserId } from '../../engine/ingest/index';
import { schemaId } from '../../schemas/index';
import type { JourneyAnalytics, JourneyEntry, JourneyEntryRequest, JourneySimulation, JourneySimulationRequest } from '../../schemas/types';
import { liveVersionOf, requireVersion, requireVersions } from './journey-directory';
import { countStateVisits } from './journey-state-counts';
import { prepareSimulation } from './simulation-request';
import { workspaceChecks } from './journey-workspace-checks';

const problem = { $ref: schemaId('problem') };
const errorResponses = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const journeyParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$', description: 'The journey id.' } },
};
const security = [{ adminKey: [] }];
const tags = ['journeys'];
type IdParams = { Params: { id: string } };

function toGroup(groups: readonly VariantReport[]): JourneyAnalytics['conversions']['treated'] {
  const entered = groups.reduce((sum, group) => sum + group.entered, 0);
  const converted = groups.reduce((sum, group) => sum + group.converted, 0);
  return { entered, converted, conversionRate: entered === 0 ? 0 : converted / entered };
}

/**
 * What journeys do with customers (admin key): simulate a version for one customer (nothing is
 * sent), the analytics of a journey, and putting a customer into a journey through its API entry.
 */
export async function journeyActivityRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.requireAdminKey);
  const runtime = (): JourneyRuntime => app.runtime;

  app.post<IdParams & { Body: JourneySimulationRequest }>('/api/journeys/:id/simulate', {
    schema: {
      tags, summary: 'Simulate a version for a real customer\'s history or a made-up timeline (sends nothing)', security, params: journeyParams,
      description: 'Runs the version on a virtual clock with the engine\'s own code and a throw-away store: states visited with times, every rendered action, every suppression and why.',
      body: { $ref: schemaId('journey-simulation-request') },
      response: { 200: { $ref: schemaId('journey-simulation') }, ...errorResponses },
    },
  }, async (request): Promise<JourneySimulation> => {
    const { id } = request.params;
    const body = request.body ?? {};
    if (body.journey !== undefined && body.journey.id !== id) throw new ProblemError(createProblem('VALIDATION_FAILED', [{ pointer: '/journey/id', message: `must be "${id}", the journey in the URL.` }]));
    let stored: StoredJourney | null = null;
    if (body.journey === undefined) {
      stored = body.version === undefined ? (await requireVersions(runtime(), request.workspace, id)).at(-1)! : await requireVersion(runtime(), request.workspace, id, body.version);
    }
    const prepared = await prepareSimulation(runtime(), request.workspace, stored, body);
    // Checked as validation and publishing check it: the workspace's facts (custom traits) and its
    // library (a draft's template references render its current content; a published version its frozen copy).
    const result = unwrap(await simulateJourney(prepared.document, { ...prepared.options, ...(await workspaceChecks(app, request.workspace)), links: app.runtime.links }));
    return {
      ...result,
      start: new Date(prepared.options.start).toISOString(),
      until: new Date(prepared.options.until).toISOString(),
      replayedEvents: prepared.replayedEvents,
      omittedEvents: prepared.omittedEvents,
    } as JourneySimulation;
  });

  app.get<IdParams>('/api/journeys/:id/analytics', {
    schema: {
      tags, summary: 'Customers per state now and ever, conversions against the holdout, messages by status', security, params: journeyParams,
      response: { 200: { $ref: schemaId('journey-analytics') }, ...errorResponses },
    },
  }, async (request): Promise<JourneyAnalytics> => {
    const { id } = request.params;
    const versions = await requireVersions(runtime(), request.workspace, id);
    const liveVersion = liveVersionOf(versions);
    const shown = versions.find((v) => v.version === liveVersion) ?? versions.at(-1)!;
    // The entry state every version that ran shares, when it is a single one (countStateVisits).
    const entrySets = new Set(versions.filter((v) => v.status !== 'draft').map((v) => v.states.filter((state) => state.kind === 'entry').map((state) => state.id).join('\n')));
    const [onlyEntries] = entrySets;
    const sharedEntry = entrySets.size === 1 && onlyEntries !== '' && !onlyEntries.includes('\n') ? onlyEntries : null;
    const [report, visits] = await Promise.all([summarizeJourney(runtime(), request.workspace, id), countStateVisits(app.runtime.store, request.workspace, id, shown.states, sharedEntry)]);
    const stateIds = [...shown.states.map((state) => state.id), ...[...visits.keys(), ...Object.keys(report.activeByState)].filter((state) => !shown.states.some((s) => s.id === state))];
    const states = [...new Set(stateIds)].map((state) => {
      const definition = shown.states.find((s) => s.id === state);
      return {
        state,
        kind: definition?.kind ?? null,
        label: definition?.label ?? null,
        now: report.activeByState[state] ?? 0,
        customersEver: visits.get(state)?.customers ?? 0,
        visits: visits.get(state)?.visits ?? 0,
        exact: visits.get(state)?.exact ?? true,
      };
    });
    const holdoutGroups = report.variants.filter((group) => group.holdout);
    // With an A/B split, only customers it assigned compare: one still before the split (variant null)
    // is neither treated nor control yet, and counting them dilutes the treated rate and the uplift.
    const hasSplit = report.variants.some((group) => group.holdout || group.variant !== null);
    const treated = toGroup(report.variants.filter((group) => !group.holdout && (!hasSplit || group.variant !== null)));
    const holdout = holdoutGroups.length > 0 ? toGroup(holdoutGroups) : null;
    return {
      journeyId: id,
      liveVersion,
      instances: report.instances,
      states,
      conversions: { treated, holdout, uplift: holdout ? treated.conversionRate - holdout.conversionRate : null },
      variants: report.variants,
      messages: report.messages,
    };
  });

  app.post<IdParams & { Body: JourneyEntryRequest }>('/api/journeys/:id/entries', {
    schema: {
      tags, summary: 'Put a customer into a journey through its API entry', security, params: journeyParams,
      description: 'The customer must exist (send an identify first). The live version is entered; re-entry policy and entry condition apply: 201 with the instance, or 200 with `entered: false` and the reason.',
      body: { $ref: schemaId('journey-entry-request') },
      response: { 200: { $ref: schemaId('journey-entry') }, 201: { $ref: schemaId('journey-entry') }, ...errorResponses },
    },
  }, async (request, reply): Promise<JourneyEntry> => {
    const customer = (await findCustomerOfUserId(app.runtime.store, request.workspace, request.body.userId))?.customer;
    if (!customer) throw new ProblemError(createProblem('NOT_FOUND', [{ pointer: '/userId', message: `No customer has userId ${JSON.stringify(request.body.userId)} in this workspace; send an identify first.` }]));
    const entered = unwrap(
      await enterJourney(runtime(), request.workspace, {
        journeyId: request.params.id,
        customerId: customer._id,
        ...(request.body.entry !== undefined ? { entry: request.body.entry } : {}),
        ...(request.body.properties !== undefined ? { properties: request.body.properties } : {}),
      }),
    );
    if (entered.entered) reply.code(201);
    return entered;
  });
}
