/**
 * Cadences: designing one on a segment with the designer (an incomplete step refused next to its
 * field), activating it (current members enrolled), advancing the manual clock from the header,
 * then the enrollment, the per-step funnel and the email in the outbox. And what a viewer sees.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createUser, launchBrowser, login, loginAsAdmin, newPage, snapshot, unique } from './helpers/app.js';

/** Work behind a click (a debounced check, a clock advance that drains due work) takes a moment. */
const POLL = { timeout: 15_000 };

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

const MJML = `<mjml>
  <mj-body>
    <mj-section><mj-column>
      <mj-text>Hi {{default customer.firstName "there"}}, here is step {{step.index}} of {{cadence.name}}.</mj-text>
      <mj-text><a href="{{unsubscribeUrl}}">Unsubscribe</a></mj-text>
    </mj-column></mj-section>
  </mj-body>
</mjml>`;

interface Setup {
  tag: string;
  segmentName: string;
  segmentId: string;
  templateName: string;
  templateId: string;
  emails: string[];
}

/** Two customers in a fresh segment and a template, through the API (as an integration would). */
async function setUp(): Promise<Setup> {
  const tag = unique('cad');
  const emails = [`${tag}-ann@e2e.example.com`, `${tag}-bo@e2e.example.com`];
  for (const [i, email] of emails.entries()) {
    expect((await api('POST', '/customers', { email, firstName: i === 0 ? 'Ann' : 'Bo', attributes: { cohort: tag } })).status).toBe(201);
  }
  const segmentName = `Cohort ${tag}`;
  const segment = await api<{ id: string }>('POST', '/segments', { name: segmentName, description: 'e2e', rules: { field: 'attributes.cohort', op: 'eq', value: tag } });
  expect(segment.status).toBe(201);
  await api('POST', '/clock/advance', { by: '0s' });
  const templateName = `Cadence mail ${tag}`;
  const template = await api<{ id: string }>('POST', '/templates', { name: templateName, subject: 'Step {{step.index}} for {{customer.firstName}}', preheader: '', mjml: MJML });
  expect(template.status).toBe(201);
  return { tag, segmentName, segmentId: segment.body.id, templateName, templateId: template.body.id, emails };
}

