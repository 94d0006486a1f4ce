import { execFile } from 'node:child_process';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportTally, readOrderMessages } from '../../engine/importers/index';
import { assignVariant } from '../../engine/journeys/index';
import { fitClvModel, summarizeTransactions } from '../../engine/models/index';
import { checkPack, createOfflinePackContext } from '../../engine/packs/index';
import type { Customer, Journey, JourneySimulation, JourneySimulationRequest, RulePack, RulePackImport } from '../../schemas/types';
import { testWriteKey } from '../support/ingest-app';
import { createPackApp, type PackApp } from '../support/pack-app';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const packDirectory = new URL('../../examples/packs/', import.meta.url);
const packFiles = readdirSync(packDirectory).filter((file) => file.endsWith('.json')).sort();
const readPack = (file: string): RulePack => JSON.parse(readFileSync(new URL(file, packDirectory), 'utf8')) as RulePack;

/**
 * A made-up customer and timeline per example journey, matching its entry: the simulation must reach
 * `sends` (a send step) with the message queued. A journey added to a pack without a scenario here
 * fails the test, so every journey of every pack is run.
 */
const scenarios: Record<string, { request: JourneySimulationRequest; sends: string }> = {
  'welcome-series': {
    sends: 'welcome-email',
    request: { customer: { attributes: { email: 'ana@example.com', first_name: 'Ana' } }, timeline: [{ at: '2024-06-03T09:00:00Z', event: 'Signed Up' }] },
  },
  'first-purchase-nudge': {
    sends: 'offer-email',
    request: { customer: { attributes: { email: 'bo@example.com' } }, timeline: [{ at: '2024-06-03T10:00:00Z', event: 'Segment Entered', properties: { segment_id: 'browsers-not-buyers' } }] },
  },
  'post-purchase-survey': {
    sends: 'survey-email',
    request: { customer: { attributes: { email: 'cy@example.com' } }, timeline: [{ at: '2024-06-03T10:00:00Z', event: 'Order Completed', properties: { order_id: 'A-1', total: 30 } }] },
  },
  'churn-early-warning': {
    sends: `email-${assignVariant({ journeyId: 'churn-early-warning', stateId: 'offer-test', customerId: 'simulated-customer' }, [{ id: 'discount', weight: 50 }, { id: 'free-shipping', weight: 50 }], 10).variant}`,
    request: {
      customer: { attributes: { email: 'di@example.com', first_name: 'Di' }, traits: { orders_count: 4, last_order_at: '2024-01-10T10:00:00.000Z', revenue_total: 480 } },
      timeline: [{ at: '2024-06-03T10:00:00Z', event: 'Segment Entered', properties: { segment_id: 'high-churn-risk' } }],
    },
  },
  'birthday-care': {
    sends: 'heads-up',
    request: { customer: { attributes: { email: 'ed@example.com', birthday: '1990-06-20' } }, timeline: [{ at: '2024-06-01T10:00:00Z', event: 'Segment Entered', properties: { segment_id: 'has-birthday' } }], until: '2024-07-01T00:00:00Z' },
  },
  'vip-tier-change': {
    sends: 'vip-email',
    request: { customer: { attributes: { email: 'flo@example.com' }, traits: { orders_count: 12 } }, timeline: [{ at: '2024-06-03T10:00:00Z', event: 'Segment Entered', properties: { segment_id: 'vip-tier' } }] },
  },
};

describe('examples/packs', () => {
  it.each(packFiles)('%s validates offline, with no problem and no warning', (file) => {
    const checked = checkPack(readPack(file), createOfflinePackContext());
    expect(checked.ok ? checked.value.warnings : checked.problem).toEqual([]);
  });

  it.each(packFiles)('%s imports into a fresh app, and every journey reaches its send step for a matching customer', async (file) => {
    const app = await createPackApp();
    try {
      const pack = readPack(file);
      const imported = await app.importPack(pack);
      expect(imported.statusCode, imported.body).toBe(200);
      expect((imported.json() as RulePackImport).items.every((item) => item.action === 'created')).toBe(true);
      for (const journey of pack.journeys ?? []) {
        const scenario = scenarios[journey.id];
        expect(scenario, `examples.test.ts has no scenario for the journey "${journey.id}"`).toBeDefined();
        // Through the API, on the imported draft: its library templates render from the imported library.
        const response = await app.admin('POST', `/api/journeys/${journey.id}/simulate`, scenario.request);
        expect(response.statusCode, response.body).toBe(200);
        const simulation = response.json() as JourneySimulation;
        expect(simulation.visits.map((visit) => visit.state), journey.id).toContain(scenario.sends);
        const send = simulation.actions.find((action) => action.state === scenario.sends);
        expect(send, journey.id).toMatchObject({ kind: 'message', status: 'queued' });
        const state = (journey as Journey).states.find((s) => s.id === scenario.sends)!;
        const ref = state.kind === 'send' && 'ref' in state.params.template ? state.params.template.ref : null;
        if (ref) expect(Object.keys((send!.payload as { content: object }).content).sort(), journey.id).toEqual(Object.keys(pack.templates!.find((t) => t.id === ref)!.content).sort());
      }
    } finally {
      await app.close();
    }
  });
});

