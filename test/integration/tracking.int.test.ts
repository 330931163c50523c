/**
 * Tracking as a customer's mail client and a marketer see it: real emails from a cadence, read back
 * from the SMTP catcher, then their pixel, links, unsubscribe and preference pages used over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { advance, createCadence, createSegment, createTemplate, ledgerFor, outboxFor, upsertCustomer } from '../factories/marketing.js';

const BROWSER = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';

let h: Harness;
let templateId: string;
beforeAll(async () => {
  h = await startHarness({ catcher: true, start: new Date('2026-01-05T12:00:00Z') });
  templateId = await createTemplate(h);
});
afterAll(async () => {
  await h.close();
});

interface Mail {
  pixel: string;
  clicks: string[];
  unsubscribe: string;
  headers: Record<string, string>;
  html: string;
}

/** The tracking paths of the one email `email` received (paths, so supertest drives the app). */
async function mailOf(email: string): Promise<Mail> {
  const [m] = await outboxFor(h, email);
  expect(m, `an email to ${email}`).toBeDefined();
  const path = (u: string): string => new URL(u).pathname;
  const pixel = /<img[^>]+src="([^"]+\/t\/o\/[^"]+)"/.exec(m!.html)?.[1];
  const clicks = [...m!.html.matchAll(/href="([^"]+\/t\/c\/[^"]+)"/g)].map((x) => path(x[1]!));
  const unsubscribe = /<([^>]+)>/.exec(m!.headers['list-unsubscribe'] ?? '')?.[1];
  expect(pixel && unsubscribe).toBeTruthy();
  return { pixel: path(pixel!), clicks, unsubscribe: path(unsubscribe!), headers: m!.headers, html: m!.html };
}

/** A segment + one-step cadence + customers, sent at 13:00; returns the customer ids. */
async function campaign(group: string, emails: string[], steps = 1): Promise<{ ids: string[]; segmentId: string; cadenceId: string }> {
  const ids: string[] = [];
  for (const email of emails) ids.push(await upsertCustomer(h, { email, firstName: email.split('@')[0], attributes: { group } }));
  const segmentId = await createSegment(h, group, { field: 'attributes.group', op: 'eq', value: group });
  const cadenceId = await createCadence(h, { name: group, segmentId, steps: Array.from({ length: steps }, () => ({ delay: '1h', templateId })) });
  await advance(h, '1h');
  return { ids, segmentId, cadenceId };
}

describe('the open pixel', () => {
  it('always answers a 1x1 GIF that is not cached, and records a valid open within the flush', async () => {
    const { ids } = await campaign('pixel', ['pix@example.com']);
    const mail = await mailOf('pix@example.com');
    await advance(h, '10m');
    const at = h.clock.now().toISOString();
    const res = await h.raw.get(mail.pixel).set('User-Agent', BROWSER).expect(200);
    expect(res.headers['content-type']).toBe('image/gif');
    expect(res.headers['cache-control']).toContain('no-store');
    const gif = res.body as Buffer;
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect([gif.readUInt16LE(6), gif.readUInt16LE(8)]).toEqual([1, 1]);
    await advance(h, '0s');
    const [m] = await ledgerFor(h, ids[0]!);
    expect(m).toMatchObject({ status: 'sent', opens: 1, openedAt: at });
    const customer = (await h.api.get(`/api/v1/customers/${ids[0]}`).expect(200)).body;
    expect(customer.stats).toMatchObject({ emailsOpened: 1, lastOpenAt: at });
    const timeline = (await h.api.get(`/api/v1/customers/${ids[0]}/timeline`).expect(200)).body.items;
    expect(timeline.some((i: { type?: string }) => i.type === 'email_opened')).toBe(true);
  });

  it('answers the GIF for garbage and tampered tokens and records nothing', async () => {
    const mail = await mailOf('pix@example.com');
    for (const p of ['/t/o/garbage.gif', mail.pixel.replace(/\.[^.]+\.gif$/, '.AAAAAAAAAAAAAAAA.gif'), '/t/o/0123456789abcdef01234567.gif']) {
      const res = await h.raw.get(p).set('User-Agent', BROWSER).expect(200);
      expect(res.headers['content-type']).toBe('image/gif');
    }
    await advance(h, '0s');
    const id = (await h.api.get('/api/v1/customers?email=pix@example.com').expect(200)).body.items[0].id;
    expect((await ledgerFor(h, id))[0]!.opens).toBe(1);
  });

  it('records a privacy-proxy prefetch as a machine open, outside the human numbers', async () => {
    const { ids } = await campaign('mpp', ['mpp@example.com']);
    const mail = await mailOf('mpp@example.com');
    await advance(h, '10m');
    await h.raw.get(mail.pixel).set('User-Agent', 'Mozilla/5.0').expect(200);
    await advance(h, '0s');
    const [m] = await ledgerFor(h, ids[0]!);
    expect(m).toMatchObject({ opens: 0, machineOpens: 1, openedAt: null });
    expect((await h.api.get(`/api/v1/customers/${ids[0]}`).expect(200)).body.stats.emailsOpened).toBe(0);
  });
});

