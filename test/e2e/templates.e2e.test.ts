/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
/**
 * Templates: writing one in the editor (a mistake is marked on its line as it is typed, and refused
 * on save), the live preview at phone and desktop widths, versions, a test send into the outbox.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, launchBrowser, loginAsAdmin, newPage, snapshot, unique } from './helpers/app.js';

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

const mjml = (greeting: string) => `<mjml>
  <mj-body background-color="#f3f4f6">
    <mj-section background-color="#ffffff">
      <mj-column>
        <mj-text font-size="22px">${greeting}</mj-text>
        <mj-text>Thank you for shopping with us.</mj-text>
        <mj-button href="https://shop.example.com/new">See what is new</mj-button>
        <mj-text><a href="{{unsubscribeUrl}}">Unsubscribe</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

/** Replaces the whole MJML in the CodeMirror editor, as pasting would. */
async function setMjml(source: string): Promise<void> {
  await page.getByTestId('editor-mjml').locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(source);
}

/** The (0-based) editor lines that carry an error mark. */
async function markedLines(): Promise<number[]> {
  return page
    .getByTestId('editor-mjml')
    .locator('.cm-line')
    .evaluateAll((lines) => lines.flatMap((l, i) => (l.querySelector('.cm-lintRange-error') ? [i] : [])));
}

const frame = () => page.frameLocator('[data-testid=preview-frame]');

/** Waits until the preview frame shows `text` at `width` px. */
async function previewShows(text: string, width: number): Promise<void> {
  await expect.poll(() => page.getByTestId('preview-frame').getAttribute('data-width'), POLL).toBe(String(width));
  await frame().getByText(text).first().waitFor();
}

