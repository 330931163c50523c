import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../clock.js';
import { applyEvent, deriveTimeFields, emptyCart, emptyStats } from './profile.js';
import type { CustomerDoc } from './customer.model.js';

const t0 = new Date('2026-03-01T00:00:00Z');
const daysBefore = (d: number, from = t0): Date => new Date(from.getTime() - d * DAY_MS);

function customer(): CustomerDoc {
  return { stats: emptyStats(), cart: emptyCart(), recentOrders: [], subscription: { status: 'subscribed', updatedAt: null }, softBounces: 0 } as unknown as CustomerDoc;
}

function withOrders(...orders: { daysAgo: number; total: number }[]): CustomerDoc {
  const c = customer();
  for (const o of orders) applyEvent(c, { type: 'order_placed', occurredAt: daysBefore(o.daysAgo), properties: { total: o.total } });
  return c;
}

describe('RFM scores', () => {
  it('gives all zeros and tier none without orders', () => {
    expect(deriveTimeFields(customer(), t0).rfm).toEqual({ recency: 0, frequency: 0, monetary: 0, score: '000', tier: 'none' });
  });

  it.each([
    [30, 5],
    [31, 4],
    [90, 4],
    [91, 3],
    [180, 3],
    [181, 2],
    [365, 2],
    [366, 1],
  ])('scores recency %i days after the last order as %i', (days, score) => {
    expect(deriveTimeFields(withOrders({ daysAgo: days, total: 10 }), t0).rfm.recency).toBe(score);
  });

  it.each([
    [1, 1],
    [2, 2],
    [3, 3],
    [4, 3],
    [5, 4],
    [9, 4],
    [10, 5],
  ])('scores frequency of %i orders as %i', (n, score) => {
    const c = withOrders(...Array.from({ length: n }, (_, i) => ({ daysAgo: i + 1, total: 1 })));
    expect(deriveTimeFields(c, t0).rfm.frequency).toBe(score);
  });

  it.each([
    [49.99, 1],
    [50, 2],
    [199.99, 2],
    [200, 3],
    [500, 4],
    [999.99, 4],
    [1000, 5],
  ])('scores monetary of %f spent as %i', (total, score) => {
    expect(deriveTimeFields(withOrders({ daysAgo: 1, total }), t0).rfm.monetary).toBe(score);
  });

  it('builds the score string and the tier from R+F+M', () => {
    const platinum = withOrders(...Array.from({ length: 10 }, (_, i) => ({ daysAgo: i + 1, total: 100 })));
    expect(deriveTimeFields(platinum, t0).rfm).toMatchObject({ score: '555', tier: 'platinum' });
    // R5 + F1 + M4 = 10: gold
    expect(deriveTimeFields(withOrders({ daysAgo: 1, total: 600 }), t0).rfm).toMatchObject({ score: '514', tier: 'gold' });
    // R4 + F1 + M2 = 7: silver
    expect(deriveTimeFields(withOrders({ daysAgo: 60, total: 60 }), t0).rfm).toMatchObject({ score: '412', tier: 'silver' });
    // R1 + F1 + M1 = 3: bronze
    expect(deriveTimeFields(withOrders({ daysAgo: 400, total: 5 }), t0).rfm).toMatchObject({ score: '111', tier: 'bronze' });
  });
});

describe('lifecycle', () => {
  it('is prospect without orders', () => {
    expect(deriveTimeFields(customer(), t0).lifecycle).toBe('prospect');
  });
  it('is new with one order in the last 30 days, then active, at_risk and lapsed as it ages', () => {
    const c = withOrders({ daysAgo: 0, total: 10 });
    expect(deriveTimeFields(c, t0).lifecycle).toBe('new');
    expect(deriveTimeFields(c, new Date(t0.getTime() + 31 * DAY_MS)).lifecycle).toBe('active');
    expect(deriveTimeFields(c, new Date(t0.getTime() + 91 * DAY_MS)).lifecycle).toBe('at_risk');
    expect(deriveTimeFields(c, new Date(t0.getTime() + 181 * DAY_MS)).lifecycle).toBe('lapsed');
  });
  it('is reactivated when the last order is recent and came more than 180 days after the one before', () => {
    expect(deriveTimeFields(withOrders({ daysAgo: 200, total: 10 }, { daysAgo: 5, total: 10 }), t0).lifecycle).toBe('reactivated');
    expect(deriveTimeFields(withOrders({ daysAgo: 100, total: 10 }, { daysAgo: 5, total: 10 }), t0).lifecycle).toBe('active');
  });
  it('uses the order before the latest even when events arrive out of order', () => {
    const c = withOrders({ daysAgo: 5, total: 10 }, { daysAgo: 400, total: 10 }, { daysAgo: 200, total: 10 });
    expect(c.stats.lastOrderAt).toEqual(daysBefore(5));
    expect(c.stats.firstOrderAt).toEqual(daysBefore(400));
    expect(deriveTimeFields(c, t0).lifecycle).toBe('reactivated');
  });
  it('says when the derived fields next change', () => {
    const c = withOrders({ daysAgo: 10, total: 10 });
    expect(deriveTimeFields(c, t0).nextChangeAt).toEqual(new Date(daysBefore(10).getTime() + 30 * DAY_MS + 1));
    expect(deriveTimeFields(c, new Date(t0.getTime() + 400 * DAY_MS)).nextChangeAt).toBeNull();
  });
});

