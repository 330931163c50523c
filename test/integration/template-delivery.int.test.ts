/**
 * What a sent email carries: every web link rewritten to a signed click URL that leads back to its
 * target, the unsubscribe and preference links signed for the message (and left alone), the open
 * pixel, the RFC 8058 headers, a tracked text part; delivered through real SMTP and parsed back.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { Types } from 'mongoose';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Mailer } from '../../server/mail/mailer.js';
import type { RenderedEmail } from '../../server/modules/templates/index.js';
import { upsertCustomer } from '../factories/marketing.js';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ catcher: true });
});
afterAll(async () => {
  await h.close();
});

const BASE = 'http://localhost:3000';
const MJML = `<mjml>
  <mj-body>
    <mj-section><mj-column>
      <mj-text>Hi {{customer.firstName}} ({{customer.email}})</mj-text>
      <mj-button href="https://shop.example/sale?utm=a&amp;b=1">Sale</mj-button>
      <mj-text><a href="https://shop.example/new">New in</a> · <a href='https://shop.example/new'>again</a> · <a href="mailto:help@shop.example">Help</a> · <a href="#top">Top</a></mj-text>
    </mj-column></mj-section>
    {{#each cart.items}}
    <mj-section><mj-column>
      <mj-image src="{{imageUrl}}" href="{{url}}" alt="{{name}}" />
      <mj-text><a href="{{url}}">{{name}}</a> <a href="https://shop.example/p/{{sku}}?from=email">details</a></mj-text>
    </mj-column></mj-section>
    {{/each}}
    <mj-section><mj-column>
      <mj-button href="{{cart.checkoutUrl}}">Checkout</mj-button>
      <mj-text><a href="{{unsubscribeUrl}}">Unsubscribe</a> <a href="{{preferencesUrl}}">Preferences</a></mj-text>
    </mj-column></mj-section>
  </mj-body>
</mjml>`;

interface Fixture {
  templateId: string;
  version: number;
  ada: string;
  bob: string;
}
let fx: Fixture;

beforeAll(async () => {
  const t = await h.api.post('/api/v1/templates', { name: 'Tracked', subject: 'Your cart, {{customer.firstName}}', preheader: 'Still there', mjml: MJML }).expect(201);
  const ada = await upsertCustomer(h, { email: 'ada@example.com', firstName: 'Ada', locale: 'en-GB' });
  const bob = await upsertCustomer(h, { email: 'bob@example.com', firstName: 'Bob', locale: 'de-DE' });
  const cart = (who: string, sku: string) => ({
    type: 'cart_updated',
    customerId: who,
    properties: { total: 20, currency: 'EUR', checkoutUrl: `https://shop.example/checkout?c=${sku}`, items: [{ sku, name: `Item ${sku}`, price: 20, quantity: 1, imageUrl: `https://cdn.example/${sku}.jpg`, url: `https://shop.example/p/${sku}` }] },
  });
  await h.api.post('/api/v1/events', { events: [cart(ada, 'A1'), cart(bob, 'B2'), { type: 'product_viewed', customerId: ada, properties: { sku: 'V9', name: 'Viewed thing', price: 5, url: 'https://shop.example/p/V9' } }] }).expect(202);
  fx = { templateId: t.body.id, version: t.body.version, ada, bob };
});

async function renderFor(...customerIds: string[]): Promise<RenderedEmail[]> {
  const customers = await Promise.all(customerIds.map((id) => h.services.customers.getDoc(new Types.ObjectId(id))));
  return h.services.templates.render(
    fx.templateId,
    fx.version,
    customers.map((customer) => ({ messageId: new Types.ObjectId(), customer: customer!, cadence: { name: 'Cart' }, step: { index: 0 } })),
    h.clock.now(),
  );
}

const hrefs = (html: string): string[] => [...html.matchAll(/<a\b[^>]*?\shref=["']([^"']*)["']/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

/** The original target of a click URL, as the click endpoint resolves it, after checking its signature. */
async function resolveClick(url: string, email: RenderedEmail): Promise<string | null> {
  const m = new RegExp(`^${BASE}/t/c/([0-9a-f]{24})/(\\d+)/([A-Za-z0-9_-]{16})$`).exec(url);
  if (!m) return null;
  const [, messageId, index, mac] = m;
  if (messageId !== email.messageId.toHexString() || !h.services.links.verifyClick(messageId!, index!, mac!)) return null;
  return email.dynamicLinks[index!] ?? (await h.services.templates.linkTarget(fx.templateId, fx.version, Number(index)));
}