async function pick(label: string, option: string): Promise<void> {
  await page.getByRole('textbox', { name: label }).or(page.getByRole('combobox', { name: label })).first().click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('the starter library', () => {
  // Files run in name order on one server: no cadence exists yet when this one starts.
  it('installs from the empty list: starter cadences as drafts, with their segments and templates', async () => {
    await page.goto('/cadences');
    await page.getByText('No cadences yet').waitFor();
    await snapshot(page, 'cadences-empty', { grow: true });
    await page.getByRole('button', { name: 'Install the starter cadences' }).click();
    const list = page.getByRole('table');
    await list.getByRole('link', { name: 'Cart abandonment' }).waitFor();
    const row = list.getByRole('row').filter({ hasText: 'Cart abandonment' });
    await row.getByText('Draft', { exact: true }).waitFor();
    await row.getByText('Open cart').waitFor();
    const installed = await api<{ cadences: { key: string; id: string | null }[] }>('GET', '/starters');
    expect(installed.body.cadences.every((c) => c.id !== null)).toBe(true);
    // Nothing more to install: the button is gone.
    expect(await page.getByRole('button', { name: 'Install the starter cadences' }).count()).toBe(0);

    await row.getByRole('link', { name: 'Cart abandonment' }).click();
    await page.getByRole('tab', { name: 'Design' }).click();
    expect(await page.getByTestId('step-2-when').textContent()).toBe('1 d after entry');
    expect(await page.getByTestId('step-3-when').textContent()).toBe('3 d after entry');
  });
});

describe('designing and running a cadence', () => {
  let s: Setup;
  let cadenceId: string;
  beforeAll(async () => {
    s = await setUp();
  });

  it('designs a two-step cadence on the timeline, and names the field an incomplete step leaves empty', async () => {
    await page.goto('/cadences');
    await page.getByRole('heading', { name: 'Cadences', level: 1 }).waitFor();
    await page.getByRole('link', { name: /New cadence|Design a cadence/ }).first().click();
    await page.getByRole('heading', { name: 'New cadence', level: 1 }).waitFor();

    await page.getByRole('textbox', { name: 'Name' }).fill(`Welcome ${s.tag}`);
    await pick('Segment', s.segmentName);
    await page.getByText('2 members now').waitFor();
    await page.getByRole('textbox', { name: 'Step 1: wait' }).fill('1');
    await pick('Step 1: template', s.templateName);
    await page.getByRole('button', { name: 'Add a step' }).click();
    await page.getByRole('textbox', { name: 'Step 2: wait' }).fill('1');
    await pick('Step 2: wait: unit', 'days');
    expect(await page.getByTestId('step-1-when').textContent()).toBe('1 h after entry');
    await expect.poll(() => page.getByTestId('step-2-when').textContent(), POLL).toBe('1 d 1 h after entry');
    // Step 2 takes step 1's template; its wait is left empty: the API refuses it, next to the field.
    await page.getByRole('textbox', { name: 'Step 2: wait' }).fill('');
    await page.getByRole('button', { name: 'Create cadence' }).first().click();
    await page.getByText('Not saved: fix the fields marked in red').waitFor();
    const stepTwo = page.getByTestId('step-timeline').locator('.mantine-Timeline-item').nth(2);
    await stepTwo.getByText('must be an integer and a unit').waitFor();
    expect(await page.getByRole('textbox', { name: 'Step 2: wait' }).getAttribute('aria-invalid')).toBe('true');
    expect((await api<{ items: { name: string }[] }>('GET', '/cadences?limit=500')).body.items.some((c) => c.name === `Welcome ${s.tag}`)).toBe(false);
    await snapshot(page, 'cadence-designer-error', { grow: true });

    await page.getByRole('textbox', { name: 'Step 2: wait' }).fill('1');
    await pick('Step 2: skip it', 'If they clicked in the previous email');
    await page.getByRole('button', { name: 'Create cadence' }).first().click();
    await page.getByTestId('cadence-status').getByText('Draft').waitFor();
    cadenceId = new URL(page.url()).pathname.split('/').pop()!;
    const saved = await api<{ steps: { delay: string; templateId: string; skipIf?: string }[]; status: string }>('GET', `/cadences/${cadenceId}`);
    expect(saved.body).toMatchObject({
      status: 'draft',
      steps: [
        { delay: '1h', templateId: s.templateId },
        { delay: '1d', templateId: s.templateId, skipIf: 'clicked_previous' },
      ],
    });
    await snapshot(page, 'cadence-designer', { grow: true });
  });

  it('activates it, enrolling the segment’s current members, after saying so', async () => {
    await page.getByRole('button', { name: 'Activate' }).click();
    const dialog = page.getByRole('dialog', { name: `Activate “Welcome ${s.tag}”?` });
    await dialog.getByText(`every customer who enters “${s.segmentName}” is enrolled, and step 1 goes out 1 hour after they enter`).waitFor();
    const enrollNow = dialog.getByRole('switch', { name: 'Also enroll the segment’s 2 current members' });
    expect(await enrollNow.isChecked()).toBe(true);
    await snapshot(page, 'cadence-activate', { fullPage: false });
    await dialog.getByRole('button', { name: 'Activate' }).click();
    await page.getByTestId('cadence-status').getByText('Active').waitFor();
    expect((await api<{ status: string }>('GET', `/cadences/${cadenceId}`)).body.status).toBe('active');
  });

  it('sends step 1 when the clock is advanced from the header, and shows the enrollments and the funnel', async () => {
    await page.getByTestId('clock-indicator').click();
    await page.getByRole('dialog').getByRole('button', { name: '+1 hour' }).click();
    await expect.poll(async () => (await api<{ stepCounts: { sent: number }[] }>('GET', `/cadences/${cadenceId}`)).body.stepCounts[0]!.sent, POLL).toBe(2);
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: /^Enrollments/ }).click();
    const table = page.getByTestId('enrollments');
    await table.getByRole('link', { name: 'Ann' }).waitFor();
    await table.getByRole('link', { name: 'Bo' }).waitFor();
    expect(await table.getByText(/^Step 2 of 2 due (tomorrow|in 1 day)$/).count()).toBe(2);
    await snapshot(page, 'cadence-enrollments', { grow: true });

    await page.getByRole('tab', { name: 'Performance' }).click();
    const step1 = page.getByTestId('funnel-step-1');
    await expect.poll(() => step1.locator('[data-metric=sent]').textContent(), POLL).toBe('2');
    expect(await page.getByTestId('funnel-step-2').locator('[data-metric=sent]').textContent()).toBe('0');
    await page.getByTestId('step-funnel-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await snapshot(page, 'cadence-funnel', { grow: true });

    await page.getByRole('link', { name: 'See the emails in the outbox' }).click();
    await page.getByRole('textbox', { name: 'Filter by recipient' }).fill(s.emails[0]!);
    const item = page.getByRole('list', { name: 'Captured emails' }).getByRole('link').filter({ hasText: 'Step 0 for Ann' });
    await item.click();
    const email = page.frameLocator('iframe[title="Email: Step 0 for Ann"]');
    await email.getByText(`Hi Ann, here is step 0 of Welcome ${s.tag}.`).waitFor();
  });

  it('lists the cadence with its segment, status, steps and enrollments', async () => {
    await page.goto('/cadences');
    const row = page.getByRole('row').filter({ hasText: `Welcome ${s.tag}` });
    await row.getByText(s.segmentName).waitFor();
    await row.getByText('Active', { exact: true }).waitFor();
    await row.getByText('2 active · 0 completed · 0 exited').waitFor();
    await snapshot(page, 'cadences-list', { grow: true });
  });
});