describe('click redirects', () => {
  it('redirects a valid link to its original URL and records the click (which implies an open)', async () => {
    const { ids } = await campaign('click', ['click@example.com']);
    const mail = await mailOf('click@example.com');
    expect(mail.clicks.length).toBeGreaterThan(0);
    expect(mail.html).not.toContain('href="https://shop.example/checkout"');
    await advance(h, '5m');
    const at = h.clock.now().toISOString();
    const res = await h.raw.get(mail.clicks[0]!).set('User-Agent', BROWSER).expect(302);
    expect(res.headers.location).toBe('https://shop.example/checkout');
    await advance(h, '0s');
    const [m] = await ledgerFor(h, ids[0]!);
    expect(m).toMatchObject({ clicks: 1, clickedAt: at, openedAt: at });
  });

  it('answers 404 and redirects nowhere for tampered, truncated, replayed or forged links', async () => {
    const mail = await mailOf('click@example.com');
    const [, , , id, index, mac] = mail.clicks[0]!.split('/');
    const other = (await mailOf('pix@example.com')).clicks[0]!.split('/');
    const attempts = [
      `/t/c/${id}/${index}/${mac!.slice(0, -1)}${mac!.endsWith('A') ? 'B' : 'A'}`,
      `/t/c/${id}/${index}/${mac!.slice(0, 8)}`,
      `/t/c/${id}/${Number(index) + 1}/${mac}`,
      `/t/c/${other[3]}/${index}/${mac}`,
      `/t/c/${id}/${index}/${mac}/..%2F..%2Fevil.example`,
      `/t/c/${id}/${index}`,
      `/t/c/${encodeURIComponent('//evil.example')}/${index}/${mac}`,
      `/t/c/${encodeURIComponent('\\\\evil.example')}/0/${mac}`,
      `/t/c/${encodeURIComponent('https:evil.example')}/0/${mac}`,
      `/t/c/%2F%2Fevil.example/0/${mac}`,
    ];
    for (const p of attempts) {
      const res = await h.raw.get(p).set('User-Agent', BROWSER);
      expect(res.status, p).toBe(404);
      expect(res.headers.location, p).toBeUndefined();
    }
    // A real link with an extra target parameter still goes only where the email said.
    const res = await h.raw.get(`${mail.clicks[0]}?url=https://evil.example&u=//evil.example`).set('User-Agent', BROWSER).expect(302);
    expect(res.headers.location).toBe('https://shop.example/checkout');
  });

  it('flags HEAD requests, scanner user agents and clicks on delivery as machine clicks', async () => {
    const { ids } = await campaign('scan', ['scan@example.com']);
    const mail = await mailOf('scan@example.com');
    await h.raw.get(mail.clicks[0]!).set('User-Agent', BROWSER).expect(302); // on delivery
    await advance(h, '5m');
    await h.raw.head(mail.clicks[0]!).set('User-Agent', BROWSER).expect(302);
    await h.raw.get(mail.clicks[0]!).set('User-Agent', 'Barracuda Sentinel (EE)').expect(302);
    await advance(h, '0s');
    const [m] = await ledgerFor(h, ids[0]!);
    expect(m).toMatchObject({ clicks: 0, machineClicks: 3, clickedAt: null, openedAt: null });
  });
});

