/** Logging in and out, a session that ends, and what a viewer may see (and not do). */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NARROW, api, createUser, expectAccessible, launchBrowser, login, loginAsAdmin, navLink, newPage, server, snapshot } from './helpers/app.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('logging in', () => {
  it('refuses a wrong password with a message, then logs in and shows the dashboard', async () => {
    const page = await newPage(browser);
    await page.goto('/customers');
    await expect.poll(() => page.url()).toContain('/login?next=%2Fcustomers');
    await page.getByLabel('Email').fill(server.admin.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Wrong email or password');
    await snapshot(page, 'login-wrong-password');

    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(server.admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    // Back where the user was going.
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/customers');

    await navLink(page, 'Dashboard').click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await page.getByText('This server', { exact: true }).waitFor();
    await snapshot(page, 'dashboard');

    // On a phone the navigation lives behind the burger, and closes once a page is picked.
    await page.setViewportSize(NARROW);
    const navbar = page.locator('.mantine-AppShell-navbar');
    const onScreen = async () => ((await navbar.boundingBox())?.x ?? -1) >= 0 && (await navbar.getAttribute('inert')) === null;
    expect(await onScreen()).toBe(false);
    await page.getByRole('button', { name: 'Open navigation' }).click();
    await expect.poll(onScreen).toBe(true);
    await page.waitForTimeout(300);
    await page.screenshot({ path: 'test-results/e2e/navigation-drawer-390.png' });
    await expectAccessible(page, 'the navigation drawer at 390 px');
    await navLink(page, 'Customers').click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await expect.poll(onScreen).toBe(false);
    await page.context().close();
  });

  it('logs out from the user menu, and the app is closed again', async () => {
    const page = await newPage(browser);
    await loginAsAdmin(page);
    await page.getByRole('button', { name: /^Account:/ }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in to Retainly' }).waitFor();
    await page.goto('/customers');
    await page.getByRole('heading', { name: 'Log in to Retainly' }).waitFor();
    await page.context().close();
  });

  it('sends the user back to the login page, saying so, when the session ends', async () => {
    const page = await newPage(browser);
    await loginAsAdmin(page);
    // A page that polls nothing, so the next request is the click below.
    await navLink(page, 'Settings').click();
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    // The session ends behind the app's back (expiry, or a logout in another tab).
    await page.context().clearCookies();
    await navLink(page, 'Customers').click();
    await page.getByText('Your session has ended').waitFor();
    expect(page.url()).toContain('/login?next=%2Fcustomers');
    await snapshot(page, 'login-session-ended');
    // Logging in again goes back to where the user was.
    await page.getByLabel('Email').fill(server.admin.email);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill(server.admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await page.context().close();
  });
});

describe('a viewer', () => {
  let page: Page;
  let customerId: string;
  beforeAll(async () => {
    const created = await api<{ id: string }>('POST', '/customers', { email: `viewer-sees-${Date.now()}@e2e.example.com`, firstName: 'Vera' });
    customerId = created.body.id;
    const viewer = await createUser('viewer');
    page = await newPage(browser);
    await login(page, viewer.email, viewer.password);
  });
  afterAll(async () => {
    await page?.context().close();
  });

  const writeControls = ['Import CSV', 'Erase', 'Clear outbox', 'Advance', '+1 day', 'Add user', 'Create key', 'Install the starter segments and cadences', 'Run pending work now', 'Delete'];

  async function expectNoWriteControls(where: string): Promise<void> {
    for (const name of writeControls) {
      expect(await page.getByRole('button', { name, exact: true }).count(), `${name} on ${where}`).toBe(0);
    }
  }

  it('sees no write controls on any page, and no Settings', async () => {
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await navLink(page, 'Outbox').waitFor(); // shown once the server says it has the catcher
    expect(await nav.getByRole('link').allInnerTexts()).toEqual(['Dashboard', 'Customers', 'Segments', 'Templates', 'Cadences', 'Reports', 'Outbox']);
    await expectNoWriteControls('the dashboard');

    await navLink(page, 'Customers').click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    await page.getByRole('textbox', { name: 'Search customers by email' }).waitFor();
    await expectNoWriteControls('the customer list');
    await snapshot(page, 'viewer-customers');

    await page.goto(`/customers/${customerId}`);
    await page.getByRole('heading', { name: 'Vera', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Export data' }).waitFor();
    await expectNoWriteControls('a customer profile');

    await page.goto('/outbox');
    await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
    await expectNoWriteControls('the outbox');

    // The clock can be read, not advanced.
    await page.getByTestId('clock-indicator').click();
    await page.getByText('Marketers and admins can advance it.').waitFor();
    await expectNoWriteControls('the clock');
    await snapshot(page, 'viewer-clock', { fullPage: false });
    await page.keyboard.press('Escape');

    await page.goto('/settings');
    await page.getByRole('heading', { name: 'Settings is for admins' }).waitFor();
    await expectNoWriteControls('settings');
  });

  it('is refused by the API even when a write is attempted by hand', async () => {
    const status = await page.evaluate(async () => {
      const me = (await (await fetch('/api/v1/auth/me')).json()) as { csrfToken: string };
      const res = await fetch('/api/v1/customers', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
        body: JSON.stringify({ email: 'sneaky@e2e.example.com' }),
      });
      return res.status;
    });
    expect(status).toBe(403);
    expect((await api<{ items: unknown[] }>('GET', '/customers?email=sneaky@e2e.example.com')).body.items).toEqual([]);
  });
});
