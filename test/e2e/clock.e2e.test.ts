/** The simulated clock in the header: marketers and admins advance it by a duration. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launchBrowser, loginAsAdmin, navLink, newPage, snapshot } from './helpers/app.js';

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

const clockNow = async (): Promise<number> => Date.parse((await api<{ mode: string; now: string }>('GET', '/clock')).body.now);
const HOUR = 3_600_000;

describe('the clock in the header', () => {
  it('advances by a preset and by a typed duration, and refuses a malformed one', async () => {
    const before = await clockNow();
    const indicator = page.getByTestId('clock-indicator');
    await indicator.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Simulated clock').waitFor();
    await snapshot(page, 'clock-popover', { fullPage: false });

    const label = await indicator.getAttribute('aria-label');
    await dialog.getByRole('button', { name: '+1 day' }).click();
    await expect.poll(clockNow).toBe(before + 24 * HOUR);
    await expect.poll(() => indicator.getAttribute('aria-label')).not.toBe(label);

    await dialog.getByLabel('Advance by').fill('soon');
    await dialog.getByRole('button', { name: 'Advance', exact: true }).click();
    await dialog.getByText('An integer and a unit').waitFor();
    expect(await clockNow()).toBe(before + 24 * HOUR);

    await dialog.getByLabel('Advance by').fill('90m');
    await dialog.getByRole('button', { name: 'Advance', exact: true }).click();
    await expect.poll(clockNow).toBe(before + 25.5 * HOUR);
    const shown = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(before + 25.5 * HOUR));
    await expect.poll(async () => (await indicator.textContent()) ?? '').toContain(shown.split(' ').slice(0, 2).join(' '));

    // A week later the session still holds: it expires by wall time, not by the simulated clock.
    await dialog.getByRole('button', { name: '+1 week' }).click();
    await expect.poll(clockNow).toBe(before + (25.5 + 168) * HOUR);
    await navLink(page, 'Customers').click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/customers');
  });
});
