import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('POST /api/v1/customers (upsert)', () => {
  it('creates a customer with defaults (201) and returns the whole Customer', async () => {
    const res = await h.api.post('/api/v1/customers', { email: 'Ada@Example.com', firstName: 'Ada' }).expect(201);
    expect(res.body).toMatchObject({
      email: 'Ada@Example.com',
      firstName: 'Ada',
      timezone: 'UTC',
      locale: 'en',
      subscription: { status: 'subscribed' },
      stats: { ordersCount: 0, totalSpent: 0, emailsSent: 0 },
      cart: { status: 'none' },
      rfm: { recency: 0, frequency: 0, monetary: 0, score: '000', tier: 'none' },
      lifecycle: 'prospect',
      segments: [],
    });
    expect(res.body.id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('matches the email case-insensitively and updates (200)', async () => {
    const res = await h.api.post('/api/v1/customers', { email: 'ada@example.COM', lastName: 'Lovelace', timezone: 'Europe/London' }).expect(200);
    expect(res.body).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', timezone: 'Europe/London' });
    const list = await h.api.get('/api/v1/customers?email=ADA@example.com').expect(200);
    expect(list.body.items).toHaveLength(1);
  });

  it('matches by externalId first, so the email can change', async () => {
    const created = await h.api.post('/api/v1/customers', { email: 'grace@example.com', externalId: 'shop-1' }).expect(201);
    const updated = await h.api.post('/api/v1/customers', { email: 'grace.hopper@example.com', externalId: 'shop-1' }).expect(200);
    expect(updated.body.id).toBe(created.body.id);
    expect(updated.body.email).toBe('grace.hopper@example.com');
  });

  it('attaches an externalId to the customer already known by that email', async () => {
    const created = await h.api.post('/api/v1/customers', { email: 'alan@example.com' }).expect(201);
    const updated = await h.api.post('/api/v1/customers', { email: 'alan@example.com', externalId: 'shop-2' }).expect(200);
    expect(updated.body).toMatchObject({ id: created.body.id, externalId: 'shop-2' });
  });

  it('refuses (409) an email that belongs to a customer with another externalId', async () => {
    await h.api.post('/api/v1/customers', { email: 'alan@example.com', externalId: 'shop-3' }).expect(409);
  });

  it('refuses (409) changing an email to one another customer has', async () => {
    const res = await h.api.post('/api/v1/customers', { email: 'ada@example.com', externalId: 'shop-1' }).expect(409);
    expect(res.body.error.code).toBe('conflict');
  });

  it('merges attributes, keeps types, stores ISO dates as dates and removes keys set to null', async () => {
    await h.api.post('/api/v1/customers', { email: 'attr@example.com', attributes: { plan: 'pro', vip: true, points: 42, tags: ['a', 'b'], address: { city: 'Lyon' }, signup: '2025-05-01T10:00:00Z' } }).expect(201);
    const res = await h.api.post('/api/v1/customers', { email: 'attr@example.com', attributes: { plan: null, points: 43 } }).expect(200);
    expect(res.body.attributes).toEqual({ vip: true, points: 43, tags: ['a', 'b'], address: { city: 'Lyon' }, signup: '2025-05-01T10:00:00.000Z' });
  });

  it('unsubscribes with subscribed:false and resubscribes with subscribed:true', async () => {
    const off = await h.api.post('/api/v1/customers', { email: 'sub@example.com', subscribed: false }).expect(201);
    expect(off.body.subscription.status).toBe('unsubscribed');
    const on = await h.api.post('/api/v1/customers', { email: 'sub@example.com', subscribed: true }).expect(200);
    expect(on.body.subscription.status).toBe('subscribed');
  });

  it.each([
    [{}, 'email'],
    [{ email: 'not-an-email' }, 'email'],
    [{ email: 'x@example.com', timezone: 'Mars/Olympus' }, 'timezone'],
    [{ email: 'x@example.com', nickname: 'x' }, '(body)'],
    [{ email: 'x@example.com', attributes: { $where: '1' } }, 'attributes.$where'],
    [{ email: 'x@example.com', attributes: { a: { b: { c: { d: { e: { f: 1 } } } } } } }, 'attributes'],
    [{ email: 'x@example.com', subscribed: 'yes' }, 'subscribed'],
  ])('answers 400 naming the bad field for %j and stores nothing', async (body, field) => {
    const before = await h.services.customers.count();
    const res = await h.api.post('/api/v1/customers', body).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path).join(' ')).toContain(field);
    expect(await h.services.customers.collection.countDocuments()).toBe(before);
  });
});

describe('reading customers', () => {
  it('gets one by id, 404 for an unknown id, 400 for a malformed one', async () => {
    const { body } = await h.api.post('/api/v1/customers', { email: 'get@example.com' });
    await h.api.get(`/api/v1/customers/${body.id}`).expect(200);
    const missing = await h.api.get('/api/v1/customers/0123456789abcdef01234567').expect(404);
    expect(missing.body.error.code).toBe('not_found');
    await h.api.get('/api/v1/customers/nope').expect(400);
  });

  it('pages through the list with limit and cursor, newest first', async () => {
    const first = await h.api.get('/api/v1/customers?limit=2').expect(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.nextCursor).toMatch(/^[0-9a-f]{24}$/);
    const second = await h.api.get(`/api/v1/customers?limit=2&cursor=${first.body.nextCursor}`).expect(200);
    const ids = [...first.body.items, ...second.body.items].map((c: { id: string }) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort().reverse());
    await h.api.get('/api/v1/customers?limit=501').expect(400);
  });
});

describe('export (GDPR access)', () => {
  it('gives the profile and its events as a JSON download', async () => {
    const { body } = await h.api.post('/api/v1/customers', { email: 'export@example.com', firstName: 'Ex' }).expect(201);
    await h.api.post('/api/v1/events', { type: 'product_viewed', customerId: body.id, properties: { sku: 'S-1' } }).expect(202);
    const res = await h.api.get(`/api/v1/customers/${body.id}/export`).expect(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.body.customer).toMatchObject({ id: body.id, email: 'export@example.com', firstName: 'Ex' });
    expect(res.body.events).toMatchObject([{ type: 'product_viewed', properties: { sku: 'S-1' } }]);
    await h.api.get('/api/v1/customers/0123456789abcdef01234567/export').expect(404);
  });
});

describe('erasure', () => {
  it('removes the profile and anonymises its events', async () => {
    const { body } = await h.api.post('/api/v1/customers', { email: 'erase@example.com' }).expect(201);
    await h.api.post('/api/v1/events', { type: 'page_viewed', customerId: body.id, properties: { url: 'https://shop.example/secret' } }).expect(202);
    const timeline = await h.api.get(`/api/v1/customers/${body.id}/timeline`).expect(200);
    expect(timeline.body.items).toHaveLength(1);
    await h.api.delete(`/api/v1/customers/${body.id}`).expect(204);
    await h.api.get(`/api/v1/customers/${body.id}`).expect(404);
    expect((await h.api.get('/api/v1/customers?email=erase@example.com')).body.items).toHaveLength(0);
    const left = await h.services.events.collection.find({ 'properties.url': 'https://shop.example/secret' }).toArray();
    expect(left).toHaveLength(0);
    await h.api.delete(`/api/v1/customers/${body.id}`).expect(404);
  });
});

describe('CSV import', () => {
  it('keeps the good rows and reports each bad line with why', async () => {
    await h.api.post('/api/v1/customers', { email: 'existing@example.com', firstName: 'Old' }).expect(201);
    const csv = [
      'email,externalId,firstName,lastName,timezone,locale,subscribed,attributes.plan,attributes.address.city',
      'one@example.com,c-1,One,Uno,Europe/Paris,fr,true,pro,Paris',
      'not-an-email,c-2,Two,,UTC,en,true,,',
      'EXISTING@example.com,,New,,,,,basic,',
      'three@example.com,c-3,Three,,Nowhere/Land,en,true,,',
      'four@example.com,c-4,Four,,UTC,en,no,,',
    ].join('\n');
    const res = await h.api.post('/api/v1/customers/import').set('Content-Type', 'text/csv').send(csv).expect(200);
    expect(res.body.created).toBe(2);
    expect(res.body.updated).toBe(1);
    expect(res.body.rejected.map((r: { line: number }) => r.line)).toEqual([3, 5]);
    expect(res.body.rejected[0].error).toContain('email');
    expect(res.body.rejected[1].error).toContain('timezone');
    const one = (await h.api.get('/api/v1/customers?email=one@example.com')).body.items[0];
    expect(one).toMatchObject({ externalId: 'c-1', timezone: 'Europe/Paris', locale: 'fr', attributes: { plan: 'pro', address: { city: 'Paris' } } });
    const existing = (await h.api.get('/api/v1/customers?email=existing@example.com')).body.items[0];
    expect(existing).toMatchObject({ firstName: 'New', attributes: { plan: 'basic' } });
    const four = (await h.api.get('/api/v1/customers?email=four@example.com')).body.items[0];
    expect(four.subscription.status).toBe('unsubscribed');
  });

  it('refuses a body that is not text/csv', async () => {
    await h.api.post('/api/v1/customers/import', { email: 'x@example.com' }).expect(415);
  });
});