describe('tracking-ready output', () => {
  it('rewrites every web link to a signed click URL that leads to its original target, and leaves the rest', async () => {
    const [email] = await renderFor(fx.ada);
    const links = hrefs(email!.html);
    const id = email!.messageId.toHexString();
    const unsubscribe = h.services.links.unsubscribeUrl({ kind: 'message', id });
    const preferences = h.services.links.preferencesUrl({ kind: 'message', id });
    const tracked = links.filter((l) => l.startsWith(`${BASE}/t/c/`));
    const targets = await Promise.all(tracked.map((l) => resolveClick(l, email!)));
    expect(targets).toEqual([
      'https://shop.example/sale?utm=a&b=1',
      'https://shop.example/new',
      'https://shop.example/new',
      'https://shop.example/p/A1',
      'https://shop.example/p/A1',
      'https://shop.example/p/A1?from=email',
      'https://shop.example/checkout?c=A1',
    ]);
    expect(links.filter((l) => !l.startsWith(`${BASE}/t/c/`))).toEqual(['mailto:help@shop.example', '#top', unsubscribe, preferences]);
    // Static links are positional (one index per place), per-recipient ones one index per target.
    expect(new Set(tracked).size).toBe(6);
    expect(email!.html).not.toMatch(/href=["']https:\/\/shop\.example/);
    expect(h.services.links.verifyUnsubscribe(unsubscribe.split('/u/')[1]!)).toEqual({ kind: 'message', id });
    expect(h.services.links.verifyPreferences(preferences.split('/p/')[1]!)).toEqual({ kind: 'message', id });
  });

  it('signs links per message and index: a changed index, message or signature does not verify', async () => {
    const [a, b] = await renderFor(fx.ada, fx.bob);
    const url = hrefs(a!.html).find((l) => l.startsWith(`${BASE}/t/c/`))!;
    const [messageId, index, mac] = url.slice(`${BASE}/t/c/`.length).split('/');
    expect(h.services.links.verifyClick(messageId!, index!, mac!)).toBe(true);
    expect(h.services.links.verifyClick(messageId!, String(Number(index) + 1), mac!)).toBe(false);
    expect(h.services.links.verifyClick(b!.messageId.toHexString(), index!, mac!)).toBe(false);
    expect(h.services.links.verifyClick(messageId!, index!, `${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`)).toBe(false);
    expect(await h.services.templates.linkTarget(fx.templateId, fx.version, 99)).toBeNull();
  });

  it('adds one open pixel at the end of the body and the RFC 8058 unsubscribe headers', async () => {
    const [email] = await renderFor(fx.ada);
    const id = email!.messageId.toHexString();
    const pixels = [...email!.html.matchAll(/<img width="1" height="1" alt="" src="([^"]+)">/g)];
    expect(pixels).toHaveLength(1);
    expect(email!.html).toMatch(/<img width="1" height="1" alt="" src="[^"]+"><\/body>/);
    const src = pixels[0]![1]!;
    expect(src.startsWith(`${BASE}/t/o/`)).toBe(true);
    expect(h.services.links.verifyOpen(src.split('/').pop()!)).toBe(id);
    expect(email!.headers).toEqual({
      'List-Unsubscribe': `<${h.services.links.unsubscribeUrl({ kind: 'message', id })}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'X-Retainly-Message-Id': id,
    });
    expect(email!.to).toBe('ada@example.com');
    expect(email!.subject).toBe('Your cart, Ada');
  });

  it('includes a text part whose links are tracked the same way', async () => {
    const [email] = await renderFor(fx.ada);
    const urls = [...email!.text.matchAll(/\[(http[^\]]+)\]/g)].map((m) => m[1]!);
    const targets = await Promise.all(urls.filter((u) => u.startsWith(`${BASE}/t/c/`)).map((u) => resolveClick(u, email!)));
    expect(targets).toContain('https://shop.example/sale?utm=a&b=1');
    expect(targets).toContain('https://shop.example/checkout?c=A1');
    expect(targets.every((t) => t !== null)).toBe(true);
    expect(email!.text).toContain('Hi Ada (ada@example.com)');
    expect(email!.text).toContain(`Unsubscribe [${h.services.links.unsubscribeUrl({ kind: 'message', id: email!.messageId.toHexString() })}]`);
    expect(email!.text).not.toContain('https://shop.example');
  });

  it("renders each recipient from their own data only, with recently viewed products from the profile", async () => {
    const mjml = '<mjml><mj-body><mj-section><mj-column><mj-text>{{customer.firstName}} {{#each recentlyViewed}}[{{name}} {{money price "EUR"}}]{{/each}}</mj-text></mj-column></mj-section></mj-body></mjml>';
    const t = await h.api.post('/api/v1/templates', { name: 'Viewed', subject: 'S', mjml }).expect(201);
    const customers = await Promise.all([fx.ada, fx.bob].map((id) => h.services.customers.getDoc(new Types.ObjectId(id))));
    const aggregate = vi.spyOn(h.services.events.collection, 'aggregate');
    const find = vi.spyOn(h.services.events.collection, 'find');
    const [a, b] = await h.services.templates.render(t.body.id, 1, customers.map((c) => ({ messageId: new Types.ObjectId(), customer: c!, cadence: { name: 'C' }, step: { index: 1 } })), h.clock.now());
    // The profile remembers the products viewed: no query to the events.
    expect(aggregate.mock.calls.length + find.mock.calls.length).toBe(0);
    // A profile written before it did asks the events: one query for all such recipients.
    const legacy = customers.map((c) => ({ ...c!, recentViews: undefined }));
    const [a2] = await h.services.templates.render(t.body.id, 1, legacy.map((c) => ({ messageId: new Types.ObjectId(), customer: c, cadence: { name: 'C' }, step: { index: 1 } })), h.clock.now());
    expect(aggregate.mock.calls.length + find.mock.calls.length).toBe(1);
    expect(a2!.html).toContain('Ada [Viewed thing €5.00]');
    vi.restoreAllMocks();
    expect(a!.html).toContain('Ada [Viewed thing €5.00]');
    expect(b!.html).toMatch(/>Bob <\/div>/);
    for (const leak of ['Bob', 'bob@', 'B2']) expect(a!.html + a!.text).not.toContain(leak);
    for (const leak of ['Ada', 'ada@', 'A1', 'Viewed']) expect(b!.html + b!.text).not.toContain(leak);
  });
});

describe('delivery', () => {
  it('sends a rendered email through SMTP: parsed back, it has its subject, parts, links, pixel and headers', async () => {
    const raw: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _s, cb) {
        let data = '';
        stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
        stream.on('end', () => {
          raw.push(data);
          cb();
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const mailer = new Mailer({ url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`, from: '"Retainly Test" <news@example.com>', log: h.services.options.log });
    try {
      const [email] = await renderFor(fx.bob);
      const res = await mailer.send(email!);
      expect(res.status).toBe('sent');
      const mail: ParsedMail = await simpleParser(raw[0]!);
      const id = email!.messageId.toHexString();
      expect(res.smtpMessageId).toBe(`<${id}@example.com>`);
      expect(mail.messageId).toBe(`<${id}@example.com>`);
      expect(mail.subject).toBe('Your cart, Bob');
      expect(mail.from?.text).toBe('"Retainly Test" <news@example.com>');
      expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('bob@example.com');
      const header = (key: string): string | undefined => mail.headerLines.find((l) => l.key === key)?.line.replace(/^[^:]+:\s*/, '');
      expect(header('list-unsubscribe')).toBe(`<${h.services.links.unsubscribeUrl({ kind: 'message', id })}>`);
      expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(typeof mail.html === 'string' && mail.html.trim()).toBe(email!.html.trim());
      expect(mail.text?.trim()).toBe(email!.text.trim());
      expect(mail.html).toMatch(/<img width="1" height="1" alt="" src="http:\/\/localhost:3000\/t\/o\/[0-9a-f]{24}\.[A-Za-z0-9_-]{16}\.gif"><\/body>/);
    } finally {
      await mailer.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('sends an untracked test email through the embedded catcher, subject prefixed [Test]', async () => {
    const res = await h.api.post(`/api/v1/templates/${fx.templateId}/test-send`, { to: 'marketer@example.com', customerId: fx.ada }).expect(200);
    expect(res.body).toMatchObject({ to: 'marketer@example.com', version: 1, smtpMessageId: expect.stringMatching(/^<.+>$/) });
    const outbox = await h.api.get('/api/v1/outbox?to=marketer@example.com').expect(200);
    expect(outbox.body.items).toHaveLength(1);
    const mail = outbox.body.items[0];
    expect(mail.subject).toBe('[Test] Your cart, Ada');
    expect(mail.messageId).toBe(res.body.smtpMessageId);
    expect(mail.html).toContain('href="https://shop.example/new"');
    expect(mail.html).not.toContain('/t/c/');
    expect(mail.html).not.toContain('/t/o/');
    expect(mail.headers['list-unsubscribe']).toBeUndefined();
    expect(mail.text).toContain('Hi Ada (ada@example.com)');
  });

  it('refuses a test send to a bad address, for a missing template, or without a recipient', async () => {
    const bad = await h.api.post(`/api/v1/templates/${fx.templateId}/test-send`, { to: 'not-an-email' }).expect(400);
    expect(bad.body.error.details[0]).toMatchObject({ path: 'to' });
    await h.api.post(`/api/v1/templates/${fx.templateId}/test-send`, {}).expect(400);
    await h.api.post('/api/v1/templates/0123456789abcdef01234567/test-send', { to: 'a@example.com' }).expect(404);
  });
});
