/**
 * Reports and the dashboard: a cadence set up through the API sends on the simulated clock, one
 * email is opened and clicked through its tracking URLs, and the dashboard, the per-segment report
 * and its CSV export show the same numbers as the API's report.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launchBrowser, loginAsAdmin, navLink, newPage, server, snapshot, unique } from './helpers/app.js';

const BROWSER_UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

interface Row {
  segmentId: string;
  name: string;
  members: number;
  sent: number;
  uniqueOpens: number;
  uniqueClicks: number;
  openRate: number;
  clickRate: number;
  clickToOpenRate: number;
}

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

/** The tracking URLs in the email captured for `to` (pixel and first tracked link). */
async function trackingUrls(to: string): Promise<{ pixel: string; click: string }> {
  const outbox = await api<{ items: { html: string }[] }>('GET', `/outbox?to=${encodeURIComponent(to)}`);
  const html = outbox.body.items[0]!.html;
  return { pixel: /<img[^>]+src="([^"]+\/t\/o\/[^"]+)"/.exec(html)![1]!, click: /href="([^"]+\/t\/c\/[^"]+)"/.exec(html)![1]! };
}

/** As a person's mail client would fetch it (a browser's user agent, no HEAD, not on delivery). */
async function hit(url: string): Promise<number> {
  const res = await fetch(new URL(new URL(url).pathname, server.baseUrl), { headers: { 'User-Agent': BROWSER_UA }, redirect: 'manual' });
  return res.status;
}

const pct = (ratio: number): string => `${Math.round(ratio * 1000) / 10}%`;

