/**
 * Leaving in one click, as a customer would: the unsubscribe link of a cadence email opened in a
 * browser (no login), the confirmation page, the button, the unsubscribed page. Then the marketer
 * sees the customer unsubscribed and their enrollment ended, and the next step goes out to the
 * other customer only when the clock is advanced.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NARROW, WIDE, api, expectAccessible, launchBrowser, loginAsAdmin, newPage, server, snapshot, unique } from './helpers/app.js';

const POLL = { timeout: 15_000 };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

interface OutboxItem {
  subject: string;
  headers: Record<string, string>;
}

const outboxFor = async (email: string): Promise<OutboxItem[]> => (await api<{ items: OutboxItem[] }>('GET', `/outbox?to=${encodeURIComponent(email)}`)).body.items;

/** A customer-facing page captured at both widths, with the axe-core check. */
async function capture(page: Page, name: string): Promise<void> {
  for (const size of [WIDE, NARROW]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `test-results/e2e/${name}-${size.width}.png`, fullPage: true });
    await expectAccessible(page, `${name} at ${size.width} px`);
  }
}

describe('unsubscribing from a cadence email', () => {
  const tag = unique('unsub');
  const leaving = `${tag}-lea@e2e.example.com`;
  const staying = `${tag}-sam@e2e.example.com`;
  let cadenceId: string;
  let leavingId: string;
  let unsubscribeUrl: string;

  beforeAll(async () => {
    leavingId = (await api<{ id: string }>('POST', '/customers', { email: leaving, firstName: 'Lea', attributes: { cohort: tag } })).body.id;
    await api('POST', '/customers', { email: staying, firstName: 'Sam', attributes: { cohort: tag } });
    const segment = await api<{ id: string }>('POST', '/segments', { name: `Leavers ${tag}`, description: 'e2e', rules: { field: 'attributes.cohort', op: 'eq', value: tag } });
    await api('POST', '/clock/advance', { by: '0s' });
    const mjml = `<mjml><mj-body><mj-section><mj-column>
      <mj-text>Step {{step.index}} for {{customer.firstName}}</mj-text>
      <mj-text><a href="{{unsubscribeUrl}}">Unsubscribe</a></mj-text>
    </mj-column></mj-section></mj-body></mjml>`;
    const template = await api<{ id: string }>('POST', '/templates', { name: `Leavers ${tag}`, subject: 'Step {{step.index}} for {{customer.firstName}}', preheader: '', mjml });
    const cadence = await api<{ id: string }>('POST', '/cadences', {
      name: `Leavers ${tag}`,
      segmentId: segment.body.id,
      steps: [
        { delay: '1h', templateId: template.body.id },
        { delay: '1d', templateId: template.body.id },
      ],
    });
    cadenceId = cadence.body.id;
    expect((await api('POST', `/cadences/${cadenceId}/activate`, { enrollExisting: true })).status).toBe(200);
    await api('POST', '/clock/advance', { by: '1h' });
    const [email] = await outboxFor(leaving);
    expect(email?.subject).toBe('Step 0 for Lea');
    // RFC 8058: the List-Unsubscribe header carries the same link as the email's footer.
    const header = Object.entries(email!.headers).find(([k]) => k.toLowerCase() === 'list-unsubscribe')?.[1] ?? '';
    unsubscribeUrl = /<(https?:[^>]+)>/.exec(header)?.[1] ?? '';
    expect(unsubscribeUrl.startsWith(`${server.baseUrl}/u/`)).toBe(true);
  });

  it('shows a confirmation page that changes nothing, then unsubscribes with one press', async () => {
    // A customer's browser: no session, no cookie.
    const context = await browser.newContext({ viewport: WIDE, locale: 'en-GB' });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(unsubscribeUrl);
    await page.getByRole('heading', { name: 'Unsubscribe' }).waitFor();
    await page.getByText('Do you want to stop receiving marketing emails').waitFor();
    await capture(page, 'unsubscribe-confirm');
    // Opening the page (as a link scanner would) unsubscribed no one.
    expect((await api<{ subscription: { status: string } }>('GET', `/customers/${leavingId}`)).body.subscription.status).toBe('subscribed');

    await page.setViewportSize(WIDE);
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('heading', { name: 'You are unsubscribed' }).waitFor();
    await capture(page, 'unsubscribe-done');
    await context.close();
  });

  it('shows the customer unsubscribed and their enrollment ended; the next step goes to the other customer only', async () => {
    const page = await newPage(browser);
    await loginAsAdmin(page);
    await page.goto(`/customers/${leavingId}`);
    await page.getByRole('heading', { name: 'Lea', level: 1 }).waitFor();
    await page.getByRole('main').getByText('Unsubscribed', { exact: true }).first().waitFor();

    await page.goto(`/cadences/${cadenceId}?tab=enrollments`);
    const table = page.getByTestId('enrollments');
    const leaRow = table.getByRole('row').filter({ hasText: 'Lea' });
    await leaRow.getByText('Exited', { exact: true }).waitFor();
    await leaRow.getByText('Unsubscribed', { exact: true }).waitFor();
    await table.getByRole('row').filter({ hasText: 'Sam' }).getByText(/^Step 2 of 2 due/).waitFor();

    await page.getByTestId('clock-indicator').click();
    await page.getByRole('dialog').getByRole('button', { name: '+1 day' }).click();
    await expect.poll(async () => (await outboxFor(staying)).map((m) => m.subject).sort(), POLL).toEqual(['Step 0 for Sam', 'Step 1 for Sam']);
    await page.keyboard.press('Escape');
    expect((await outboxFor(leaving)).map((m) => m.subject)).toEqual(['Step 0 for Lea']);
    const ledger = await api<{ items: { step: number; status: string }[] }>('GET', `/messages?customerId=${leavingId}`);
    expect(ledger.body.items.map((m) => [m.step, m.status])).toEqual([[0, 'sent']]);

    await page.getByRole('tab', { name: 'Performance' }).click();
    await expect.poll(() => page.getByTestId('funnel-step-2').locator('[data-metric=sent]').textContent(), POLL).toBe('1');
    await page.getByRole('tab', { name: /^Enrollments/ }).click();
    await page.getByText(/^Exited \d/).click();
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'Sam' }).count(), POLL).toBe(0);
    await table.getByRole('row').filter({ hasText: 'Lea' }).waitFor();
    await snapshot(page, 'cadence-enrollments-exited', { grow: true });
    await page.context().close();
  });
});
