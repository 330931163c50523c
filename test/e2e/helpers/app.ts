/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/**
 * What every browser test needs: the running server (from global setup), its API with the admin
 * key for setting data up, Chromium, logging in through the form, screenshots at 1280 and 390 px
 * wide, and the axe-core check (no serious or critical violation) on each page the tests visit.
 */
import { mkdirSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

export const server = inject('e2e');

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const WIDE = { width: 1280, height: 860 };
export const NARROW = { width: 390, height: 844 };
const SHOTS = 'test-results/e2e';

/** Playwright gives every launch a fresh, temporary profile (its own --user-data-dir). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A page in its own context (cookies), with the server as base URL. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.baseUrl, viewport: WIDE, timezoneId: 'UTC', locale: 'en-GB' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** The API with the bootstrap admin key: how tests set data up, as an integration would. */
export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${server.apiKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function login(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  await page.getByRole('navigation', { name: 'Main' }).waitFor({ state: 'attached' });
}

/** A link of the main navigation (the drawer's, on narrow screens). */
export function navLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

export async function loginAsAdmin(page: Page): Promise<void> {
  await login(page, server.admin.email, server.admin.password);
}

/** Creates a login through the API (admin key) and returns its credentials. */
export async function createUser(role: 'admin' | 'marketer' | 'viewer'): Promise<{ email: string; password: string }> {
  const creds = { email: `${role}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@e2e.example.com`, password: `${role}-password-123` };
  const res = await api('POST', '/users', { ...creds, role });
  expect(res.status).toBe(201);
  return creds;
}

/** Tests wait for the content they check before a snapshot; this lets fonts and transitions finish. */
async function settle(page: Page): Promise<void> {
  await page.evaluate('document.fonts.ready');
  // Mantine transitions (modals, popovers, the drawer) take up to 200 ms.
  await page.waitForTimeout(300);
}

/** Fails on any serious or critical axe-core violation on the page as it is now. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  // A captured email's own HTML (authored in templates) renders in a sandboxed iframe without
  // scripts, which axe cannot enter; the app around it is checked.
  const results = await new AxeBuilder({ page }).exclude('iframe[sandbox]').analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n    ')}`);
  expect(bad, `axe-core on ${what}`).toEqual([]);
}

const narrowChecked = new Set<string>();

/**
 * Screenshots of the page as it is now at 1280 and at 390 px wide (test-results/e2e/<name>-1280.png,
 * -390.png), with the axe-core check (at 390 px once per file); the page is left at 1280. `grow`: captured with
 * the viewport grown to the whole page (for email previews in iframes, and pages scrolled by the test).
 */
export async function snapshot(page: Page, name: string, opts: { fullPage?: boolean; grow?: boolean } = {}): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  for (const size of [WIDE, NARROW]) {
    await page.setViewportSize(size);
    // From the top: a full-page shot of a scrolled page draws the fixed header mid-page.
    await page.evaluate('window.scrollTo(0, 0)');
    await settle(page);
    if (opts.grow) {
      // Chromium does not paint an out-of-process iframe (a sandboxed email preview) outside the
      // viewport, and a full-page capture of a scrolled page draws the fixed header mid-page: the
      // page goes back to its top and the viewport grows to the whole page instead.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.setViewportSize({ width: size.width, height: await page.evaluate(() => document.documentElement.scrollHeight) });
      await settle(page);
    }
    await page.screenshot({ path: `${SHOTS}/${name}-${size.width}.png`, fullPage: !opts.grow && (opts.fullPage ?? true) });
    // axe-core at 1280 px on every snapshot; at 390 px (the same content in the phone layout: the
    // header, the drawer navigation) on the first snapshot of each file, which keeps the run short.
    const file = expect.getState().testPath ?? '';
    if (size === WIDE || !narrowChecked.has(file)) {
      narrowChecked.add(file);
      await expectAccessible(page, `${name} at ${size.width} px`);
    }
  }
  await page.setViewportSize(WIDE);
  await settle(page);
}

export const unique = (prefix: string): string => `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
