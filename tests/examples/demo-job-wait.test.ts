import { afterEach, describe, expect, it } from 'vitest';
import { scheduledJobIdOf, scheduledJobsCollection, type ScheduledJobRecord } from '../../engine/runtime/index';
import { traitJobNames } from '../../engine/traits/index';
import { requestWhenJobFree } from '../../server/cli/demo';
import { PackApiClient } from '../../server/cli/pack-api-client';
import { testAdminKey } from '../support/ingest-app';
import { createSegmentApp, type SegmentApp } from '../support/segment-app';

/**
 * Importing the example pack asks the scheduler for a trait refresh, and on a fresh server that run
 * often still holds its lease when the demo asks for its own refresh (409). The demo must wait for it,
 * not fail the README's example-data command.
 */
describe('the demo waits for a job the server is already running', () => {
  let app: SegmentApp;
  afterEach(async () => {
    await app?.close();
  });

  it('retries the RFM refresh while another process holds the lease, and gets the refresh once it is free', async () => {
    app = await createSegmentApp();
    await app.track('ada', 'Order Completed', { revenue: 120 });
    const url = await app.app.listen({ port: 0, host: '127.0.0.1' });
    const jobs = app.store.collection<ScheduledJobRecord>(scheduledJobsCollection);
    const leaseUntil = new Date(app.clock.now() + 60_000).toISOString();
    await jobs.updateOne(
      app.workspace,
      { _id: scheduledJobIdOf(app.workspace, traitJobNames.refresh) },
      { $set: { name: traitJobNames.refresh, nextRunAt: leaseUntil, leaseOwner: 'another-process', leaseUntil } },
      { upsert: true },
    );
    const client = new PackApiClient(url, testAdminKey);
    expect((await client.request('POST', '/api/traits/rfm/refresh')).status).toBe(409);

    const waiting = requestWhenJobFree<{ buyers: number }>(client, '/api/traits/rfm/refresh');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await jobs.updateOne(app.workspace, { _id: scheduledJobIdOf(app.workspace, traitJobNames.refresh) }, { $set: { leaseOwner: null, leaseUntil: null } });
    const answer = await waiting;
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ buyers: 1 });
  }, 20_000);
});
