import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ start: new Date('2026-01-05T12:00:00Z') });
});
afterAll(async () => {
  await h.close();
});

const byEmail = async (email: string) => (await h.api.get(`/api/v1/customers?email=${encodeURIComponent(email)}`).expect(200)).body.items[0];

describe('POST /api/v1/events', () => {
  it('accepts one event (202) and creates the customer an unknown email names', async () => {
    const res = await h.api.post('/api/v1/events', { type: 'page_viewed', email: 'new@example.com', properties: { url: 'https://shop.example/' } }).expect(202);
    expect(res.body).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const c = await byEmail('new@example.com');
    expect(c.stats.lastSeenAt).toBe('2026-01-05T12:00:00.000Z');
  });

  it('creates a customer from an unknown externalId', async () => {
    await h.api.post('/api/v1/events', { type: 'signed_up', externalId: 'ext-9' }).expect(202);
    const c = await h.services.customers.collection.findOne({ externalId: 'ext-9' });
    expect(c).not.toBeNull();
  });

  it('keeps the good events of a batch and rejects the bad ones by index', async () => {
    const res = await h.api
      .post('/api/v1/events', {
        events: [
          { type: 'order_placed', email: 'batch@example.com', occurredAt: '2026-01-01T10:00:00Z', properties: { orderId: 'o-1', total: 120 } },
          { type: 'Bad Type!', email: 'batch@example.com' },
          { type: 'order_placed', email: 'batch@example.com', properties: { orderId: 'o-2', total: -5 } },
          { type: 'page_viewed' },
          { type: 'page_viewed', customerId: '0123456789abcdef01234567' },
          { type: 'product_viewed', email: 'batch@example.com', properties: { sku: 'S1' } },
        ],
      })
      .expect(202);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 2, 3, 4]);
    expect(res.body.rejected[0].error).toContain('type');
    expect(res.body.rejected[1].error).toContain('properties.total');
    expect(res.body.rejected[3].error).toContain('customerId');
    const c = await byEmail('batch@example.com');
    expect(c.stats).toMatchObject({ ordersCount: 1, totalSpent: 120, avgOrderValue: 120, lastOrderAt: '2026-01-01T10:00:00.000Z' });
  });

  it('counts a repeated idempotency key once, in the same batch and ever after', async () => {
    const ev = { type: 'order_placed', email: 'idem@example.com', idempotencyKey: 'k-1', properties: { total: 10 } };
    const first = await h.api.post('/api/v1/events', { events: [ev, ev] }).expect(202);
    expect(first.body).toMatchObject({ accepted: 1, duplicates: 1 });
    const again = await h.api.post('/api/v1/events', ev).expect(202);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 1 });
    expect((await byEmail('idem@example.com')).stats.ordersCount).toBe(1);
  });

  it('counts an order once per orderId even without an idempotency key', async () => {
    const ev = { type: 'order_placed', email: 'orderid@example.com', properties: { orderId: 'A-77', total: 10 } };
    await h.api.post('/api/v1/events', ev).expect(202);
    const again = await h.api.post('/api/v1/events', ev).expect(202);
    expect(again.body.duplicates).toBe(1);
    expect((await byEmail('orderid@example.com')).stats.ordersCount).toBe(1);
  });

  it('refuses an empty batch and one over 1000 events, storing nothing', async () => {
    const before = await h.services.events.collection.countDocuments();
    await h.api.post('/api/v1/events', { events: [] }).expect(400);
    const many = Array.from({ length: 1001 }, () => ({ type: 'page_viewed', email: 'many@example.com' }));
    await h.api.post('/api/v1/events', { events: many }).expect(400);
    expect(await h.services.events.collection.countDocuments()).toBe(before);
  });

  it('rejects an event dated more than a day in the future', async () => {
    const res = await h.api.post('/api/v1/events', { type: 'page_viewed', email: 'future@example.com', occurredAt: '2027-01-01T00:00:00Z' }).expect(202);
    expect(res.body.rejected[0].error).toContain('future');
  });
});

