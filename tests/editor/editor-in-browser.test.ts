import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureEditorBuild } from '../../editor/editor-build';
import type { JourneyVersionDocument } from '../../editor/src/api/index';
import type { JourneyVersionList, Segment, SegmentPreview, Template } from '../../schemas/types';
import { launchChromium } from '../support/chromium-browser';
import { startEditorServer, type EditorServer } from '../support/editor-server';
import { identifyMessage, orderMessage } from '../support/segment-message-factory';

const dayMs = 86_400_000;

/** Five customers: how many orders each placed decides who the segment and the journey see. */
const customers = [
  { userId: 'ada', first_name: 'Ada', country: 'United Kingdom', orders: [30, 45, 80] },
  { userId: 'grace', first_name: 'Grace', country: 'United States', orders: [120] },
  { userId: 'alan', first_name: 'Alan', country: 'United Kingdom', orders: [] },
  { userId: 'katherine', first_name: 'Katherine', country: 'France', orders: [15, 22] },
  { userId: 'edsger', first_name: 'Edsger', country: 'Netherlands', orders: [60, 70, 10, 5] },
];

function customerMessages(now: number): Array<Record<string, unknown>> {
  return customers.flatMap((customer, i) => [
    identifyMessage({ userId: customer.userId, timestamp: new Date(now - 60 * dayMs).toISOString(), traits: { email: `${customer.userId}@example.com`, first_name: customer.first_name, country: customer.country } }),
    ...customer.orders.map((total, j) => orderMessage({ userId: customer.userId, timestamp: new Date(now - (40 - 7 * j - i) * dayMs).toISOString() }, total)),
  ]);
}

/** Where an element is once it stopped moving (the canvas may still be fitting its view, or laying out a new node). */
async function readSteadyBox(page: Page, selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
  let previous = await page.locator(selector).boundingBox();
  for (let attempt = 0; attempt < 40; attempt++) {
    await page.waitForTimeout(50);
    const box = await page.locator(selector).boundingBox();
    if (box && previous && box.x === previous.x && box.y === previous.y) return box;
    previous = box;
  }
  throw new Error(`${selector} never stood still on the canvas.`);
}

/** Drags from one handle to another the way a person does: press, move in steps, release. */
async function dragBetween(page: Page, fromSelector: string, toSelector: string): Promise<void> {
  const from = await readSteadyBox(page, fromSelector);
  const to = await readSteadyBox(page, toSelector);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** Clicks one handle, then the other: React Flow's other way to connect (connectOnClick). */
async function clickBetween(page: Page, fromSelector: string, toSelector: string): Promise<void> {
  for (const selector of [fromSelector, toSelector]) {
    const box = await readSteadyBox(page, selector);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  }
}

/**
 * Connects two handles until the canvas holds `edges` edges, as a person does whose drag did not take:
 * two drags, then two tries clicking one handle and then the other. On a loaded machine a drag now and
 * then connects nothing (both drags of one CI run on 2026-11-23, with readSteadyBox; in another, all
 * three drags of both connections). The caller still asserts the edges; a screenshot shows the canvas
 * when nothing took.
 */
async function connectHandles(page: Page, fromSelector: string, toSelector: string, edges: number): Promise<void> {
  for (let attempt = 0; attempt < 4; attempt++) {
    await (attempt < 2 ? dragBetween : clickBetween)(page, fromSelector, toSelector);
    for (let check = 0; check < 20; check++) {
      if ((await page.locator('.react-flow__edge').count()) >= edges) return;
      await page.waitForTimeout(100);
    }
    await page.keyboard.press('Escape');
  }
  await page.screenshot({ path: shot('connect-failed'), fullPage: true });
}

/**
 * A new journey built on the canvas: customers enter on their orders (so a real customer's history can
 * be replayed), a send-email state from the palette, connected on both sides by dragging handles.
 */
async function createOrderEmailJourney(page: Page, name: string): Promise<void> {
  await page.getByLabel('New journey').fill(name);
  await page.getByRole('button', { name: 'Create and open' }).click();
  await page.locator('.react-flow__node[data-id="entry"]').waitFor();
  await poll(() => page.getByTestId('problem-count').textContent()).toBe('2 problems');
  await page.locator('.react-flow__node[data-id="entry"]').click();
  await page.getByLabel('Event name').fill('Order Completed');
  await page.getByRole('button', { name: 'Send email' }).click();
  await page.locator('.react-flow__node[data-id="email"]').waitFor();
  await page.getByRole('button', { name: 'Fit View' }).click();
  await connectHandles(page, '[data-nodeid="entry"][data-handleid="out"]', '[data-nodeid="email"][data-handleid="in"]', 1);
  await connectHandles(page, '[data-nodeid="email"][data-handleid="out"]', '[data-nodeid="exit"][data-handleid="in"]', 2);
  await poll(() => page.locator('.react-flow__edge').count()).toBe(2);
}

async function openSection(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name }).click();
}

