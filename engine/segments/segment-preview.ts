import type { Customer, SegmentPreview, SegmentPreviewRequest } from '../../schemas/types';
import { createProblem, fail, ok, type Result } from '../errors/index';
import { checkCondition, compileCondition, resolvePath, type CustomerCompiledCondition } from '../rules/index';
import type { RuntimeContext } from '../runtime/index';
import { validateAgainstSchema } from '../validation/index';
import { createFactProjection } from './fact-projection';
import { segmentCollectionNames } from './segment-collections';
import { loadWorkspaceFacts, type WorkspaceFactOptions } from './workspace-fact-catalogue';

export const defaultPreviewSampleSize = 20;

/**
 * What conditions would match now, without saving anything: the number of matching customers (the
 * compiled MongoDB filter, counted by the store), the total, and a sample of up to 20 matching
 * customers with the value of every fact the conditions read. A bad condition is refused exactly as
 * saving it would be, with JSON pointers into the body (`/conditions/…`). Cheap enough for every
 * keystroke of the editor (docs/segments.md gives the measured figure).
 */
export async function previewSegment(runtime: Pick<RuntimeContext, 'store' | 'clock'>, workspace: string, body: unknown, options: WorkspaceFactOptions = {}): Promise<Result<SegmentPreview>> {
  const shape = validateAgainstSchema<SegmentPreviewRequest>('segment-preview-request', body);
  if (!shape.ok) {
    const hasConditions = body !== null && typeof body === 'object' && Object.prototype.hasOwnProperty.call(body, 'conditions');
    const details = shape.problem.details.filter((detail) => !(hasConditions && detail.pointer?.startsWith('/conditions')));
    if (details.length > 0 || !hasConditions) return fail(createProblem('VALIDATION_FAILED', details.length > 0 ? details : shape.problem.details));
  }
  const request = body as SegmentPreviewRequest;
  const facts = await loadWorkspaceFacts(runtime, workspace, options);
  const checked = checkCondition(request.conditions, facts.catalogue, { scope: 'customer', at: ['conditions'] });
  if (!checked.ok) return checked;
  const compiled = compileCondition(checked.value, { scope: 'customer' }) as CustomerCompiledCondition;
  const now = runtime.clock.now();
  const filter = compiled.toMongoFilter(now);
  const customers = runtime.store.collection<Customer>(segmentCollectionNames.customers);
  const projection = createFactProjection(compiled.facts, ['userId', 'anonymousIds']);
  const [count, total, sample] = await Promise.all([
    customers.count(workspace, filter),
    customers.count(workspace, {}),
    customers.find(workspace, filter, { limit: request.sampleSize ?? defaultPreviewSampleSize, projection }),
  ]);
  return ok({
    count,
    total,
    facts: [...compiled.facts],
    sample: sample.map((customer) => ({
      customerId: customer._id,
      userId: customer.userId ?? null,
      anonymousIds: customer.anonymousIds ?? [],
      values: readFactValues(customer, compiled.facts),
    })),
    at: new Date(now).toISOString(),
  });
}

/** The value of each fact for a customer; facts the customer lacks are left out. */
export function readFactValues(customer: object, facts: readonly string[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const fact of facts) {
    const value = resolvePath(customer, fact.split('.'));
    if (value !== undefined) values[fact] = value;
  }
  return values;
}