describe('reports', () => {
  let segmentId: string;
  let segmentName: string;

  it('shows the sends, opens and clicks of a cadence on the dashboard, equal to the API', async () => {
    const cohort = unique('rp');
    const emails = ['a', 'b', 'c'].map((n) => `${cohort}-${n}@e2e.example.com`);
    for (const [i, email] of emails.entries()) expect((await api('POST', '/customers', { email, firstName: `Reader${i + 1}`, attributes: { cohort } })).status).toBe(201);
    const starters = await api<{ templates: Record<string, string> }>('POST', '/starters', {});
    segmentName = `Report cohort ${cohort}`;
    const segment = await api<{ id: string }>('POST', '/segments', { name: segmentName, rules: { field: 'attributes.cohort', op: 'eq', value: cohort } });
    segmentId = segment.body.id;
    const cadence = await api('POST', '/cadences', { name: `Welcome ${cohort}`, segmentId, steps: [{ delay: '1h', templateId: starters.body.templates['loyalty-gold'] }], status: 'active' });
    expect(cadence.status).toBe(201);

    // Build, enroll, and send step 0 an hour after entry; then a person opens two emails and clicks one.
    await api('POST', '/clock/advance', { by: '2h' });
    await expect.poll(async () => (await api<{ items: unknown[] }>('GET', `/messages?segmentId=${segmentId}`)).body.items.length).toBe(3);
    const first = await trackingUrls(emails[0]!);
    const second = await trackingUrls(emails[1]!);
    expect(await hit(first.pixel)).toBe(200);
    expect(await hit(first.click)).toBe(302);
    expect(await hit(second.pixel)).toBe(200);
    await api('POST', '/clock/advance', { by: '0s' });

    const report = await api<{ items: Row[] }>('GET', '/reports/segments');
    const row = report.body.items.find((r) => r.segmentId === segmentId)!;
    expect(row).toMatchObject({ sent: 3, uniqueOpens: 2, uniqueClicks: 1 });
    const overview = await api<{ customers: number; activeCadences: number; total: { sent: number; openRate: number; clickRate: number } }>('GET', '/reports/overview');

    // A fresh visit (the dashboard also refreshes itself every minute).
    await page.goto('/');
    const headline = page.getByTestId('headline');
    const stat = (label: string) => headline.getByText(label, { exact: true }).locator('xpath=following-sibling::*[1]');
    await expect.poll(() => stat('Emails sent').textContent()).toBe(String(overview.body.total.sent));
    expect(await stat('Customers').textContent()).toBe(overview.body.customers.toLocaleString('en-GB'));
    expect(await stat('Active cadences').textContent()).toBe(String(overview.body.activeCadences));
    expect(await stat('Open rate').textContent()).toBe(pct(overview.body.total.openRate));
    expect(await stat('Click rate').textContent()).toBe(pct(overview.body.total.clickRate));

    const dashRow = page.getByTestId('dashboard-segments').locator(`tr[data-row="${segmentId}"]`);
    await dashRow.waitFor();
    const cell = (r: typeof dashRow, col: string) => r.locator(`td[data-col="${col}"]`).textContent();
    expect(await cell(dashRow, 'sent')).toBe('3');
    expect(await cell(dashRow, 'openRate')).toBe(pct(row.openRate));
    expect(await cell(dashRow, 'clickRate')).toBe(pct(row.clickRate));
    expect(await cell(dashRow, 'clickToOpenRate')).toBe(pct(row.clickToOpenRate));
    await dashRow.getByRole('img', { name: /Sends per day/ }).waitFor();
    await page.getByRole('heading', { name: 'Segment size over time' }).waitFor();
    await snapshot(page, 'dashboard');
  });

  it('shows the same numbers in the per-segment report, and exports them as CSV', async () => {
    const report = await api<{ from: string; to: string; items: Row[] }>('GET', '/reports/segments');
    await navLink(page, 'Reports').click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    const table = page.getByTestId('segment-report');
    const row = table.locator(`tr[data-row="${segmentId}"]`);
    await row.waitFor();
    const expected = report.body.items.find((r) => r.segmentId === segmentId)!;
    expect(await row.locator('td[data-col="sent"]').textContent()).toBe(String(expected.sent));
    expect(await row.locator('td[data-col="openRate"]').textContent()).toBe(pct(expected.openRate));
    expect(await row.locator('td[data-col="clickRate"]').textContent()).toBe(pct(expected.clickRate));

    // Day by day for the segment: the chart's figures above it sum the same sends.
    await page.getByRole('combobox', { name: 'Segment' }).click();
    await page.getByRole('option', { name: segmentName, exact: true }).click();
    const overTime = page.getByRole('region', { name: 'Per segment over time' });
    await expect.poll(() => overTime.getByText('Sent', { exact: true }).first().locator('xpath=following-sibling::*[1]').textContent()).toBe('3');
    await expect.poll(() => overTime.getByText('Unique clicks', { exact: true }).first().locator('xpath=following-sibling::*[1]').textContent()).toBe('1');
    await snapshot(page, 'reports-segments');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`retainly-segments-${report.body.from}-to-${report.body.to}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('Segment,Members,Sent,Open rate (%),Click rate (%),Click-to-open (%),Unsubscribes,Bounces,Conversions,Revenue,Machine opens,Machine clicks');
    // One line per row of the table, in the table's order, with the table's figures.
    const shown = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row')));
    expect(lines.length - 1).toBe(shown.length);
    const mine = lines.find((l) => l.startsWith(`${segmentName},`))!.split(',');
    expect(mine.slice(0, 6)).toEqual([segmentName, String(expected.members), '3', String(Math.round(expected.openRate * 1000) / 10), String(Math.round(expected.clickRate * 1000) / 10), String(Math.round(expected.clickToOpenRate * 1000) / 10)]);
    for (const [i, id] of shown.entries()) {
      const name = report.body.items.find((r) => r.segmentId === id)!.name;
      expect(lines[i + 1]!.startsWith(name.includes(',') ? `"${name}` : `${name},`)).toBe(true);
    }

    // Another range: the last 7 days, kept in the address; the export names it.
    await page.getByRole('button', { name: 'Date range' }).click();
    await page.getByRole('button', { name: 'Last 7 days' }).click();
    const from = new Date(Date.parse(`${report.body.to}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
    await expect.poll(() => new URL(page.url()).searchParams.get('from')).toBe(from);
    expect(new URL(page.url()).searchParams.get('to')).toBe(report.body.to);
    const week = await api<{ items: Row[] }>('GET', `/reports/segments?from=${from}&to=${report.body.to}`);
    await expect.poll(() => row.locator('td[data-col="sent"]').textContent()).toBe(String(week.body.items.find((r) => r.segmentId === segmentId)!.sent));
    const [weekly] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(weekly.suggestedFilename()).toBe(`retainly-segments-${from}-to-${report.body.to}.csv`);
  });

  it('shows a cadence step by step', async () => {
    await page.getByRole('tab', { name: 'By cadence' }).click();
    await page.waitForURL('**/reports/cadences**');
    const cadences = await api<{ items: { id: string; name: string; segmentId: string }[] }>('GET', '/cadences?limit=500');
    const cadence = cadences.body.items.find((c) => c.segmentId === segmentId)!;
    await page.getByRole('combobox', { name: 'Cadence' }).click();
    await page.getByRole('option', { name: cadence.name }).click();
    const steps = await api<{ steps: { step: number; sent: number; uniqueOpens: number }[] }>('GET', `/reports/cadences/${cadence.id}`);
    const table = page.getByTestId('cadence-report');
    await expect.poll(() => table.locator('tr[data-row="0"] td[data-col="sent"]').textContent()).toBe(String(steps.body.steps[0]!.sent));
    expect(await table.locator('tr[data-row="0"] td[data-col="openRate"]').textContent()).toBe('66.7%');
    await snapshot(page, 'reports-cadence');
  });
});
