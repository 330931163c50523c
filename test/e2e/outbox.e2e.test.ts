/** The outbox: an email delivered over SMTP to the embedded catcher, seen as the customer would. */
import nodemailer from 'nodemailer';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launchBrowser, loginAsAdmin, navLink, newPage, server, snapshot, unique } from './helpers/app.js';

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

async function sendToCatcher(to: string, subject: string): Promise<void> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port: server.smtpPort, secure: false, ignoreTLS: true });
  await transport.sendMail({
    from: '"Retainly Demo" <news@example.com>',
    to,
    subject,
    headers: { 'List-Unsubscribe': '<http://localhost/u/token>', 'X-Retainly-Test': 'outbox-e2e' },
    text: 'Your cart is waiting.\n\nComplete your order: https://shop.example.com/checkout',
    html: `<!doctype html><html><head><title>${subject}</title></head><body style="font-family:sans-serif">
      <h1 style="color:#222">Your cart is waiting</h1>
      <p>You left 3 items behind. <a href="https://shop.example.com/checkout">Complete your order</a></p>
      <img src="https://images.example.com/cart.png" width="200" height="100" alt="Your cart">
      <script>document.body.innerHTML = 'scripts must not run'</script>
    </body></html>`,
  });
  transport.close();
}

describe('the outbox', () => {
  it('lists a captured email and renders it: HTML in a sandbox, text part, headers', async () => {
    const to = `${unique('mail')}@e2e.example.com`;
    const subject = `Your cart is waiting ${to.slice(4, 10)}`;
    await sendToCatcher(to, subject);
    await expect.poll(async () => (await api<{ items: unknown[] }>('GET', `/outbox?to=${to}`)).body.items.length).toBe(1);

    await navLink(page, 'Outbox').click();
    await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
    const item = page.getByRole('list', { name: 'Captured emails' }).getByRole('link').filter({ hasText: subject });
    await item.waitFor();
    expect(await item.textContent()).toContain(to);
    await snapshot(page, 'outbox-list');

    await item.click();
    const preview = page.getByTestId('email-preview');
    await preview.getByRole('heading', { name: subject }).waitFor();
    const frame = page.frameLocator(`iframe[title="Email: ${subject}"]`);
    await frame.getByRole('heading', { name: 'Your cart is waiting' }).waitFor();
    // The email's script did not run, and its remote image waits until asked for.
    expect(await frame.getByText('scripts must not run').count()).toBe(0);
    const iframe = page.locator(`iframe[title="Email: ${subject}"]`);
    expect(await iframe.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    expect(await iframe.getAttribute('srcdoc')).toContain("img-src data: cid:");
    await snapshot(page, 'outbox-email-html');

    await preview.getByRole('tab', { name: 'Text' }).click();
    await preview.getByText('Complete your order: https://shop.example.com/checkout').waitFor();
    await preview.getByRole('tab', { name: 'Headers' }).click();
    await preview.getByText('outbox-e2e').waitFor();
    await preview.getByText('list-unsubscribe', { exact: true }).waitFor();
    await snapshot(page, 'outbox-email-headers');
  });

  it('is cleared after a confirmation, and then says what to do', async () => {
    await page.goto('/outbox');
    await page.getByRole('button', { name: 'Clear outbox' }).click();
    await page.getByRole('dialog', { name: 'Clear the outbox?' }).getByRole('button', { name: 'Delete all captured emails' }).click();
    await page.getByText('No emails captured yet').waitFor();
    await page.getByText('While SMTP_URL is unset').waitFor();
    expect((await api<{ items: unknown[] }>('GET', '/outbox')).body.items).toEqual([]);
    await snapshot(page, 'outbox-empty');
  });

  it('filters by recipient and says so when nothing matches', async () => {
    await sendToCatcher(`${unique('keep')}@e2e.example.com`, 'Kept for the filter');
    await page.goto('/outbox');
    await page.getByRole('textbox', { name: 'Filter by recipient' }).fill('nobody@e2e.example.com');
    await page.getByText('No email to nobody@e2e.example.com').waitFor();
  });
});
