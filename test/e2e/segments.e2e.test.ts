/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/**
 * Segments: a segment built in the visual builder (a nested group with a field condition and an
 * event condition), its live preview agreeing with the API's, the API's errors shown at the node
 * they name, the JSON view, saving and the build; a viewer reads rules but changes nothing.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createUser, launchBrowser, login, loginAsAdmin, newPage, snapshot, unique } from './helpers/app.js';

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  await loginAsAdmin(page);
});
afterAll(async () => {
  await browser?.close();
});

const DAY = 86_400_000;
const serverNow = async (): Promise<number> => Date.parse((await api<{ now: string }>('GET', '/clock')).body.now);

/** Picks an option of a Mantine select (its options open in a portal). */
async function choose(select: Locator, option: string): Promise<void> {
  await select.click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/** Customers of this test only (attribute `cohort`): who should and should not match. */
async function seed(cohort: string): Promise<void> {
  const now = await serverNow();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const people = [
    { email: `${cohort}-pro@e2e.example.com`, firstName: 'Pro', lastName: 'Nobuy', attributes: { cohort, plan: 'pro' } },
    { email: `${cohort}-big@e2e.example.com`, firstName: 'Big', lastName: 'Spender', attributes: { cohort, plan: 'free' } },
    { email: `${cohort}-small@e2e.example.com`, firstName: 'Small', lastName: 'Order', attributes: { cohort, plan: 'free' } },
    { email: `${cohort}-old@e2e.example.com`, firstName: 'Old', lastName: 'Order', attributes: { cohort, plan: 'free' } },
  ];
  for (const p of people) expect((await api('POST', '/customers', p)).status).toBe(201);
  const events = await api<{ accepted: number }>('POST', '/events', {
    events: [
      { type: 'order_placed', email: people[1]!.email, occurredAt: at(5), properties: { orderId: `${cohort}-1`, total: 150 } },
      { type: 'order_placed', email: people[2]!.email, occurredAt: at(5), properties: { orderId: `${cohort}-2`, total: 50 } },
      { type: 'order_placed', email: people[3]!.email, occurredAt: at(45), properties: { orderId: `${cohort}-3`, total: 300 } },
    ],
  });
  expect(events.body.accepted).toBe(3);
}

describe('the segment builder', () => {
  let built: { id: string; cohort: string };

  it('builds a nested segment whose live preview matches the API, saves it, and shows it ready with its members', async () => {
    const cohort = unique('co');
    await seed(cohort);
    const ofCohort = { field: 'attributes.cohort', op: 'eq', value: cohort };
    const pro = { field: 'attributes.plan', op: 'eq', value: 'pro' };
    const bigOrder = (total: number) => ({ event: 'order_placed', where: [{ field: 'properties.total', op: 'gt', value: total }], within: '30d' });
    const rules = { all: [ofCohort, { any: [pro, bigOrder(100)] }] };
    const edited = { all: [ofCohort, { any: [pro, bigOrder(120)] }] };
    const expected = await api<{ count: number }>('POST', '/segments/preview', { rules: edited });
    expect(expected.body.count).toBe(2);

    await page.goto('/segments/new');
    await page.getByRole('heading', { name: 'New segment', level: 1 }).waitFor();
    await page.getByLabel('Name').fill(`Pro or big spender ${cohort}`);
    const root = page.getByRole('group', { name: 'Rules' });
    // An empty "all" group matches everyone: the preview says how many that is.
    await page.getByTestId('preview-count').waitFor();

    // The cohort: a condition on a custom attribute.
    await root.getByRole('button', { name: 'Condition', exact: true }).last().click();
    const first = root.getByRole('group', { name: /^Condition/ }).first();
    await choose(first.getByLabel('Field'), 'Custom attribute…');
    await first.getByLabel('Attribute name').fill('cohort');
    // Without a value the API refuses the rules, and its message sits at the condition.
    await first.getByText('eq needs a value').waitFor();
    await first.getByLabel(/^Value for/).fill(cohort);

    // A nested "any" group: the plan, or a big order in the last 30 days.
    await root.getByRole('button', { name: 'Group', exact: true }).last().click();
    const nested = root.getByRole('group', { name: 'Group at level 2' });
    await nested.getByRole('button', { name: 'Condition', exact: true }).click();
    const plan = nested.getByRole('group', { name: /^Condition/ });
    await choose(plan.getByLabel('Field'), 'Custom attribute…');
    await plan.getByLabel('Attribute name').fill('plan');
    await plan.getByLabel(/^Value for/).fill('pro');
    await nested.getByRole('button', { name: 'Event', exact: true }).click();
    const event = nested.getByRole('group', { name: /^Event condition/ });
    await expect.poll(() => event.getByLabel('Event type').inputValue()).toBe('order_placed');
    await choose(event.getByLabel('When'), 'in the last');
    await event.getByRole('button', { name: 'Property filter' }).click();
    const filter = event.getByRole('group', { name: 'Property filter 1' });
    await filter.getByLabel('Event property').fill('total');
    await choose(filter.getByLabel(/^Comparison for/), 'is more than');
    await filter.getByLabel(/^Value for/).fill('100');

    // The JSON view shows exactly the rules the API was asked about.
    await page.getByRole('tab', { name: 'JSON' }).click();
    const json = page.getByLabel('Rules as JSON');
    await expect.poll(async () => JSON.parse(await json.inputValue())).toEqual(rules);
    // An edit there comes back to the builder: 100 becomes 120.
    await json.fill(JSON.stringify(edited, null, 2));
    await page.getByRole('tab', { name: 'Builder' }).click();
    await expect.poll(() => root.getByRole('group', { name: 'Property filter 1' }).getByLabel(/^Value for/).inputValue()).toBe('120');

    // The live preview agrees with the API for the same rules (as edited).
    await expect.poll(async () => (await page.getByTestId('preview-count').textContent())?.trim(), { timeout: 10_000 }).toBe(String(expected.body.count));
    const sample = page.getByRole('list', { name: 'Matching customers' });
    await sample.getByRole('link', { name: 'Pro Nobuy' }).waitFor();
    await sample.getByRole('link', { name: 'Big Spender' }).waitFor();
    await snapshot(page, 'segment-builder');

    await page.getByRole('button', { name: 'Create segment' }).first().click();
    await page.waitForURL(/\/segments\/[0-9a-f]{24}$/);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const stored = await api<{ rules: unknown; status: string }>('GET', `/segments/${id}`);
    expect(stored.body.rules).toEqual(edited);

    // On the simulated clock the build waits for the clock; the page offers to run it now.
    const heading = page.getByRole('heading', { level: 1 });
    await heading.waitFor();
    if (stored.body.status === 'building') {
      await page.getByText('Building', { exact: true }).first().waitFor();
      await page.getByRole('button', { name: 'Run pending work now' }).click();
    }
    await page.getByText('Ready', { exact: true }).first().waitFor();
    await expect.poll(async () => page.getByTestId('segment-members').textContent()).toBe('2');
    const members = page.getByRole('table', { name: 'Members' });
    await members.getByRole('link', { name: 'Pro Nobuy' }).waitFor();
    await members.getByRole('link', { name: 'Big Spender' }).waitFor();
    expect(await members.getByRole('link', { name: 'Small Order' }).count()).toBe(0);
    const rulesView = page.getByRole('group', { name: 'Rules' });
    await rulesView.getByText('Attribute “cohort” is', { exact: false }).waitFor();
    await rulesView.getByText('in the last 30 days', { exact: false }).waitFor();
    await snapshot(page, 'segment-page');

    built = { id, cohort };
    // The customer's profile names the segment and links to it.
    await members.getByRole('link', { name: 'Big Spender' }).click();
    await page.getByRole('link', { name: `Pro or big spender ${cohort}` }).click();
    await page.waitForURL(`**/segments/${id}`);
  });

  it('edits the rules: the segment rebuilds (building, then ready) and its members follow', async () => {
    await page.goto(`/segments/${built.id}`);
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: /^Edit / }).waitFor();
    const filter = page.getByRole('group', { name: 'Property filter 1' });
    await filter.getByLabel(/^Value for/).fill('40');
    // Small Order (50) now counts too: 3 customers.
    await expect.poll(async () => (await page.getByTestId('preview-count').textContent())?.trim(), { timeout: 10_000 }).toBe('3');
    // Leaving unsaved asks first.
    await page.getByRole('link', { name: 'Cancel' }).click();
    const leave = page.getByRole('dialog', { name: 'Leave without saving?' });
    await leave.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Save changes' }).first().click();
    await page.waitForURL(`**/segments/${built.id}`);
    await page.getByText('Building', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Run pending work now' }).click();
    await page.getByText('Ready', { exact: true }).first().waitFor();
    await expect.poll(async () => page.getByTestId('segment-members').textContent()).toBe('3');
    await page.getByRole('table', { name: 'Members' }).getByRole('link', { name: 'Small Order' }).waitFor();
  });

  it('shows the whole rule language from JSON, nests to the 8-level limit and keeps what it cannot show', async () => {
    const other = await api<{ id: string }>('POST', '/segments', { name: `Referenced ${unique('r')}`, rules: { field: 'email', op: 'exists', value: true } });
    const rules = {
      all: [
        { field: 'lifecycle', op: 'in', value: ['active', 'at_risk'] },
        { field: 'stats.totalSpent', op: 'between', value: [100, 500] },
        { field: 'stats.lastOrderAt', op: 'before', value: '2026-10-01' },
        { field: 'cart.updatedAt', op: 'withinLast', value: '2h' },
        { field: 'email', op: 'endsWith', value: '@example.com' },
        { field: 'rfm.tier', op: 'nin', value: ['bronze'] },
        { field: 'attributes.vip', op: 'eq', value: true },
        { field: 'firstName', op: 'exists', value: false },
        { not: { inSegment: other.body.id } },
        { event: 'product_viewed', where: [{ field: 'properties.category', op: 'in', value: ['shoes', 'hats'] }], count: { op: 'gte', value: 3 }, within: '2w' },
      ],
    };
    await page.goto('/segments/new');
    await page.getByRole('tab', { name: 'JSON' }).click();
    await page.getByLabel('Rules as JSON').fill(JSON.stringify(rules));
    await page.getByRole('tab', { name: 'Builder' }).click();
    const root = page.getByRole('group', { name: 'Rules' });
    await page.getByText('11 of 100 conditions', { exact: false }).waitFor();
    expect(await root.getByLabel('Field').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['Lifecycle stage', 'Total spent', 'Last order', 'Cart last updated', 'Email', 'RFM tier', 'Custom attribute…', 'First name']);
    await root.getByRole('group', { name: /^Member of Referenced/ }).waitFor();
    await root.getByRole('group', { name: 'Excluded: customers who match this are left out' }).waitFor();
    expect(await root.getByLabel(/^Comparison for/).evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))).toEqual(['is one of', 'is between', 'is before', 'is within the last', 'ends with', 'is none of', 'is', 'is not set', 'is one of']);
    const expected = await api<{ count: number }>('POST', '/segments/preview', { rules });
    await expect.poll(async () => (await page.getByTestId('preview-count').textContent())?.trim(), { timeout: 10_000 }).toBe(String(expected.body.count));
    await page.getByRole('tab', { name: 'JSON' }).click();
    expect(JSON.parse(await page.getByLabel('Rules as JSON').inputValue())).toEqual(rules);

    // A key the language does not have: kept as written, shown as such, refused by the API at that node.
    await page.getByLabel('Rules as JSON').fill(JSON.stringify({ all: [{ field: 'email', op: 'eq', value: 'x', caseSensitive: true }] }));
    await page.getByRole('tab', { name: 'Builder' }).click();
    const raw = root.getByRole('group', { name: 'A rule the builder cannot show' });
    await raw.getByText(/unknown key/).waitFor();
    await raw.getByRole('button', { name: /^Actions for/ }).click();
    await page.getByRole('menuitem', { name: 'Remove' }).click();

    // Groups nest until a group could no longer hold a condition (8 levels).
    for (let level = 2; level <= 7; level++) {
      const parent = level === 2 ? root : root.getByRole('group', { name: `Group at level ${level - 1}` });
      await parent.getByRole('button', { name: 'Group', exact: true }).last().click();
    }
    const deepest = root.getByRole('group', { name: 'Group at level 7' });
    expect(await deepest.getByRole('button', { name: 'Group', exact: true }).isDisabled()).toBe(true);
    await deepest.getByRole('button', { name: 'Condition', exact: true }).click();
    const leaf = deepest.getByRole('group', { name: /^Condition/ });
    await choose(leaf.getByLabel(/^Comparison for/), 'is set');
    await leaf.getByRole('button', { name: /^Actions for/ }).click();
    expect(await page.getByRole('menuitem', { name: 'Exclude who matches (NOT)' }).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'JSON' }).click();
    const deep = JSON.parse(await page.getByLabel('Rules as JSON').inputValue());
    expect((await api('POST', '/segments/preview', { rules: deep })).status).toBe(200);
    await page.getByTestId('preview-count').waitFor();
    await page.getByRole('tab', { name: 'Builder' }).click();
    await snapshot(page, 'segment-builder-deep');
  });

  it('refuses to delete a segment an active cadence uses, with the reason from the API', async () => {
    const starters = await api<{ segments: Record<string, string> }>('POST', '/starters', {});
    const cartId = starters.body.segments['open-cart']!;
    const cadences = await api<{ items: { id: string; segmentId: string; status: string }[] }>('GET', '/cadences?limit=500');
    const cadence = cadences.body.items.find((c) => c.segmentId === cartId)!;
    if (cadence.status === 'draft') expect((await api('POST', `/cadences/${cadence.id}/activate`, { enrollExisting: false })).status).toBe(200);
    await page.goto(`/segments/${cartId}`);
    await page.getByRole('button', { name: 'Delete' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Open cart?' });
    await dialog.getByRole('button', { name: 'Delete the segment' }).click();
    await dialog.getByText('uses this segment').waitFor();
    await snapshot(page, 'segment-delete-refused', { fullPage: false });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await api('GET', `/segments/${cartId}`)).status).toBe(200);
  });
});

describe('a viewer', () => {
  it('reads segments and their rules, with no way to create, edit or delete', async () => {
    const creds = await createUser('viewer');
    const viewer = await newPage(browser);
    await login(viewer, creds.email, creds.password);
    await viewer.goto('/segments');
    await viewer.getByRole('heading', { name: 'Segments', level: 1 }).waitFor();
    await viewer.getByRole('link', { name: 'Open cart' }).first().waitFor();
    expect(await viewer.getByRole('link', { name: 'New segment' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: /Install the starter/ }).count()).toBe(0);
    await snapshot(viewer, 'segments-viewer');

    await viewer.getByRole('link', { name: 'Open cart' }).first().click();
    await viewer.getByRole('group', { name: 'Rules' }).getByText('Cart status is Open').waitFor();
    expect(await viewer.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await viewer.getByRole('combobox').count()).toBe(0);
    await snapshot(viewer, 'segment-viewer');

    await viewer.goto('/segments/new');
    await viewer.getByRole('heading', { name: 'Viewers cannot change segments' }).waitFor();
    await viewer.context().close();
  });
});