describe('unsubscribing', () => {
  it('shows a confirm page on GET that changes nothing (link scanners fetch it)', async () => {
    const { ids } = await campaign('unsub', ['unsub@example.com'], 2);
    const mail = await mailOf('unsub@example.com');
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const page = await h.raw.get(mail.unsubscribe).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('<form method="post"');
    expect(page.text).not.toContain('<script');
    expect(page.text).not.toContain('unsub@example.com');
    expect((await h.api.get(`/api/v1/customers/${ids[0]}`).expect(200)).body.subscription.status).toBe('subscribed');
  });

  it('unsubscribes at once on the RFC 8058 one-click POST, without login or redirect, and stops later steps', async () => {
    const id = (await h.api.get('/api/v1/customers?email=unsub@example.com').expect(200)).body.items[0].id;
    const mail = await mailOf('unsub@example.com');
    const at = h.clock.now().toISOString();
    const res = await h.raw.post(mail.unsubscribe).type('form').send('List-Unsubscribe=One-Click').expect(200);
    expect(res.headers.location).toBeUndefined();
    const again = await h.raw.post(mail.unsubscribe).type('form').send('List-Unsubscribe=One-Click');
    expect(again.status).toBe(200);
    const customer = (await h.api.get(`/api/v1/customers/${id}`).expect(200)).body;
    expect(customer.subscription.status).toBe('unsubscribed');
    await advance(h, '3d');
    expect(await outboxFor(h, 'unsub@example.com')).toHaveLength(1);
    const ledger = await ledgerFor(h, id);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ unsubscribedAt: at });
  });

  it('accepts a multipart one-click body too', async () => {
    await campaign('multi', ['multi@example.com']);
    const mail = await mailOf('multi@example.com');
    await h.raw.post(mail.unsubscribe).field('List-Unsubscribe', 'One-Click').expect(200);
    expect((await h.api.get('/api/v1/customers?email=multi@example.com').expect(200)).body.items[0].subscription.status).toBe('unsubscribed');
  });

  it('refuses forged unsubscribe and preference tokens without changing anything', async () => {
    const mail = await mailOf('pix@example.com');
    const forged = mail.unsubscribe.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    await h.raw.post(forged).type('form').send('List-Unsubscribe=One-Click').expect(404);
    await h.raw.get('/p/m0123456789abcdef01234567.AAAAAAAAAAAAAAAA').expect(404);
    expect((await h.api.get('/api/v1/customers?email=pix@example.com').expect(200)).body.items[0].subscription.status).toBe('subscribed');
  });

  it('lets the customer see their status and resubscribe on the preferences page', async () => {
    const mail = await mailOf('unsub@example.com');
    const prefs = /href="([^"]*\/p\/[^"]+)"/.exec((await h.raw.get(mail.unsubscribe).expect(200)).text)![1]!;
    const path = new URL(prefs).pathname;
    const page = await h.raw.get(path).expect(200);
    expect(page.text).toContain('Unsubscribed');
    expect(page.text).toContain('value="resubscribe"');
    const after = await h.raw.post(path).type('form').send('action=resubscribe').expect(200);
    expect(after.text).toContain('value="unsubscribe"');
    expect((await h.api.get('/api/v1/customers?email=unsub@example.com').expect(200)).body.items[0].subscription.status).toBe('subscribed');
  });

  it('shows the pages in the customer\'s language', async () => {
    await upsertCustomer(h, { email: 'fr@example.com', locale: 'fr-FR', attributes: { group: 'fr' } });
    await campaign('fr', []);
    const mail = await mailOf('fr@example.com');
    const page = await h.raw.get(mail.unsubscribe).expect(200);
    expect(page.text).toContain('lang="fr"');
    expect(page.text).toContain('Me désinscrire');
  });
});

describe('bounces and complaints', () => {
  it('suppresses the address on a hard bounce from the webhook, and marks the message', async () => {
    const { ids } = await campaign('bounce', ['bounce@example.com', 'soft@example.com']);
    const url = new URL((await h.api.get('/api/v1/webhooks').expect(200)).body.emailEvents.url).pathname;
    const [m] = await ledgerFor(h, ids[0]!);
    await h.raw.post(url.replace(/[^/]+$/, 'AAAAAAAAAAAAAAAAAAAAAA')).send({ type: 'email_bounced', email: 'bounce@example.com', properties: { hard: true } }).expect(401);
    await h.raw.post(url).send({ type: 'order_placed', email: 'bounce@example.com', properties: { total: 1 } }).expect(400);
    expect((await h.api.get(`/api/v1/customers/${ids[0]}`).expect(200)).body.stats.ordersCount).toBe(0);
    const at = h.clock.now().toISOString();
    await h.raw.post(url).send({ type: 'email_bounced', email: 'bounce@example.com', properties: { hard: true, messageId: m!.id } }).expect(202);
    expect((await h.api.get(`/api/v1/customers/${ids[0]}`).expect(200)).body.subscription.status).toBe('bounced');
    expect((await ledgerFor(h, ids[0]!))[0]).toMatchObject({ bouncedAt: at });
  });

  it('suppresses after three soft bounces in a row, and an open resets the streak', async () => {
    const soft = { type: 'email_bounced', email: 'soft@example.com', properties: { hard: false } };
    await h.api.post('/api/v1/events', { events: [soft, soft] }).expect(202);
    await h.api.post('/api/v1/events', { type: 'email_opened', email: 'soft@example.com' }).expect(202);
    await h.api.post('/api/v1/events', { events: [soft, soft] }).expect(202);
    expect((await h.api.get('/api/v1/customers?email=soft@example.com').expect(200)).body.items[0].subscription.status).toBe('subscribed');
    await h.api.post('/api/v1/events', soft).expect(202);
    expect((await h.api.get('/api/v1/customers?email=soft@example.com').expect(200)).body.items[0].subscription.status).toBe('bounced');
  });
});
