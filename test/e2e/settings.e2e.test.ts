/** Settings (admin): adding a user with a role, an API key shown once, revoking it. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, login, loginAsAdmin, navLink, newPage, server, snapshot, unique } from './helpers/app.js';

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

describe('settings', () => {
  it('adds a marketer, with the server naming a bad field first, and the marketer can log in', async () => {
    const email = `${unique('mia')}@e2e.example.com`;
    await navLink(page, 'Settings').click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a user' });
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByRole('textbox', { name: 'Password', exact: true }).fill('short');
    await dialog.getByRole('radio', { name: 'Marketer' }).check();
    await dialog.getByRole('button', { name: 'Add user' }).click();
    // The API's validation detail appears next to the field it names.
    await dialog.getByText('must be at least 10 characters').waitFor();
    await snapshot(page, 'settings-add-user-error', { fullPage: false });
    await dialog.getByRole('textbox', { name: 'Password', exact: true }).fill('a long enough password');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: email }).waitFor();
    await snapshot(page, 'settings-users');

    const other = await newPage(browser);
    await login(other, email, 'a long enough password');
    await navLink(other, 'Outbox').waitFor();
    expect(await other.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts()).toEqual(['Dashboard', 'Customers', 'Segments', 'Templates', 'Cadences', 'Reports', 'Outbox']);
    await navLink(other, 'Customers').click();
    await other.getByRole('button', { name: 'Import CSV' }).waitFor();
    await other.context().close();
  });

  it('creates an API key shown once, which works until it is revoked', async () => {
    await page.goto('/settings/api-keys');
    await page.getByRole('button', { name: 'Create key' }).click();
    const dialog = page.getByRole('dialog');
    const name = unique('Shop sync ');
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('radio', { name: 'Viewer' }).check();
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const shown = dialog.getByTestId('new-api-key');
    await shown.waitFor();
    const key = ((await shown.textContent()) ?? '').trim();
    expect(key).toMatch(/^rk_/);
    await snapshot(page, 'settings-api-key-created', { fullPage: false });
    await dialog.getByRole('button', { name: 'Done' }).click();

    const call = () => fetch(`${server.baseUrl}/api/v1/customers?limit=1`, { headers: { Authorization: `Bearer ${key}` } }).then((r) => r.status);
    expect(await call()).toBe(200);
    const row = page.getByRole('row').filter({ hasText: name });
    await row.waitFor();
    expect(await page.getByText(key).count()).toBe(0);
    await snapshot(page, 'settings-api-keys');

    await row.getByRole('button', { name: `Revoke ${name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await row.waitFor({ state: 'detached' });
    expect(await call()).toBe(401);
  });
});