describe('events applied to a profile', () => {
  it('keeps the newest cart state whatever the arrival order', () => {
    const c = customer();
    applyEvent(c, { type: 'order_placed', occurredAt: daysBefore(1), properties: { total: 20 } });
    applyEvent(c, { type: 'cart_updated', occurredAt: daysBefore(2), properties: { total: 20, items: [{ sku: 'A', quantity: 2 }] } });
    expect(c.cart.status).toBe('converted');
    applyEvent(c, { type: 'cart_updated', occurredAt: t0, properties: { total: 35.5, currency: 'EUR', items: [{ sku: 'B', quantity: 3 }] } });
    expect(c.cart).toMatchObject({ status: 'open', total: 35.5, currency: 'EUR', itemCount: 3, updatedAt: t0 });
  });
  it('suppresses after a hard bounce, after three soft bounces in a row, and on a complaint', () => {
    const hard = customer();
    applyEvent(hard, { type: 'email_bounced', occurredAt: t0, properties: { hard: true } });
    expect(hard.subscription.status).toBe('bounced');
    const soft = customer();
    for (let i = 0; i < 2; i++) applyEvent(soft, { type: 'email_bounced', occurredAt: t0, properties: {} });
    expect(soft.subscription.status).toBe('subscribed');
    applyEvent(soft, { type: 'email_bounced', occurredAt: t0, properties: {} });
    expect(soft.subscription.status).toBe('bounced');
    applyEvent(soft, { type: 'email_complained', occurredAt: t0, properties: {} });
    expect(soft.subscription.status).toBe('complained');
  });
  it('resets the soft-bounce streak when the customer engages', () => {
    const c = customer();
    applyEvent(c, { type: 'email_bounced', occurredAt: t0, properties: {} });
    applyEvent(c, { type: 'email_bounced', occurredAt: t0, properties: {} });
    applyEvent(c, { type: 'email_opened', occurredAt: t0, properties: {} });
    applyEvent(c, { type: 'email_bounced', occurredAt: t0, properties: {} });
    expect(c.subscription.status).toBe('subscribed');
  });
});

describe('what the profile remembers of its events', () => {
  it('keeps the latest time of each event type, whatever order the events arrive in', () => {
    const c = customer();
    applyEvent(c, { type: 'order_placed', occurredAt: daysBefore(1), properties: { total: 10 } });
    applyEvent(c, { type: 'order_placed', occurredAt: daysBefore(5), properties: { total: 10 } });
    applyEvent(c, { type: 'subscription.renewed', occurredAt: daysBefore(3), properties: {} });
    expect(c.lastEvents).toEqual([
      { type: 'order_placed', at: daysBefore(1) },
      { type: 'subscription.renewed', at: daysBefore(3) },
    ]);
    expect(c.lastEventsIncomplete).toBeUndefined();
  });

  it('keeps at most 64 types, the latest, and then says it is incomplete', () => {
    const c = customer();
    for (let i = 0; i < 70; i++) applyEvent(c, { type: `custom_${i}`, occurredAt: daysBefore(100 - i), properties: {} });
    expect(c.lastEvents).toHaveLength(64);
    expect(c.lastEvents![0]!.type).toBe('custom_69');
    expect(c.lastEvents!.some((x) => x.type === 'custom_0')).toBe(false);
    expect(c.lastEventsIncomplete).toBe(true);
  });

  it('keeps the latest four distinct products viewed, each with its latest view', () => {
    const c = customer();
    const view = (sku: string, daysAgo: number, price = 10) => applyEvent(c, { type: 'product_viewed', occurredAt: daysBefore(daysAgo), properties: { sku, name: `Product ${sku}`, price, url: `https://shop.example/${sku}` } });
    view('A', 10);
    view('B', 9);
    view('A', 2, 12);
    view('C', 8);
    view('D', 7);
    view('E', 6);
    view('B', 20); // an older view arriving late changes nothing
    expect(c.recentViews!.map((v) => [v.sku, v.price])).toEqual([
      ['A', 12],
      ['E', 10],
      ['D', 10],
      ['C', 10],
    ]);
    applyEvent(c, { type: 'product_viewed', occurredAt: t0, properties: { name: 'no sku or url' } });
    expect(c.recentViews).toHaveLength(4);
    expect(c.recentViews![0]!.sku).toBe('A');
  });
});