describe('examples 02 and 03: sending events to a running server', () => {
  let app: PackApp;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    app = await createPackApp();
    expect((await app.importPack(readPack('01-lifecycle-essentials.json'), { publish: true })).statusCode).toBe(200);
    const url = await app.app.listen({ port: 0, host: '127.0.0.1' });
    env = { ...process.env, WAYFARER_URL: url, WAYFARER_WRITE_KEY: testWriteKey };
  });
  afterAll(() => app.close());

  it('02-send-events.sh (curl): Ada signs up, browses and orders; the pack\'s segments and journeys follow', async () => {
    const { stdout } = await run('bash', ['examples/02-send-events.sh'], { cwd: repositoryRoot, env });
    expect(stdout.trim().split('\n')).toEqual(Array(4).fill('{"success":true}'));
    const ada = (await app.customer('ada-lovelace')) as Customer;
    expect(ada.traits).toMatchObject({ orders_count: 1, revenue_total: 15.3, event_counts: { 'Product Viewed': 2 } });
    expect(ada.segments).toEqual(expect.arrayContaining(['first-time-buyers', 'uk-customers', 'has-birthday']));
    expect(Object.keys(ada.journeys).sort()).toEqual(['birthday-care', 'post-purchase-survey', 'welcome-series']);
    const messages = (await app.admin('GET', '/api/messages?userId=ada-lovelace')).json() as { messages: Array<{ stepId: string; status: string; payload: { content: { subject: string } } }> };
    expect(messages.messages.find((m) => m.stepId === 'welcome-email')).toMatchObject({ status: 'queued', payload: { content: { subject: 'Welcome to the shop, Ada!' } } });
    // Run again: every messageId is known, nothing changes.
    const before = JSON.stringify(await app.customer('ada-lovelace'));
    await run('bash', ['examples/02-send-events.sh'], { cwd: repositoryRoot, env });
    expect(JSON.stringify(await app.customer('ada-lovelace'))).toBe(before);
  });

  it('03-analytics-node.ts (@segment/analytics-node): Grace\'s events arrive through the official client', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/03-analytics-node.ts'], { cwd: repositoryRoot, env });
    expect(stdout).toMatch(/^200 http:\/\/127\.0\.0\.1:\d+\/v1\/batch$/m);
    expect(stdout).toContain("Sent grace-hopper's events");
    const grace = (await app.customer('grace-hopper')) as Customer;
    expect(grace.attributes).toMatchObject({ first_name: 'Grace', country: 'United States' });
    expect(grace.traits).toMatchObject({ orders_count: 2, revenue_total: 666.6, event_counts: { 'Product Viewed': 3, 'Survey Completed': 1 } });
    expect(grace.segments).toEqual(expect.arrayContaining(['repeat-buyers', 'international-buyers']));
    // The pack's computed traits follow her events: the largest order puts her among the big-basket buyers.
    expect(grace.traits).toMatchObject({ largest_order: 612.5, product_views_14d: 3 });
    expect(grace.segments).toContain('big-basket-buyers');
  });
});

describe('examples/order-history', () => {
  it('the bundled UCI excerpt holds whole order histories, enough to fit the CLV model the demo fits', async () => {
    const tally = createImportTally();
    const orders: Array<{ customer: string; at: string; value: number }> = [];
    const customers = new Set<string>();
    const file = fileURLToPath(new URL('../../examples/order-history/online-retail-excerpt.csv.gz', import.meta.url));
    for await (const message of readOrderMessages(createReadStream(file) as AsyncIterable<Buffer>, tally)) {
      customers.add(message.userId);
      if (message.type === 'track' && message.event === 'Order Completed') orders.push({ customer: message.userId, at: message.timestamp, value: message.properties.total });
    }
    expect(tally.format).toBe('uci-online-retail');
    expect(customers.size).toBe(102);
    const summaries = summarizeTransactions(orders, { observation_end: '2011-12-09', time_unit: 'weeks' });
    expect(summaries.ok).toBe(true);
    if (!summaries.ok) return;
    expect(summaries.value.filter((summary) => summary.x > 0).length).toBeGreaterThan(50);
    expect(fitClvModel(summaries.value, { observation_end: '2011-12-09', time_unit: 'weeks', fitted_at: '2024-01-01T00:00:00.000Z' }).ok).toBe(true);
  });
});