describe('a viewer', () => {
  let viewer: Page;
  let s: Setup;
  let cadenceId: string;
  beforeAll(async () => {
    s = await setUp();
    const created = await api<{ id: string }>('POST', '/cadences', { name: `Viewed ${s.tag}`, segmentId: s.segmentId, steps: [{ delay: '2h', templateId: s.templateId }] });
    cadenceId = created.body.id;
    const creds = await createUser('viewer');
    viewer = await newPage(browser);
    await login(viewer, creds.email, creds.password);
  });
  afterAll(async () => {
    await viewer?.context().close();
  });

  const writeControls = ['New template', 'Create template', 'Delete', 'Send test', 'Install the starter templates', 'New cadence', 'Activate', 'Pause', 'Resume', 'Archive', 'Save changes', 'Create cadence', 'Add a step', 'Install the starter cadences'];

  async function expectNoWriteControls(where: string): Promise<void> {
    for (const name of writeControls) expect(await viewer.getByRole('button', { name, exact: true }).or(viewer.getByRole('link', { name, exact: true })).count(), `${name} on ${where}`).toBe(0);
  }

  it('reads templates and cadences, previews, and finds no control that changes anything', async () => {
    await viewer.goto('/templates');
    await viewer.getByRole('heading', { name: 'Templates', level: 1 }).waitFor();
    await viewer.getByRole('link', { name: s.templateName }).first().waitFor();
    await expectNoWriteControls('the template list');

    await viewer.goto(`/templates/${s.templateId}`);
    await viewer.getByRole('heading', { name: s.templateName, level: 1 }).waitFor();
    // The preview works for a viewer (previews store nothing); the source is read only.
    await viewer.frameLocator('[data-testid=preview-frame]').getByText('Hi Alex, here is step 0 of Sample cadence.').waitFor();
    expect(await viewer.getByTestId('editor-mjml').locator('.cm-content').getAttribute('contenteditable')).toBe('false');
    expect(await viewer.getByRole('textbox', { name: 'Subject' }).getAttribute('readonly')).not.toBeNull();
    await expectNoWriteControls('a template');
    await snapshot(viewer, 'viewer-template', { grow: true });

    await viewer.goto('/cadences');
    await viewer.getByRole('link', { name: `Viewed ${s.tag}` }).first().waitFor();
    await expectNoWriteControls('the cadence list');

    await viewer.goto(`/cadences/${cadenceId}?tab=design`);
    await viewer.getByRole('heading', { name: `Viewed ${s.tag}`, level: 1 }).waitFor();
    await viewer.getByRole('tab', { name: 'Steps and settings' }).waitFor();
    expect(await viewer.getByRole('textbox', { name: 'Name' }).getAttribute('readonly')).not.toBeNull();
    await expectNoWriteControls('a cadence');
    expect(await viewer.getByRole('button', { name: /^(Move|Remove) step/ }).count()).toBe(0);
    await snapshot(viewer, 'viewer-cadence', { grow: true });
  });
});