describe('the template editor', () => {
  let templateId: string;
  const name = `Welcome ${unique('t')}`;

  it('marks a mistake on its line as it is typed, refuses to save it, and saves once it is fixed', async () => {
    await page.goto('/templates');
    await page.getByRole('heading', { name: 'Templates', level: 1 }).waitFor();
    await snapshot(page, 'templates-list', { grow: true });
    await page.getByRole('link', { name: /New template|Write a template/ }).first().click();
    await page.getByRole('heading', { name: 'New template', level: 1 }).waitFor();

    await page.getByRole('textbox', { name: 'Name' }).fill(name);
    await page.getByRole('textbox', { name: 'Subject' }).fill('Welcome, {{customer.firstName}}');
    await page.getByRole('textbox', { name: 'Preheader' }).fill('A little something to start with');
    // Line 5 calls a helper that does not exist.
    await setMjml(mjml('Hello {{shout customer.firstName}}'));

    const issues = page.getByTestId('template-issues');
    await issues.getByText('unknown helper "shout"').waitFor();
    expect(await issues.textContent()).toContain('MJML, line 5');
    await expect.poll(markedLines, POLL).toEqual([4]);
    expect(await page.getByTestId('editor-mjml').locator('.cm-gutter-lint .cm-lint-marker-error').count()).toBe(1);
    await snapshot(page, 'template-editor-problem', { grow: true });

    // Saving anyway is refused by the API, with the same problem, and creates nothing.
    const before = (await api<{ items: { name: string }[] }>('GET', '/templates?limit=500')).body.items.length;
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.getByText('Not saved: 1 problem to fix').waitFor();
    expect((await api<{ items: unknown[] }>('GET', '/templates?limit=500')).body.items.length).toBe(before);

    // A second mistake, in the MJML this time: the tag does not exist.
    await setMjml(mjml('Hello {{customer.firstName}}').replace('<mj-text>Thank you', '<mj-bogus />\n        <mj-text>Thank you'));
    await issues.getByText(/mj-bogus/).waitFor();
    expect(await issues.textContent()).toContain('MJML, line 6');
    await expect.poll(markedLines, POLL).toEqual([5]);

    await setMjml(mjml('Hello {{default customer.firstName "there"}}'));
    await issues.waitFor({ state: 'detached' });
    expect(await markedLines()).toEqual([]);
    await page.getByRole('button', { name: 'Create template' }).click();
    await page.getByText('Template created as version 1').waitFor();
    templateId = new URL(page.url()).pathname.split('/').pop()!;
    expect(templateId).toMatch(/^[0-9a-f]{24}$/);
    const saved = await api<{ name: string; version: number; subject: string; mjml: string }>('GET', `/templates/${templateId}`);
    expect(saved.body).toMatchObject({ name, version: 1, subject: 'Welcome, {{customer.firstName}}' });
  });

  it('previews the email at 375 and 800 px with its subject, preheader and text part', async () => {
    const inbox = page.getByTestId('preview-inbox-line');
    // The generic sample customer is Alex.
    await inbox.getByText('Welcome, Alex').waitFor();
    await inbox.getByText('A little something to start with').waitFor();
    await previewShows('Hello Alex', 375);
    const box = await page.getByTestId('preview-frame').boundingBox();
    expect(Math.round(box!.width)).toBe(375);
    await snapshot(page, 'template-preview-mobile', { grow: true });

    await page.getByText('Desktop · 800 px').click();
    await previewShows('Hello Alex', 800);
    // 800 px does not fit beside the editor: it is shown scaled, at its true layout width.
    expect(await page.getByTestId('preview-frame').evaluate((el) => (el as HTMLIFrameElement).style.width)).toBe('800px');
    await snapshot(page, 'template-preview-desktop', { grow: true });

    await page.getByRole('tab', { name: 'Text part' }).click();
    await page.getByTestId('preview-text').getByText(/See what is new \[https:\/\/shop\.example\.com\/new\]/).waitFor();
    await page.getByRole('tab', { name: 'Email' }).click();
  });

  it('previews with a real customer picked by email', async () => {
    const email = `${unique('zoe')}@e2e.example.com`;
    await api('POST', '/customers', { email, firstName: 'Zoë' });
    await page.getByText('A customer', { exact: true }).click();
    await page.getByRole('combobox', { name: 'Customer whose data fills the preview' }).fill(email.slice(0, 9));
    await page.getByRole('option', { name: new RegExp(email) }).click();
    await page.getByTestId('preview-inbox-line').getByText('Welcome, Zoë').waitFor();
    await previewShows('Hello Zoë', 800);
  });

  it('saves an edit as version 2, keeps version 1 viewable, and sends a test into the outbox', async () => {
    await setMjml(mjml('Welcome back, {{default customer.firstName "friend"}}'));
    await page.getByText('Your unsaved changes, rendered as you type.').waitFor();
    await frame().getByText('Welcome back, Zoë').waitFor();
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.getByText('Saved as version 2.').waitFor();
    expect((await api<{ version: number }>('GET', `/templates/${templateId}`)).body.version).toBe(2);

    const versions = page.getByRole('list', { name: 'Versions' });
    await expect.poll(() => versions.getByRole('listitem').count(), POLL).toBe(2);
    await versions.getByRole('button', { name: /^Version 1,/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Version 1' });
    await dialog.frameLocator('[data-testid=preview-frame]').getByText('Hello Zoë').waitFor();
    await snapshot(page, 'template-version-1', { fullPage: false });
    await dialog.getByRole('button', { name: 'Close' }).click();

    const to = `${unique('test')}@e2e.example.com`;
    await page.getByRole('textbox', { name: 'Send to' }).fill(to);
    await page.getByRole('button', { name: 'Send test' }).click();
    const result = page.getByTestId('test-send-result');
    await result.getByText(`Version 2 was sent to ${to}.`).waitFor();
    await snapshot(page, 'template-test-sent', { grow: true });
    await result.getByRole('link', { name: 'Open it in the outbox' }).click();
    await page.getByTestId('email-preview').getByRole('heading', { name: '[Test] Welcome, Zoë' }).waitFor();
  });
});
