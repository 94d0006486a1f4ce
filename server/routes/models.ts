import type { FastifyInstance } from 'fastify';
import { createProblem, ProblemError, unwrap, type Result } from '../../engine/errors/index';
import { readClvModel, traitJobNames, type ClvFitReport } from '../../engine/traits/index';
import { schemaId } from '../../schemas/index';
import type { ClvFitRequest, ClvModel } from '../../schemas/types';

const problem = { $ref: schemaId('problem') };
const errorResponses = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const security = [{ adminKey: [] }];
const tags = ['models'];
const fitResult = {
  type: 'object',
  required: ['model', 'scored_customers', 'changed_customers'],
  properties: {
    model: { $ref: schemaId('clv-model') },
    scored_customers: { type: 'integer', description: 'Customers whose traits.clv and traits.churn_risk were recomputed (every buyer).' },
    changed_customers: { type: 'integer' },
    value_tiers: { type: 'object', additionalProperties: true, description: 'The value-tier refresh that followed, when tiers rank predicted CLV.' },
  },
};

/**
 * The CLV model (admin key): fit BG/NBD + Gamma-Gamma over the workspace now and rescore every
 * customer's `traits.clv` and `traits.churn_risk`; read the fitted parameters. The same fit also runs
 * on the scheduler (daily by default). docs/traits.md defines the models and the conventions.
 */
export async function modelRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.requireAdminKey);

  app.post<{ Body: ClvFitRequest | undefined }>('/api/models/clv/fit', {
    schema: {
      tags, summary: 'Fit the CLV model (BG/NBD + Gamma-Gamma) and rescore every customer', security,
      description: '`observation_end` (default today) is the last day of the order history the fit reads; `time_unit` is days or weeks (default: the workspace setting, weeks). Answers with the model once every customer is rescored. 422 MODEL_FIT_FAILED when the orders cannot support a fit; 409 while a fit is running.',
      body: { $ref: schemaId('clv-fit-request') },
      response: { 200: fitResult, ...errorResponses },
    },
  }, async (request): Promise<ClvFitReport> => {
    const run = unwrap(await app.scheduler.runJobNow<Result<ClvFitReport>>(request.workspace, traitJobNames.clvFit, request.body ?? {}));
    return unwrap(run.result as Result<ClvFitReport>);
  });

  app.get('/api/models/clv', {
    schema: {
      tags, summary: 'The fitted CLV model: r, alpha, a, b (BG/NBD), p, q, v (Gamma-Gamma), customers, fit time', security,
      response: { 200: { $ref: schemaId('clv-model') }, ...errorResponses },
    },
  }, async (request): Promise<ClvModel> => {
    const model = await readClvModel(app.runtime, request.workspace);
    if (!model) throw new ProblemError(createProblem('NOT_FOUND', [{ message: 'No CLV model has been fitted in this workspace yet: POST /api/models/clv/fit.' }]));
    return model;
  });
}
