/**
 * Segments through the API: definitions, every operator and path family, nested logic, event
 * conditions (windows, counts, "never"), inSegment, preview, and refusals of bad rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { advance, createSegment, upsertCustomer } from '../factories/marketing.js';

let h: Harness;
const ids: Record<string, string> = {};

async function event(body: Record<string, unknown>): Promise<void> {
  const res = await h.api.post('/api/v1/events', body).expect(202);
  expect(res.body.rejected).toEqual([]);
}

/** The emails of a segment's members, sorted. */
async function memberEmails(segmentId: string): Promise<string[]> {
  const res = await h.api.get(`/api/v1/segments/${segmentId}/members?limit=500`).expect(200);
  return (res.body.items as { email: string }[]).map((c) => c.email).sort();
}

/** Creates a segment, lets the build finish, returns its members' emails. */
async function membersOf(rules: unknown): Promise<string[]> {
  const id = await createSegment(h, `s${Math.random()}`, rules);
  return memberEmails(id);
}

beforeAll(async () => {
  h = await startHarness();
  // 2026-01-05T12:00:00Z is now.
  ids.ada = await upsertCustomer(h, { email: 'Ada@Example.com', firstName: 'Ada', lastName: 'Lovelace', timezone: 'Europe/London', locale: 'en-GB', attributes: { plan: 'pro', points: 42, vip: true, tags: ['early', 'beta'], address: { city: 'London' }, trialEndsAt: '2026-01-20T00:00:00Z' } });
  ids.bob = await upsertCustomer(h, { email: 'bob@shop.test', firstName: 'Bob', attributes: { plan: 'free', points: 7, tags: ['late'], address: { city: 'Paris' } }, subscribed: false });
  ids.cy = await upsertCustomer(h, { email: 'cy@example.com', attributes: { points: 100 } });
  await event({ type: 'order_placed', email: 'ada@example.com', occurredAt: '2025-12-20T10:00:00Z', properties: { orderId: 'a1', total: 120, currency: 'EUR', items: [{ sku: 'X', category: 'shoes' }] } });
  await event({ type: 'order_placed', email: 'ada@example.com', occurredAt: '2026-01-02T10:00:00Z', properties: { orderId: 'a2', total: 30, currency: 'EUR' } });
  await event({ type: 'order_placed', email: 'bob@shop.test', occurredAt: '2025-09-01T10:00:00Z', properties: { orderId: 'b1', total: 600, currency: 'USD' } });
  await event({ type: 'cart_updated', email: 'cy@example.com', occurredAt: '2026-01-05T11:00:00Z', properties: { total: 55, currency: 'EUR', items: [{ sku: 'Y', quantity: 2 }], checkoutUrl: 'https://shop.example/c/1' } });
  await event({ type: 'product_viewed', email: 'cy@example.com', occurredAt: '2026-01-04T09:00:00Z', properties: { sku: 'Y', category: 'Shoes' } });
  await event({ type: 'product_viewed', email: 'cy@example.com', occurredAt: '2026-01-05T09:00:00Z', properties: { sku: 'Z', category: 'hats' } });
});
afterAll(async () => {
  await h.close();
});

describe('POST /api/v1/segments', () => {
  it('creates a segment (201, building), builds it on the clock, then lists it ready with its memberCount', async () => {
    const res = await h.api.post('/api/v1/segments', { name: 'Buyers', description: 'ordered once', rules: { field: 'stats.ordersCount', op: 'gte', value: 1 } }).expect(201);
    expect(res.body).toMatchObject({ name: 'Buyers', description: 'ordered once', status: 'building', memberCount: 0, rules: { field: 'stats.ordersCount', op: 'gte', value: 1 } });
    await advance(h, '0s');
    const got = await h.api.get(`/api/v1/segments/${res.body.id}`).expect(200);
    expect(got.body).toMatchObject({ status: 'ready', memberCount: 2 });
    const list = await h.api.get('/api/v1/segments').expect(200);
    expect(list.body.items.find((s: { id: string }) => s.id === res.body.id)).toMatchObject({ memberCount: 2, status: 'ready' });
    expect(await memberEmails(res.body.id)).toEqual(['Ada@Example.com', 'bob@shop.test']);
  });
});