/** Waits for what the page shows to settle on a value (debounced previews, validation, requests). */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000, interval: 100 });

const shot = (name: string) => join(tmpdir(), `wayfarer-editor-${name}.png`);

describe('the editor in a real Chromium against the real server', () => {
  let server: EditorServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await ensureEditorBuild();
    server = await startEditorServer();
    await server.ingest(customerMessages(Date.now()));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.setDefaultTimeout(15_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in with the admin key and keeps it in this tab only', async () => {
    await page.goto(server.url + '/');
    await page.getByLabel('Admin key').fill('not-the-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await poll(() => page.getByRole('alert').textContent()).toContain('does not know this key');

    await page.getByLabel('Admin key').fill(server.adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your workspace' }).waitFor();
    expect(await page.evaluate(() => [sessionStorage.getItem('wayfarer.adminKey'), localStorage.length])).toEqual([server.adminKey, 0]);
  });

  it('builds a segment whose live preview count is the API\'s, and saves it', async () => {
    await openSection(page, 'Segments');
    await page.getByRole('link', { name: 'New segment' }).click();
    await page.getByLabel('Name').fill('Repeat buyers in Europe');

    // The starter rule is "orders_count is at least 1"; make it 2.
    await page.getByRole('spinbutton', { name: 'Value' }).fill('2');
    await poll(() => page.getByTestId('preview-count').textContent()).toBe('3');

    // A second rule: the country is one of two (a list value).
    await page.getByRole('button', { name: '+ Rule' }).click();
    const second = page.locator('.condition-rule').nth(1);
    await second.getByLabel('Fact').selectOption('attributes.country');
    await second.getByLabel('Operator').selectOption('in');
    await second.getByLabel('Values, separated by commas').fill('United Kingdom, France');
    await poll(() => page.getByTestId('preview-count').textContent()).toBe('2');
    await poll(() => page.locator('.preview-panel tbody tr').count()).toBe(2);

    // An empty list is refused next to the rule by the engine's own check; the preview waits for a fix.
    await second.getByLabel('Values, separated by commas').fill('');
    await poll(() => second.locator('.problems').textContent()).toMatch(/list/i);
    expect(await page.getByRole('button', { name: 'Create segment' }).isDisabled()).toBe(true);
    await second.getByLabel('Values, separated by commas').fill('United Kingdom, France');
    await poll(() => second.locator('.problems').count()).toBe(0);
    await poll(() => page.getByTestId('preview-count').textContent()).toBe('2');
    await page.screenshot({ path: shot('segment'), fullPage: true });

    await page.getByRole('button', { name: 'Create segment' }).click();
    await page.waitForURL(/#\/segments\/repeat-buyers-in-europe$/);
    // The rules the builder made, asked of the API directly: the same count the preview showed.
    const conditions = {
      all: [
        { fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 2 },
        { fact: 'attributes.country', operator: 'in', value: ['United Kingdom', 'France'] },
      ],
    };
    expect((await server.api<SegmentPreview>('POST', '/api/segments/preview', { conditions })).count).toBe(2);
    const saved = await server.api<Segment>('GET', '/api/segments/repeat-buyers-in-europe');
    expect(saved.size).toBe(2);
    expect(saved.conditions).toMatchObject({ all: [conditions.all[0], { fact: 'attributes.country', operator: 'in' }] });
    await page.getByRole('heading', { name: 'Repeat buyers in Europe' }).waitFor();
  });

  it('draws entry → send email → exit, shows a problem then its fix, simulates and publishes', async () => {
    await openSection(page, 'Journeys');
    await createOrderEmailJourney(page, 'Thank you series');
    await poll(() => page.getByTestId('problem-count').textContent()).toBe('Valid');

    // A typo in the template: the engine's validation flags it on the node and in the list.
    await page.locator('.react-flow__node[data-id="email"]').click();
    await page.getByLabel('Subject').fill('Thanks, {{ frist_name }}!');
    await page.getByLabel('Subject').blur();
    await poll(() => page.getByTestId('problem-count').textContent()).toBe('1 problem');
    await poll(() => page.getByTestId('problem-list').textContent()).toContain('frist_name');
    await poll(() => page.locator('.react-flow__node[data-id="email"] .state-node.has-problems').count()).toBe(1);
    await page.getByLabel('Subject').fill('Thanks, {{ attributes.first_name | default: "friend" }}!');
    await poll(() => page.getByTestId('problem-count').textContent()).toBe('Valid');
    await poll(() => page.locator('.template-preview').textContent()).toContain('Thanks, Ada!');

    // Undo brings the typo back, redo the fix.
    await page.getByRole('button', { name: 'Undo' }).click();
    await poll(() => page.getByTestId('problem-count').textContent()).toBe('1 problem');
    await page.getByRole('button', { name: 'Redo' }).click();
    await poll(() => page.getByTestId('problem-count').textContent()).toBe('Valid');

    await page.getByRole('button', { name: 'Save draft' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'Saved draft' }).count()).toBe(1);

    // Simulate Ada's real history: three orders, one entry (re-entry: never), the email, the exit.
    await page.getByRole('button', { name: 'Simulate', exact: true }).click();
    await page.getByLabel('userId', { exact: true }).fill('ada');
    await page.getByRole('button', { name: 'Run simulation' }).click();
    await page.getByTestId('simulation-results').waitFor();
    const path = await page.getByTestId('simulation-path').locator('li').allTextContents();
    expect(path.map((step) => step.replace(/^\S+ \S+ /, ''))).toEqual(['Entry', 'Send email', 'Exit']);
    await poll(() => page.locator('.state-node.visited').count()).toBe(3);
    expect(await page.locator('[data-testid="simulation-results"] .actions').first().textContent()).toContain('Thanks, Ada!');
    await page.screenshot({ path: shot('journey'), fullPage: false });

    await page.getByRole('button', { name: 'Publish' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'is live' }).count()).toBe(1);
    const versions = await server.api<JourneyVersionList>('GET', '/api/journeys/thank-you-series/versions');
    expect(versions.liveVersion).toBe(1);

    // Live: Grace orders, goes through, and the canvas counts her on every step.
    await server.ingest([orderMessage({ userId: 'grace', timestamp: new Date().toISOString() }, 55)]);
    await page.reload();
    await poll(() => page.locator('.react-flow__node[data-id="email"] .badge-count').textContent()).toBe('0 now · 1 ever');
    await poll(() => page.locator('.analytics-bar').textContent()).toMatch(/1 entered/);
    await page.screenshot({ path: shot('journey-live'), fullPage: false });

    // A published version never changes: an edit is saved as the next draft, and v1 stays live.
    await page.locator('.react-flow__node[data-id="email"]').click();
    await page.getByLabel('Label', { exact: true }).fill('Thank-you email');
    await poll(() => page.locator('.pill.unsaved').textContent()).toBe('unsaved → v2');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await poll(async () => (await server.api<JourneyVersionList>('GET', '/api/journeys/thank-you-series/versions')).versions.map((v) => `${v.version}:${v.status}`)).toEqual([
      '1:published',
      '2:draft',
    ]);
    expect((await server.api<JourneyVersionList>('GET', '/api/journeys/thank-you-series/versions')).liveVersion).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('looks a customer up with their traits, segments, journeys and events', async () => {
    await openSection(page, 'Customers');
    await page.getByLabel('userId', { exact: true }).fill('katherine');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('heading', { name: 'katherine' }).waitFor();
    await poll(() => page.getByRole('region', { name: /Segments/ }).textContent()).toContain('repeat-buyers-in-europe');
    const events = await page.getByRole('region', { name: 'Recent events' }).locator('tbody tr').allTextContents();
    expect(events.filter((row) => row.includes('Order Completed'))).toHaveLength(2);

    // Grace went through the journey: the path she took and the email it queued.
    await page.getByLabel('userId', { exact: true }).fill('grace');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByRole('heading', { name: 'grace' }).waitFor();
    await poll(() => page.getByRole('region', { name: /Journeys/ }).textContent()).toMatch(/thank-you-series.*completed/);
    await poll(() => page.getByRole('region', { name: 'Messages' }).locator('tbody tr').first().textContent()).toMatch(/thank-you-series · email.*email/);
    // Every run, with every state it entered and when.
    await page.getByRole('button', { name: 'Every run and step in thank-you-series' }).click();
    await poll(() => page.getByLabel('Runs through thank-you-series').locator('ol li').allTextContents()).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d entry$/),
      expect.stringMatching(/ email$/),
      expect.stringMatching(/ exit$/),
    ]);
    await page.screenshot({ path: shot('customer'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
  it('writes a library template with a live preview, saves it, and picks it in a journey\'s send-email step', async () => {
    await openSection(page, 'Templates');
    await page.getByText('No templates yet').waitFor();
    await page.getByRole('link', { name: 'New template' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Order follow-up');
    expect(await page.getByLabel('Id', { exact: true }).inputValue()).toBe('order-follow-up');

    // Rendered for a real customer, looked up by userId: her own attribute in the subject.
    await page.getByLabel('Subject').fill('Thanks for your order, {{ attributes.first_name }}!');
    await page.getByLabel('Render for the customer with userId').fill('katherine');
    await page.getByRole('button', { name: 'Render for them' }).click();
    await page.getByRole('heading', { name: 'Preview for customer katherine' }).waitFor();
    await poll(() => page.locator('.template-preview .rendered').textContent()).toContain('Thanks for your order, Katherine!');

    // A Liquid mistake: shown next to the field and in the preview, and it cannot be saved; fixed, both go.
    await page.getByLabel('Subject').fill('Thanks for your order, {{ attributes.first_name | shout }}!');
    await poll(() => page.locator('#content-subject-problems').textContent()).toMatch(/shout/);
    await poll(() => page.locator('.template-preview .problems').textContent()).toMatch(/shout/);
    expect(await page.getByRole('button', { name: 'Create template' }).isDisabled()).toBe(true);
    await page.getByLabel('Subject').fill('Thanks for your order, {{ attributes.first_name | upcase }}!');
    await poll(() => page.locator('#content-subject-problems').count()).toBe(0);
    await poll(() => page.locator('.template-preview .problems').count()).toBe(0);
    await poll(() => page.locator('.template-preview .rendered').textContent()).toContain('Thanks for your order, KATHERINE!');
    await page.getByLabel('Text body').fill('Hi {{ attributes.first_name | default: "there" }},\n\nYour order is on its way.');
    await page.getByLabel('HTML body').fill('<p>Hi <strong>{{ attributes.first_name | default: "there" }}</strong>, your order is on its way.</p>');
    await poll(() => page.frameLocator('.template-preview iframe[title="HTML body"]').locator('strong').textContent()).toBe('Katherine');
    await page.screenshot({ path: shot('templates'), fullPage: true });

    await page.getByRole('button', { name: 'Create template' }).click();
    await page.waitForURL(/#\/templates\/order-follow-up$/);
    await page.getByRole('heading', { name: 'Order follow-up' }).waitFor();
    const created = await server.api<Template>('GET', '/api/templates/order-follow-up');
    expect(created).toMatchObject({ version: 1, channel: 'email', content: { subject: 'Thanks for your order, {{ attributes.first_name | upcase }}!' } });

    // A change saves the next version; a save over someone else's change is refused, plainly, and a reload shows theirs.
    await page.getByLabel('Description').fill('After each order');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'Saved as version 2' }).count()).toBe(1);
    await server.api('PUT', '/api/templates/order-follow-up', { name: 'Order follow-up', description: 'Edited by a colleague', channel: 'email', content: created.content, version: 2 });
    await page.getByLabel('Description').fill('After each order (mine)');
    await page.getByRole('button', { name: 'Save as new version' }).click();
    await poll(() => page.getByRole('alert').textContent()).toMatch(/changed this template since you opened it/);
    await page.getByRole('button', { name: 'Reload the template' }).click();
    await poll(() => page.getByLabel('Description').inputValue()).toBe('Edited by a colleague');
    await page.locator('.page-head .pill', { hasText: 'v3' }).waitFor();
    await poll(() => page.locator('.template-usage').textContent()).toContain('No journey uses this template yet.');

    await openSection(page, 'Templates');
    const row = page.locator('table.list tbody tr', { hasText: 'Order follow-up' });
    await poll(() => row.textContent()).toMatch(/order-follow-up.*Email.*v3/);

    // A journey's send-email step picks it from the library; the engine checks the choice against the library.
    await openSection(page, 'Journeys');
    await createOrderEmailJourney(page, 'Follow-up series');
    await page.locator('.react-flow__node[data-id="email"]').click();
    await page.getByLabel('Template', { exact: true }).selectOption('order-follow-up');
    await poll(() => page.locator('#library-template').textContent()).toMatch(/Order follow-up.*version 3/);
    await poll(() => page.locator('.template-preview .rendered').textContent()).toContain('Thanks for your order, ADA!');
    await poll(() => page.getByTestId('problem-count').textContent()).toBe('Valid');
    await poll(() => page.locator('.react-flow__node[data-id="email"]').textContent()).toContain('library template "order-follow-up"');

    // Sent as SMS, the email template is the wrong one: the engine says so at the reference.
    await page.getByLabel('Channel', { exact: true }).selectOption('sms');
    await poll(() => page.locator('#library-template-problems').textContent()).toMatch(/written for email/);
    await page.getByLabel('Channel', { exact: true }).selectOption('email');
    await poll(() => page.getByTestId('problem-count').textContent()).toBe('Valid');
    await page.screenshot({ path: shot('journey-template'), fullPage: false });
    await page.getByRole('button', { name: 'Save draft' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'Saved draft' }).count()).toBe(1);
    const draft = await server.api<JourneyVersionDocument>('GET', '/api/journeys/follow-up-series');
    expect(draft.journey.states.find((state) => state.id === 'email')?.params).toEqual({ channel: 'email', template: { ref: 'order-follow-up' } });

    // The draft uses it, so the library keeps it: deleting is refused with the API's reason.
    await openSection(page, 'Templates');
    await page.getByRole('link', { name: 'Order follow-up' }).click();
    // Before anything is deleted or saved, the page says which journey a change would reach.
    await poll(() => page.locator('.template-usage li').textContent()).toMatch(/Follow-up series.*v1.*draft.*step email.*a change reaches it at once/);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Delete template' }).click();
    await poll(() => page.locator('.delete-refusal').textContent()).toMatch(/draft journey uses this template.*"follow-up-series"/);
    expect((await server.api<Template>('GET', '/api/templates/order-follow-up')).version).toBe(3);
    // The HTML body renders in its sandboxed frame, as the customer would see it.
    await poll(() => page.frameLocator('.template-preview iframe[title="HTML body"]').locator('strong').textContent()).toBe('Ada');
    await page.screenshot({ path: shot('template-in-use'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
