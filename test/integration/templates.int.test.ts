/**
 * Templates through the HTTP API: versions, validation with line numbers, previews with helpers in
 * the recipient's locale and timezone, escaping, prototype access, starters, deletion.
 */
import fc from 'fast-check';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewSchema, templatePatchSchema, TemplateService } from '../../server/modules/templates/index.js';
import { arbitraryFor, hostileBody } from '../helpers/fuzz.js';
import { SIMPLE_MJML, createTemplate, upsertCustomer } from '../factories/marketing.js';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const mjmlWith = (body: string): string => `<mjml>
  <mj-body>
    <mj-section>
      <mj-column>
        ${body}
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

async function create(body: Record<string, unknown>): Promise<{ id: string; version: number }> {
  const res = await h.api.post('/api/v1/templates', { name: 'T', subject: 'S', preheader: '', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function preview(id: string, body: Record<string, unknown> = {}): Promise<{ subject: string; html: string; text: string; version: number }> {
  const res = await h.api.post(`/api/v1/templates/${id}/preview`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function count(): Promise<number> {
  return (await h.api.get('/api/v1/templates?limit=500').expect(200)).body.items.length;
}

describe('template versions', () => {
  it('creates a template (201) and reads back version 1 with its content', async () => {
    const id = await createTemplate(h, 'Reminder');
    const got = await h.api.get(`/api/v1/templates/${id}`).expect(200);
    expect(got.body).toMatchObject({ id, name: 'Reminder', version: 1, subject: 'Reminder for {{customer.firstName}}', preheader: 'Your cart', mjml: SIMPLE_MJML, text: null });
    expect(got.body.links).toEqual(['https://shop.example/checkout']);
    const list = await h.api.get('/api/v1/templates').expect(200);
    expect(list.body.items.map((t: { id: string }) => t.id)).toContain(id);
  });

  it('makes a new version on each content change and keeps the old ones readable and renderable', async () => {
    const id = await createTemplate(h, 'Versioned');
    const v2 = await h.api.patch(`/api/v1/templates/${id}`, { subject: 'Second subject {{customer.firstName}}' }).expect(200);
    expect(v2.body).toMatchObject({ version: 2, subject: 'Second subject {{customer.firstName}}', mjml: SIMPLE_MJML });
    const v3 = await h.api.patch(`/api/v1/templates/${id}`, { mjml: SIMPLE_MJML.replace('Back to your cart', 'Finish your order') }).expect(200);
    expect(v3.body.version).toBe(3);

    const versions = await h.api.get(`/api/v1/templates/${id}/versions`).expect(200);
    expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    const v1 = await h.api.get(`/api/v1/templates/${id}/versions/1`).expect(200);
    expect(v1.body).toMatchObject({ version: 1, subject: 'Versioned for {{customer.firstName}}', mjml: SIMPLE_MJML });

    // A message sent with version 1 renders version 1, whatever the template became.
    const old = await preview(id, { version: 1, data: { customer: { firstName: 'Ann' } } });
    expect(old.subject).toBe('Versioned for Ann');
    expect(old.html).toContain('Back to your cart');
    const current = await preview(id, { data: { customer: { firstName: 'Ann' } } });
    expect(current).toMatchObject({ version: 3, subject: 'Second subject Ann' });
    expect(current.html).toContain('Finish your order');
    await h.api.get(`/api/v1/templates/${id}/versions/9`).expect(404);
  });

  it('renames without a new version, and a PATCH that changes nothing makes none', async () => {
    const id = await createTemplate(h, 'Rename me');
    const renamed = await h.api.patch(`/api/v1/templates/${id}`, { name: 'Renamed' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', version: 1 });
    const same = await h.api.patch(`/api/v1/templates/${id}`, { mjml: SIMPLE_MJML }).expect(200);
    expect(same.body.version).toBe(1);
  });
});

describe('validation on save', () => {
  const expectInvalid = async (body: Record<string, unknown>, expected: { path: string; line?: number; message: RegExp }[]): Promise<void> => {
    const before = await count();
    const res = await h.api.post('/api/v1/templates', { name: 'Bad', subject: 'S', preheader: '', mjml: mjmlWith('<mj-text>ok</mj-text>'), ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    for (const e of expected) {
      expect(res.body.error.details, JSON.stringify(res.body.error.details)).toContainEqual(expect.objectContaining({ path: e.path, message: expect.stringMatching(e.message), ...(e.line ? { line: e.line } : {}) }));
    }
    expect(await count()).toBe(before);
  };

  it('rejects invalid MJML (strict) with the line of each error', async () => {
    const mjml = mjmlWith('<mj-text>fine</mj-text>\n        <mj-unknown>nope</mj-unknown>\n        <mj-text padding="lots">bad padding</mj-text>');
    await expectInvalid({ mjml }, [
      { path: 'mjml', line: 6, message: /mj-unknown/ },
      { path: 'mjml', line: 7, message: /padding/ },
    ]);
  });

  it('rejects Handlebars syntax errors with their line', async () => {
    await expectInvalid({ mjml: mjmlWith('<mj-text>{{#if customer.firstName}}Hi</mj-text>') }, [{ path: 'mjml', line: 5, message: /\{\{#if\}\} is never closed/ }]);
    await expectInvalid({ mjml: mjmlWith('<mj-text>{{#if a}}\n{{#each b}}x{{/if}}</mj-text>') }, [{ path: 'mjml', line: 6, message: /each doesn't match if/ }]);
    await expectInvalid({ subject: 'Hello {{customer.firstName' }, [{ path: 'subject', line: 1, message: /"\{\{customer.firstName" is never closed/ }]);
    await expectInvalid({ subject: 'Hello {{#if x}}', mjml: mjmlWith('<mj-text>ok</mj-text>\n<mj-texte>typo</mj-texte>') }, [
      { path: 'subject', line: 1, message: /\{\{#if\}\} is never closed/ },
      { path: 'mjml', line: 6, message: /mj-texte/ },
    ]);
    await expectInvalid({ text: 'line one\nline two {{/each}}' }, [{ path: 'text', line: 2, message: /Handlebars/ }]);
  });

  it('rejects unknown helpers, wrong helper arity, unknown partials and data variables', async () => {
    await expectInvalid({ mjml: mjmlWith('<mj-text>\n{{shout customer.firstName}}</mj-text>') }, [{ path: 'mjml', line: 6, message: /unknown helper "shout"/ }]);
    await expectInvalid({ preheader: '{{money}}' }, [{ path: 'preheader', line: 1, message: /money takes 1 to 2 parameters, got 0/ }]);
    await expectInvalid({ mjml: mjmlWith('<mj-text>{{#if}}x{{/if}}</mj-text>') }, [{ path: 'mjml', line: 5, message: /if takes 1 parameter/ }]);
    await expectInvalid({ subject: 'Hi {{if customer.firstName}}' }, [{ path: 'subject', line: 1, message: /if works only as a block/ }]);
    await expectInvalid({ subject: '{{#money 1}}x{{/money}}' }, [{ path: 'subject', line: 1, message: /money is not a block helper/ }]);
    await expectInvalid({ mjml: SIMPLE_MJML.replace('<mj-body>', '<mj-body>\n{{> nowhere}}') }, [{ path: 'mjml', line: 3, message: /unknown partial "nowhere" \(known: layout-footer, layout-head, layout-header\)/ }]);
    await expectInvalid({ subject: '{{> layout-footer}}' }, [{ path: 'subject', message: /only in the MJML/ }]);
    await expectInvalid({ subject: '{{@secret}}' }, [{ path: 'subject', message: /unknown data variable "@secret"/ }]);
    await expectInvalid({ subject: '{{__link 0}}' }, [{ path: 'subject', message: /unknown helper "__link"/ }]);
  });

  it('names the partial and its line when the MJML error comes from a partial', async () => {
    const mjml = mjmlWith('{{> layout-footer}}');
    const res = await h.api.post('/api/v1/templates', { name: 'Bad', subject: 'S', mjml }).expect(400);
    expect(res.body.error.details[0]).toMatchObject({ path: 'mjml', line: 5, message: expect.stringMatching(/in partial "layout-footer", its line 1/) });
  });

  it('rejects what is not an MJML document, mj-include, and bad fields', async () => {
    await expectInvalid({ mjml: '<html><body>hi</body></html>' }, [{ path: 'mjml', line: 1, message: /needs <mjml> and <mj-body>/ }]);
    await expectInvalid({ mjml: SIMPLE_MJML.replace('<mj-body>', '<mj-body>\n<mj-include path="/etc/passwd" />') }, [{ path: 'mjml', line: 3, message: /mj-include is not supported/ }]);
    await expectInvalid({ name: '' }, [{ path: 'name', message: /empty/ }]);
    await expectInvalid({ subject: 42 }, [{ path: 'subject', message: /string/ }]);
    await expectInvalid({ extra: true }, [{ path: '(body)', message: /extra/ }]);
  });

  it('refuses an invalid edit and keeps the current version', async () => {
    const id = await createTemplate(h, 'Stable');
    const res = await h.api.patch(`/api/v1/templates/${id}`, { mjml: mjmlWith('<mj-text>{{#each}}</mj-text>') }).expect(400);
    expect(res.body.error.details[0]).toMatchObject({ path: 'mjml', line: 5 });
    const got = await h.api.get(`/api/v1/templates/${id}`).expect(200);
    expect(got.body.version).toBe(1);
    expect((await h.api.get(`/api/v1/templates/${id}/versions`).expect(200)).body.items).toHaveLength(1);
  });
});

describe('rendering rules', () => {
  it('escapes values in the HTML unless the template uses triple braces; the subject and text stay plain', async () => {
    const { id } = await create({
      subject: 'Hi {{customer.firstName}}',
      mjml: mjmlWith('<mj-text>Name: {{customer.firstName}} Bio: {{{customer.attributes.bio}}}</mj-text>'),
      text: 'Name: {{customer.firstName}}',
    });
    const out = await preview(id, { data: { customer: { firstName: 'Tom & <script>alert(1)</script>', attributes: { bio: '<b>bold</b>' } } } });
    expect(out.html).toContain('Name: Tom &amp; &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out.html).not.toContain('<script>alert');
    expect(out.html).toContain('Bio: <b>bold</b>');
    expect(out.subject).toBe('Hi Tom & <script>alert(1)</script>');
    expect(out.text).toBe('Name: Tom & <script>alert(1)</script>');
  });

  it('gives prototype members nothing: constructor tricks render empty', async () => {
    const probes = [
      '{{constructor.constructor}}',
      '{{customer.constructor.name}}',
      '{{customer.firstName.constructor}}',
      '{{lookup customer "constructor"}}',
      '{{#with "s" as |string|}}{{lookup string.sub "constructor"}}{{/with}}',
      '{{#with customer}}{{__proto__}}{{__defineGetter__}}{{/with}}',
      '{{@root.constructor.constructor}}',
    ];
    const { id } = await create({ mjml: mjmlWith('<mj-text>ok</mj-text>'), text: probes.map((p) => `[${p}]`).join('') });
    const out = await preview(id, { data: { customer: { firstName: 'Ann' } } });
    expect(out.text).toBe(probes.map(() => '[]').join(''));
    // The classic exploit calls properties as helpers: refused when the template is saved.
    const exploit = '{{#with "s" as |string|}}{{#with "e"}}{{#with split as |conslist|}}{{this.pop}}{{this.push (lookup string.sub "constructor")}}{{/with}}{{/with}}{{/with}}';
    const res = await h.api.post('/api/v1/templates', { name: 'X', subject: 'S', mjml: mjmlWith('<mj-text>ok</mj-text>'), text: exploit }).expect(400);
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ path: 'text', message: 'unknown helper "this.push"' }));
  });

  it('renders missing values as empty and never fails', async () => {
    const { id } = await create({
      mjml: mjmlWith('<mj-text>[{{customer.attributes.a.b.c}}][{{money customer.nothing}}][{{date customer.nothing "long"}}][{{#each cart.nothing}}x{{/each}}][{{default customer.nickname "friend"}}][{{truncate customer.none 3}}]</mj-text>'),
      text: '[{{customer.attributes.a.b.c}}][{{money customer.nothing "EUR"}}][{{date "not a date" "long"}}][{{multiply customer.none 3}}][{{default customer.nickname "friend"}}]',
    });
    const out = await preview(id, { data: {} });
    expect(out.html).toContain('[][][][][friend][]');
    expect(out.text).toBe('[][][][0][friend]');
  });

  it("formats money and dates in the customer's locale and timezone", async () => {
    const text = '{{money 1234.5 "EUR"}}|{{money cart.total}}|{{date "2026-01-05T23:30:00Z" "yyyy-MM-dd HH:mm"}}|{{date "2026-01-05T23:30:00Z" "long"}}|{{number 1234.5678 2}}';
    const { id } = await create({ mjml: mjmlWith('<mj-text>x</mj-text>'), text });
    const paris = await upsertCustomer(h, { email: 'paris@example.com', firstName: 'Camille', locale: 'fr-FR', timezone: 'Europe/Paris' });
    const ny = await upsertCustomer(h, { email: 'ny@example.com', firstName: 'Jo', locale: 'en-US', timezone: 'America/New_York' });
    await h.api.post('/api/v1/events', { events: [paris, ny].map((customerId) => ({ type: 'cart_updated', customerId, properties: { total: 99.9, currency: 'USD', items: [] } })) }).expect(202);
    const fr = (await preview(id, { customerId: paris })).text.replace(/[\u202f\u00a0]/g, ' ');
    expect(fr).toBe('1 234,50 €|99,90 $US|2026-01-06 00:30|6 janvier 2026|1 234,57');
    const us = (await preview(id, { customerId: ny })).text;
    expect(us).toBe('€1,234.50|$99.90|2026-01-05 18:30|January 5, 2026|1,234.57');
  });

  it('loops over cart items with images, names, quantities and prices, and compares with eq/gt/lt', async () => {
    const mjml = `<mjml><mj-body>
  {{#each cart.items}}
  <mj-section><mj-column>
    <mj-image src="{{imageUrl}}" alt="{{name}}" />
    <mj-text>{{name}} x{{quantity}} = {{money (multiply price quantity) @root.cart.currency}}{{#if (gt quantity 1)}} (several){{/if}}{{#if (lt price 10)}} (cheap){{/if}}{{#if (eq sku "B")}} (B){{/if}}</mj-text>
  </mj-column></mj-section>
  {{/each}}
</mj-body></mjml>`;
    const { id } = await create({ mjml });
    const c = await upsertCustomer(h, { email: 'cart@example.com', locale: 'en-GB' });
    const items = [
      { sku: 'A', name: 'Alpha boots', price: 80, quantity: 2, imageUrl: 'https://cdn.example/a.jpg', url: 'https://shop.example/a' },
      { sku: 'B', name: 'Beta socks', price: 4.5, quantity: 1, imageUrl: 'https://cdn.example/b.jpg', url: 'https://shop.example/b' },
    ];
    await h.api.post('/api/v1/events', { type: 'cart_updated', customerId: c, properties: { total: 164.5, currency: 'GBP', items, checkoutUrl: 'https://shop.example/checkout' } }).expect(202);
    const out = await preview(id, { customerId: c });
    expect(out.html).toContain('src="https://cdn.example/a.jpg"');
    expect(out.html).toContain('src="https://cdn.example/b.jpg"');
    expect(out.html).toContain('Alpha boots x2 = £160.00 (several)');
    expect(out.html).toContain('Beta socks x1 = £4.50 (cheap) (B)');
    expect(out.text).toContain('Alpha boots x2 = £160.00 (several)');
  });
});

describe('previews', () => {
  it('renders untracked: original links, placeholder unsubscribe links, no open pixel', async () => {
    const id = await createTemplate(h, 'Preview me');
    const out = await preview(id, { data: { customer: { firstName: 'Zoe' }, cadence: { name: 'Welcome' }, step: { index: 2 } } });
    expect(out.subject).toBe('Preview me for Zoe');
    expect(out.html).toContain('href="https://shop.example/checkout"');
    expect(out.html).toContain('Hello Zoe, step 2 of Welcome.');
    expect(out.html).toContain('href="http://localhost:3000/u/preview"');
    expect(out.html).not.toContain('/t/c/');
    expect(out.html).not.toMatch(/<img width="1" height="1"/);
    expect(out.text).toContain('Back to your cart [https://shop.example/checkout]');
  });

  it('uses generic sample data when given nothing, and refuses an unknown customer or both inputs', async () => {
    const id = await createTemplate(h, 'Sampled');
    const out = await preview(id, {});
    expect(out.subject).toBe('Sampled for Alex');
    await h.api.post(`/api/v1/templates/${id}/preview`, { customerId: '0123456789abcdef01234567' }).expect(404);
    const both = await h.api.post(`/api/v1/templates/${id}/preview`, { customerId: '0123456789abcdef01234567', data: {} }).expect(400);
    expect(both.body.error.details[0]).toMatchObject({ path: 'data' });
    await h.api.post('/api/v1/templates/0123456789abcdef01234567/preview', {}).expect(404);
    await h.api.post('/api/v1/templates/not-an-id/preview', {}).expect(400);
  });
});

describe('starter templates', () => {
  it('installs the starters once: a second run creates nothing and returns the same ids', async () => {
    const first = await h.api.post('/api/v1/templates/starters').expect(201);
    const keys = ['cart-abandonment', 'reactivation', 'loyalty-silver', 'loyalty-gold', 'loyalty-platinum'];
    expect(Object.keys(first.body.templates).sort()).toEqual([...keys].sort());
    expect(first.body.created.sort()).toEqual([...keys].sort());
    const second = await h.api.post('/api/v1/templates/starters').expect(200);
    expect(second.body).toEqual({ templates: first.body.templates, created: [] });
    const listed = await h.api.get('/api/v1/templates/starters').expect(200);
    expect(listed.body.items.map((s: { key: string; templateId: string }) => [s.key, s.templateId])).toEqual(keys.map((k) => [k, first.body.templates[k]]));
  });

  it('previews each starter with its sample data, the cart one with items, total and checkout button', async () => {
    const { templates } = (await h.api.post('/api/v1/templates/starters')).body as { templates: Record<string, string> };
    const cart = await preview(templates['cart-abandonment']!);
    expect(cart.subject).toBe('Emma, your cart is waiting');
    for (const s of ['Trail running shoes', 'Merino socks (3 pairs)', 'Quantity 2 &times; £24.50', '£49.00', '£203.40', 'Complete my order', 'href="https://shop.example.com/checkout?cart&#x3D;8f2c"', 'src="https://placehold.co/240x240/png?text&#x3D;Shoes"', 'Unsubscribe', 'Email preferences', '12 Harbour Road']) {
      expect(cart.html).toContain(s);
    }
    const react = await preview(templates.reactivation!);
    expect(react.html).toContain('Waxed canvas weekender bag');
    expect(react.html).toContain('April 18, 2025');
    for (const tier of ['silver', 'gold', 'platinum']) {
      const p = await preview(templates[`loyalty-${tier}`]!);
      expect(p.subject).toMatch(new RegExp(`^Welcome to ${tier[0]!.toUpperCase()}${tier.slice(1)}, `));
    }
    const detail = await h.api.get(`/api/v1/templates/${templates['cart-abandonment']}`).expect(200);
    expect(detail.body.htmlBytes).toBeGreaterThan(28_000);
    expect(detail.body.htmlBytes).toBeLessThan(45_000);
  });
});

describe('deleting a template', () => {
  it('hides it from the API while its versions keep answering click lookups', async () => {
    const id = await createTemplate(h, 'Doomed');
    await h.api.delete(`/api/v1/templates/${id}`).expect(204);
    await h.api.get(`/api/v1/templates/${id}`).expect(404);
    await h.api.delete(`/api/v1/templates/${id}`).expect(404);
    expect((await h.api.get('/api/v1/templates?limit=500').expect(200)).body.items.map((t: { id: string }) => t.id)).not.toContain(id);
    expect(await h.services.templates.currentVersion(id)).toBeNull();
    expect(await h.services.templates.linkTarget(id, 1, 0)).toBe('https://shop.example/checkout');
  });

  it('answers 409 while a guard says the template is in use, and deletes nothing', async () => {
    const id = await createTemplate(h, 'In use');
    h.services.templates.addDeleteGuard(async (templateId) => (templateId === id ? 'used by the active cadence "Welcome"' : null));
    const res = await h.api.delete(`/api/v1/templates/${id}`).expect(409);
    expect(res.body.error.message).toMatch(/used by the active cadence "Welcome"/);
    await h.api.get(`/api/v1/templates/${id}`).expect(200);
  });
});

describe('compiled once per version', () => {
  /** Another process on the same database (a restart, or a second worker): nothing cached in memory. */
  const freshService = (): TemplateService =>
    new TemplateService({ conn: h.conn, clock: h.clock, links: h.services.links, customers: h.services.customers, events: h.services.events, mailer: h.services.mailer, company: { name: 'Shop', address: 'Street 1', url: 'https://shop.example' }, log: h.services.options.log });

  it('renders after a restart from the stored artefacts, without compiling the MJML again', async () => {
    const id = await createTemplate(h, 'Stored');
    const versions = h.conn.db!.collection('template_versions');
    // Were the MJML compiled again, this source would fail: the stored artefacts are what renders.
    await versions.updateOne({ templateId: new Types.ObjectId(id), version: 1 }, { $set: { mjml: '<not-mjml>' } });
    const customer = await h.services.customers.getDoc(new Types.ObjectId(await upsertCustomer(h, { email: 'stored@example.com', firstName: 'Sam' })));
    const [email] = await freshService().render(id, 1, [{ messageId: new Types.ObjectId(), customer: customer!, cadence: { name: 'C' }, step: { index: 0 } }], h.clock.now());
    expect(email!.subject).toBe('Stored for Sam');
    expect(email!.html).toContain('Back to your cart');
  });

  it('rebuilds and stores the artefacts of a version compiled by an older engine', async () => {
    const id = await createTemplate(h, 'Old engine');
    const versions = h.conn.db!.collection('template_versions');
    const filter = { templateId: new Types.ObjectId(id), version: 1 };
    await versions.updateOne(filter, { $set: { 'compiled.engine': 0, 'compiled.html': 'stale' } });
    const out = await freshService().preview(id, { data: { customer: { firstName: 'Ivy' } } });
    expect(out.html).toContain('Hello Ivy, step 0 of Preview.');
    const stored = await versions.findOne(filter);
    expect(stored?.compiled.engine).toBeGreaterThan(0);
    expect(stored?.compiled.html).toContain('Back to your cart');
  });
});

describe('hostile input to edits and previews', () => {
  it('never answers >= 500, and a refused edit makes no version', async () => {
    const id = await createTemplate(h, 'Fuzzed');
    const versions = async (): Promise<number> => (await h.api.get(`/api/v1/templates/${id}/versions?limit=500`).expect(200)).body.items.length;
    await fc.assert(
      fc.asyncProperty(fc.oneof(arbitraryFor(previewSchema), hostileBody(previewSchema)), async (body) => {
        const res = await h.api.post(`/api/v1/templates/${id}/preview`).set('Content-Type', 'application/json').send(JSON.stringify(body) ?? 'null');
        return res.status < 500 && (res.status === 200 || typeof res.body?.error?.code === 'string');
      }),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(hostileBody(templatePatchSchema), async (body) => {
        const before = await versions();
        const res = await h.api.patch(`/api/v1/templates/${id}`).set('Content-Type', 'application/json').send(JSON.stringify(body) ?? 'null');
        return res.status < 500 && (res.status < 400 || (await versions()) === before);
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});

describe('previews of unsaved sources (the editor)', () => {
  const draft = { subject: 'Draft for {{customer.firstName}}', preheader: 'Soon', mjml: SIMPLE_MJML };

  it('renders sources that were never saved, with a customer, given data or generic sample data, and stores nothing', async () => {
    const before = await count();
    const customerId = await upsertCustomer(h, { email: 'draft-reader@example.com', firstName: 'Dana' });
    const forCustomer = await h.api.post('/api/v1/templates/preview', { ...draft, customerId }).expect(200);
    expect(forCustomer.body.subject).toBe('Draft for Dana');
    expect(forCustomer.body.html).toContain('Hello Dana, step 0 of Preview.');
    expect(forCustomer.body.html).toContain('href="https://shop.example/checkout"');
    expect(forCustomer.body.html).not.toContain('/t/c/');
    expect(forCustomer.body.text).toContain('Back to your cart [https://shop.example/checkout]');
    expect(forCustomer.body).not.toHaveProperty('version');
    const withData = await h.api.post('/api/v1/templates/preview', { ...draft, data: { customer: { firstName: 'Zed' } } }).expect(200);
    expect(withData.body.subject).toBe('Draft for Zed');
    const generic = await h.api.post('/api/v1/templates/preview', draft).expect(200);
    expect(generic.body.subject).toBe('Draft for Alex');
    expect(await count()).toBe(before);
  });

  it("uses a template's own sample data when given its id", async () => {
    const installed = await h.api.post('/api/v1/templates/starters').expect((r) => expect([200, 201]).toContain(r.status));
    const cartId = installed.body.templates['cart-abandonment'] as string;
    // templates/cart-abandonment.sample.json is Emma's.
    const out = await h.api.post('/api/v1/templates/preview', { ...draft, templateId: cartId }).expect(200);
    expect(out.body.subject).toBe('Draft for Emma');
  });

  it('answers every issue with its field and line, as a save would', async () => {
    const res = await h.api
      .post('/api/v1/templates/preview', { subject: 'Hi {{customer.firstName}', preheader: '', mjml: mjmlWith('<mj-text>{{shout customer.firstName}}</mj-text>\n<mj-bogus />') })
      .expect(400);
    expect(res.body.error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'subject', line: 1 }), expect.objectContaining({ path: 'mjml', line: 5, message: 'unknown helper "shout"' })]),
    );
    const mjmlOnly = await h.api.post('/api/v1/templates/preview', { subject: 'Hi', mjml: mjmlWith('<mj-text>ok</mj-text>\n        <mj-bogus />') }).expect(400);
    expect(mjmlOnly.body.error.details).toEqual([expect.objectContaining({ path: 'mjml', line: 6 })]);
    await h.api.post('/api/v1/templates/preview', { ...draft, templateId: '0123456789abcdef01234567' }).expect(404);
    await h.api.post('/api/v1/templates/preview', { ...draft, customerId: '0123456789abcdef01234567' }).expect(404);
    await h.api.post('/api/v1/templates/preview', { ...draft, unknown: 1 }).expect(400);
  });

  it('lets a viewer preview (it stores nothing) but not save or test-send', async () => {
    const viewer = (t: ReturnType<typeof h.raw.post>) => t.set('Authorization', `Bearer ${h.keys.viewer}`);
    const id = await createTemplate(h, 'Viewed');
    expect((await viewer(h.raw.post('/api/v1/templates/preview')).send(draft)).status).toBe(200);
    expect((await viewer(h.raw.post(`/api/v1/templates/${id}/preview`)).send({})).status).toBe(200);
    expect((await viewer(h.raw.post('/api/v1/templates')).send({ name: 'x', ...draft })).status).toBe(403);
    expect((await viewer(h.raw.post(`/api/v1/templates/${id}/test-send`)).send({ to: 'a@example.com' })).status).toBe(403);
  });
});