describe('profiles follow the events', () => {
  it('computes stats, RFM and lifecycle from orders arriving out of order', async () => {
    const email = 'ooo@example.com';
    await h.api.post('/api/v1/events', {
      events: [
        { type: 'order_placed', email, occurredAt: '2026-01-03T00:00:00Z', properties: { orderId: 'x3', total: 300 } },
        { type: 'order_placed', email, occurredAt: '2025-03-01T00:00:00Z', properties: { orderId: 'x1', total: 100 } },
      ],
    });
    await h.api.post('/api/v1/events', { type: 'order_placed', email, occurredAt: '2025-04-01T00:00:00Z', properties: { orderId: 'x2', total: 200.5 } });
    const c = await byEmail(email);
    expect(c.stats).toMatchObject({
      ordersCount: 3,
      totalSpent: 600.5,
      avgOrderValue: 200.17,
      firstOrderAt: '2025-03-01T00:00:00.000Z',
      lastOrderAt: '2026-01-03T00:00:00.000Z',
    });
    // 2 days since the last order: R5; 3 orders: F3; 600.5 spent: M4 -> 12, gold.
    expect(c.rfm).toEqual({ recency: 5, frequency: 3, monetary: 4, score: '534', tier: 'gold' });
    // The order before the latest is 2025-04-01, 277 days earlier: reactivated.
    expect(c.lifecycle).toBe('reactivated');
  });

  it('moves the cart through open, converted and cleared by occurredAt', async () => {
    const email = 'cart@example.com';
    await h.api.post('/api/v1/events', {
      type: 'cart_updated',
      email,
      occurredAt: '2026-01-05T11:00:00Z',
      properties: { total: 59.9, currency: 'EUR', checkoutUrl: 'https://shop.example/checkout/1', items: [{ sku: 'T1', name: 'Tee', price: 29.95, quantity: 2 }] },
    });
    let c = await byEmail(email);
    expect(c.cart).toMatchObject({ status: 'open', total: 59.9, currency: 'EUR', itemCount: 2, checkoutUrl: 'https://shop.example/checkout/1', updatedAt: '2026-01-05T11:00:00.000Z' });
    // An older clear arriving late does not close a newer cart.
    await h.api.post('/api/v1/events', { type: 'cart_cleared', email, occurredAt: '2026-01-05T10:00:00Z' });
    expect((await byEmail(email)).cart.status).toBe('open');
    await h.api.post('/api/v1/events', { type: 'order_placed', email, occurredAt: '2026-01-05T11:30:00Z', properties: { orderId: 'c-1', total: 59.9 } });
    c = await byEmail(email);
    expect(c.cart.status).toBe('converted');
    await h.api.post('/api/v1/events', { type: 'cart_cleared', email, occurredAt: '2026-01-05T11:45:00Z' });
    expect((await byEmail(email)).cart.status).toBe('cleared');
  });

  it('suppresses the address on a hard bounce and on a complaint', async () => {
    await h.api.post('/api/v1/events', { type: 'email_bounced', email: 'bounce@example.com', properties: { hard: true } });
    expect((await byEmail('bounce@example.com')).subscription.status).toBe('bounced');
    await h.api.post('/api/v1/events', { type: 'email_complained', email: 'complain@example.com' });
    expect((await byEmail('complain@example.com')).subscription.status).toBe('complained');
  });

  it('keeps recency and lifecycle true as the manual clock advances', async () => {
    const email = 'aging@example.com';
    await h.api.post('/api/v1/events', { type: 'order_placed', email, occurredAt: '2026-01-05T12:00:00Z', properties: { orderId: 'age-1', total: 60 } });
    expect(await byEmail(email)).toMatchObject({ lifecycle: 'new', rfm: { recency: 5, score: '512', tier: 'silver' } });
    await h.api.post('/api/v1/clock/advance', { by: '31d' }).expect(200);
    expect(await byEmail(email)).toMatchObject({ lifecycle: 'active', rfm: { recency: 4, score: '412', tier: 'silver' } });
    await h.api.post('/api/v1/clock/advance', { by: '60d' }).expect(200);
    expect(await byEmail(email)).toMatchObject({ lifecycle: 'at_risk', rfm: { recency: 3, tier: 'bronze' } });
    await h.api.post('/api/v1/clock/advance', { to: '2027-01-10T00:00:00Z' }).expect(200);
    expect(await byEmail(email)).toMatchObject({ lifecycle: 'lapsed', rfm: { recency: 1, score: '112', tier: 'bronze' } });
    const clock = await h.api.get('/api/v1/clock').expect(200);
    expect(clock.body).toEqual({ mode: 'manual', now: '2027-01-10T00:00:00.000Z' });
  });

  it('applies events left pending by a crash exactly once', async () => {
    const { body } = await h.api.post('/api/v1/customers', { email: 'crash@example.com' });
    const now = h.clock.now();
    // An event stored but never applied, as after a crash between the two writes.
    await h.services.events.collection.insertOne({
      _id: new (await import('mongoose')).Types.ObjectId(),
      customerId: new (await import('mongoose')).Types.ObjectId(body.id),
      type: 'order_placed',
      occurredAt: now,
      receivedAt: now,
      properties: { total: 75 },
      pending: true,
      writeId: 'crashed-write',
    });
    await h.api.post('/api/v1/clock/advance', { by: '1m' }).expect(200);
    await h.api.post('/api/v1/clock/advance', { by: '1m' }).expect(200);
    expect((await byEmail('crash@example.com')).stats).toMatchObject({ ordersCount: 1, totalSpent: 75 });
    expect(await h.services.events.collection.countDocuments({ pending: true })).toBe(0);
  });
});
