/**
 * An email the sender cannot vouch for, as a marketer meets it: a send cut off between the hand-off
 * to SMTP and the ledger update (staged in the server's database the way a crash leaves it: the
 * ledger row written as `sending`, the outcome never recorded). The cadence's Performance tab lists
 * it under "Emails to check", Retainly never sends it by itself, a viewer sees it without the
 * buttons, and one click resolves it: "Arrived" counts it as sent in the funnel.
 */
import mongoose from 'mongoose';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createUser, launchBrowser, login, loginAsAdmin, newPage, server, snapshot, unique } from './helpers/app.js';

const POLL = { timeout: 15_000 };

let browser: Browser;
let page: Page;
let db: mongoose.Connection;
beforeAll(async () => {
  browser = await launchBrowser();
  page = await newPage(browser);
  await loginAsAdmin(page);
  db = await mongoose.createConnection(server.mongoUri).asPromise();
});
afterAll(async () => {
  await browser?.close();
  await db?.close();
});

const MJML = '<mjml><mj-body><mj-section><mj-column><mj-text>Hello {{customer.firstName}}</mj-text></mj-column></mj-section></mj-body></mjml>';

describe('an email under review', () => {
  let cadenceId: string;
  let email: string;
  let messageId: string;

  it('is listed on the cadence and never sent again by itself', async () => {
    const tag = unique('rev');
    email = `${tag}@e2e.example.com`;
    const customer = await api<{ id: string }>('POST', '/customers', { email, firstName: 'Rae', attributes: { cohort: tag } });
    expect(customer.status).toBe(201);
    const segment = await api<{ id: string }>('POST', '/segments', { name: `Cohort ${tag}`, description: 'e2e', rules: { field: 'attributes.cohort', op: 'eq', value: tag } });
    const template = await api<{ id: string }>('POST', '/templates', { name: `Review ${tag}`, subject: 'Hi {{customer.firstName}}', preheader: '', mjml: MJML });
    const cadence = await api<{ id: string }>('POST', '/cadences', { name: `Checked ${tag}`, segmentId: segment.body.id, steps: [{ delay: '1h', templateId: template.body.id }] });
    cadenceId = cadence.body.id;
    expect((await api('POST', `/cadences/${cadenceId}/activate`, { enrollExisting: true })).status).toBe(200);
    await api('POST', '/clock/advance', { by: '0s' });
    const enrollments = await api<{ items: { id: string; customerId: string }[] }>('GET', `/cadences/${cadenceId}/enrollments`);
    const enrollment = enrollments.body.items.find((e) => e.customerId === customer.body.id)!;

    // The crash: step 0's ledger row was written before the SMTP call, and its outcome never was.
    const now = new Date((await api<{ now: string }>('GET', '/clock')).body.now);
    const id = new mongoose.Types.ObjectId();
    messageId = id.toHexString();
    const oid = (s: string) => new mongoose.Types.ObjectId(s);
    await db.collection('messages').insertOne({
      _id: id, enrollmentId: oid(enrollment.id), cadenceId: oid(cadenceId), segmentId: oid(segment.body.id), customerId: oid(customer.body.id), step: 0,
      templateId: oid(template.body.id), templateVersion: 1, to: email, subject: null, status: 'sending', reason: null, smtpMessageId: null, sentAt: null,
      openedAt: null, clickedAt: null, opens: 0, clicks: 0, machineOpens: 0, machineClicks: 0, unsubscribedAt: null, bouncedAt: null, complainedAt: null,
      conversions: 0, revenue: 0, createdAt: now, updatedAt: now,
    });
    // The step comes round: the row is found unfinished and goes to review; nothing is sent.
    await api('POST', '/clock/advance', { by: '1h' });
    expect((await api<{ status: string }>('GET', `/messages/${messageId}`)).body.status).toBe('review');

    await page.goto(`/cadences/${cadenceId}?tab=performance`);
    const queue = page.getByTestId('review-queue');
    await queue.getByRole('heading', { name: 'Emails to check (1)' }).waitFor();
    await queue.getByText(email).waitFor();
    expect(await page.getByTestId('funnel-step-1').locator('[data-metric=sent]').textContent()).toBe('0');
    await snapshot(page, 'cadence-review', { grow: true });

    const outbox = await api<{ items: unknown[] }>('GET', `/outbox?to=${encodeURIComponent(email)}`);
    expect(outbox.body.items).toHaveLength(0);
  });

  it('shows a viewer the list without the buttons', async () => {
    const creds = await createUser('viewer');
    const viewer = await newPage(browser);
    await login(viewer, creds.email, creds.password);
    await viewer.goto(`/cadences/${cadenceId}?tab=performance`);
    await viewer.getByTestId('review-queue').getByText(email).waitFor();
    expect(await viewer.getByRole('button', { name: /arrived/ }).count()).toBe(0);
    await viewer.context().close();
  });

  it('counts it as sent once the marketer says it arrived, and the list goes away', async () => {
    await page.getByRole('button', { name: `${email} arrived: count it as sent` }).click();
    await page.getByTestId('review-queue').waitFor({ state: 'detached', ...POLL });
    await expect.poll(() => page.getByTestId('funnel-step-1').locator('[data-metric=sent]').textContent(), POLL).toBe('1');
    const message = await api<{ status: string; resolvedAt: string | null; reason: string }>('GET', `/messages/${messageId}`);
    expect(message.body).toMatchObject({ status: 'sent', reason: 'confirmed delivered' });
    expect(message.body.resolvedAt).not.toBeNull();
    const outbox = await api<{ items: unknown[] }>('GET', `/outbox?to=${encodeURIComponent(email)}`);
    expect(outbox.body.items).toHaveLength(0);
  });
});
