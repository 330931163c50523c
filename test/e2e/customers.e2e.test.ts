/** Customers: search, paging, a profile built from events, CSV import, erasure. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launchBrowser, loginAsAdmin, newPage, server, snapshot, unique } from './helpers/app.js';

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

async function serverNow(): Promise<number> {
  return Date.parse((await api<{ now: string }>('GET', '/clock')).body.now);
}

/** Types a search and waits for its answer (the search applies once typing pauses). */
async function search(prefix: string): Promise<void> {
  await page.goto('/customers');
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/customers' && new URL(r.url()).searchParams.get('q') === prefix);
  await page.getByRole('textbox', { name: 'Search customers by email' }).fill(prefix);
  await answered;
  expect(new URL(page.url()).searchParams.get('q')).toBe(prefix);
}

describe('customers', () => {
  it('finds a customer by email prefix and shows the profile built from their events', async () => {
    const tag = unique('ada');
    const email = `${tag}@e2e.example.com`;
    const created = await api<{ id: string }>('POST', '/customers', { email, firstName: 'Ada', lastName: 'Lovelace', attributes: { plan: 'pro', city: 'London' } });
    expect(created.status).toBe(201);
    const now = await serverNow();
    const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
    const events = await api<{ accepted: number }>('POST', '/events', {
      events: [
        { type: 'order_placed', email, occurredAt: at(200), properties: { orderId: `${tag}-1`, total: 120, currency: 'EUR' } },
        { type: 'order_placed', email, occurredAt: at(40), properties: { orderId: `${tag}-2`, total: 80, currency: 'EUR' } },
        { type: 'order_placed', email, occurredAt: at(10), properties: { orderId: `${tag}-3`, total: 300, currency: 'EUR', items: [{ sku: 'TEA', name: 'Tea', price: 150, quantity: 2 }] } },
        { type: 'page_viewed', email, occurredAt: at(2), properties: { url: 'https://shop.example.com/teapots' } },
        { type: 'cart_updated', email, occurredAt: at(1), properties: { total: 45, currency: 'EUR', items: [{ sku: 'CUP', name: 'Cup', price: 15, quantity: 3 }], checkoutUrl: 'https://shop.example.com/checkout/1' } },
        { type: 'wishlist_added', email, occurredAt: at(0.5), properties: { sku: 'KETTLE' } },
      ],
    });
    expect(events.body.accepted).toBe(6);

    await search(tag.slice(0, 8));
    const link = page.getByRole('link', { name: 'Ada Lovelace' });
    await link.waitFor();
    await snapshot(page, 'customers-search');
    await link.click();

    await page.getByRole('heading', { name: 'Ada Lovelace', level: 1 }).waitFor();
    const main = page.getByRole('main');
    const stat = (label: string) => main.getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]');
    expect(await stat('Orders').textContent()).toBe('3');
    expect(await stat('Total spent').textContent()).toBe('500.00');
    expect(await page.getByTestId('rfm-score').textContent()).toBe('534');
    expect(await main.getByText('Gold', { exact: true }).count()).toBeGreaterThan(0);
    expect(await main.getByText('Active', { exact: true }).count()).toBeGreaterThan(0);
    await main.getByText('Cup', { exact: true }).waitFor();
    await main.getByText('plan', { exact: true }).waitFor();

    const timeline = page.getByTestId('timeline');
    for (const line of ['Placed an order', 'Updated the cart', 'Viewed a page', 'Wishlist added']) await timeline.getByText(line).first().waitFor();
    expect(await timeline.getByText('Placed an order').count()).toBe(3);
    // Newest first (segment entries happened as the events arrived, "just now": they lead).
    const titles = await timeline.locator('.mantine-Timeline-itemTitle').allTextContents();
    expect(titles.filter((t) => !/^(Entered|Left) a segment/.test(t))[0]).toContain('Wishlist added');
    await snapshot(page, 'customer-profile');
  });

  it('pages through a long result with Next and Previous', async () => {
    const tag = unique('pg');
    const rows = Array.from({ length: 30 }, (_, i) => `${tag}-${String(i).padStart(2, '0')}@e2e.example.com`).join('\n');
    const res = await fetch(`${server.baseUrl}/api/v1/customers/import`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.apiKey}`, 'Content-Type': 'text/csv' },
      body: `email\n${rows}\n`,
    });
    expect(((await res.json()) as { created: number }).created).toBe(30);

    await search(tag);
    const table = page.locator('table');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(25);
    await page.getByText('1–25').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(5);
    await page.getByText('26–30').waitFor();
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => table.locator('tbody tr').count()).toBe(25);
  });

  it('imports a CSV file and lists the rejected lines', async () => {
    const tag = unique('csv');
    await api('POST', '/customers', { email: `${tag}-old@e2e.example.com` });
    const csv = [
      'email,firstName,lastName,subscribed,attributes.plan',
      `${tag}-a@e2e.example.com,Alan,Turing,yes,pro`,
      `${tag}-b@e2e.example.com,Grace,Hopper,no,free`,
      `${tag}-old@e2e.example.com,Olde,Customer,yes,pro`,
      'not-an-email,Bad,Row,yes,pro',
    ].join('\n');

    await page.goto('/customers');
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Download a sample file').waitFor();
    await snapshot(page, 'customers-import-dialog', { fullPage: false });
    await dialog.locator('input[type=file]').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();

    const result = page.getByTestId('import-result');
    await result.waitFor();
    const tile = (label: string) => result.getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]');
    expect(await tile('Created').textContent()).toBe('2');
    expect(await tile('Updated').textContent()).toBe('1');
    expect(await tile('Rejected').textContent()).toBe('1');
    const rejected = result.locator('tbody tr');
    expect(await rejected.count()).toBe(1);
    expect(await rejected.locator('td').first().textContent()).toBe('5');
    expect(await rejected.locator('td').nth(1).textContent()).toContain('email');
    await snapshot(page, 'customers-import-result', { fullPage: false });
    await result.getByRole('button', { name: 'Done' }).click();

    const found = await api<{ items: { firstName: string; subscription: { status: string } }[] }>('GET', `/customers?email=${tag}-b@e2e.example.com`);
    expect(found.body.items[0]).toMatchObject({ firstName: 'Grace', subscription: { status: 'unsubscribed' } });
  });

  it('erases a customer after a confirmation', async () => {
    const email = `${unique('erase')}@e2e.example.com`;
    const created = await api<{ id: string }>('POST', '/customers', { email, firstName: 'Eve' });
    await page.goto(`/customers/${created.body.id}`);
    await page.getByRole('heading', { name: 'Eve', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Erase', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase Eve?' });
    await dialog.getByText('cannot be undone').waitFor();
    await snapshot(page, 'customer-erase-confirm', { fullPage: false });
    await dialog.getByRole('button', { name: 'Erase customer' }).click();
    await page.getByText('Eve was erased.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/customers');
    expect((await api('GET', `/customers/${created.body.id}`)).status).toBe(404);
  });

  it('says what to do when a search finds nobody', async () => {
    await search('zz-nobody-has-this-prefix');
    await page.getByText('No customer’s email starts with “zz-nobody-has-this-prefix”').waitFor();
    await snapshot(page, 'customers-search-empty');
  });
});
