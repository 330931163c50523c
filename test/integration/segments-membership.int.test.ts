/**
 * Membership follows the data: profile changes, events, and the passing of time (manual clock),
 * with entries and exits recorded once, in the history, the timeline and the cadence feed.
 */
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../helpers/harness.js';
import { advance, createSegment, upsertCustomer } from '../factories/marketing.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ start: new Date('2026-03-02T10:00:00Z') });
});
afterAll(async () => {
  await h.close();
});

async function event(body: Record<string, unknown>): Promise<void> {
  const res = await h.api.post('/api/v1/events', body).expect(202);
  expect(res.body.rejected).toEqual([]);
}
async function segmentsOf(customerId: string): Promise<string[]> {
  return (await h.api.get(`/api/v1/customers/${customerId}`).expect(200)).body.segments;
}
async function memberCount(segmentId: string): Promise<number> {
  return (await h.api.get(`/api/v1/segments/${segmentId}`).expect(200)).body.memberCount;
}

describe('after profile changes and events', () => {
  it('enters and leaves with attribute and subscription changes, in the same write', async () => {
    const seg = await createSegment(h, 'pro subscribers', { all: [{ field: 'attributes.plan', op: 'eq', value: 'pro' }, { field: 'subscription.status', op: 'eq', value: 'subscribed' }] });
    const id = await upsertCustomer(h, { email: 'pat@example.com', attributes: { plan: 'free' } });
    expect(await segmentsOf(id)).toEqual([]);
    const upgraded = await h.api.post('/api/v1/customers', { email: 'pat@example.com', attributes: { plan: 'pro' } }).expect(200);
    expect(upgraded.body.segments).toEqual([seg]);
    expect(await memberCount(seg)).toBe(1);
    await event({ type: 'unsubscribed', email: 'pat@example.com' });
    expect(await segmentsOf(id)).toEqual([]);
    expect(await memberCount(seg)).toBe(0);
  });

  it('puts a customer created by an event into the segments that match from the start', async () => {
    const seg = await createSegment(h, 'never ordered', { not: { event: 'order_placed' } });
    await event({ type: 'page_viewed', email: 'newcomer@example.com', properties: { url: 'https://shop.example/' } });
    const found = await h.api.get('/api/v1/customers?email=newcomer@example.com').expect(200);
    expect(found.body.items[0].segments).toContain(seg);
    await event({ type: 'order_placed', email: 'newcomer@example.com', properties: { orderId: 'n1', total: 10 } });
    expect(await segmentsOf(found.body.items[0].id)).not.toContain(seg);
  });

  it('re-evaluates inSegment dependents in the same pass, in dependency order', async () => {
    const big = await createSegment(h, 'big spenders', { field: 'stats.totalSpent', op: 'gte', value: 500 });
    const bigOrNew = await createSegment(h, 'big and subscribed', { all: [{ inSegment: big }, { field: 'subscription.status', op: 'eq', value: 'subscribed' }] });
    const notBig = await createSegment(h, 'not big', { not: { inSegment: big } });
    await event({ type: 'order_placed', email: 'whale@example.com', properties: { orderId: 'w1', total: 800 } });
    const whale = (await h.api.get('/api/v1/customers?email=whale@example.com').expect(200)).body.items[0];
    expect(whale.segments).toEqual(expect.arrayContaining([big, bigOrNew]));
    expect(whale.segments).not.toContain(notBig);
  });

  it('rebuilds on a rules change: entries and exits of the difference, status building then ready', async () => {
    const a = await upsertCustomer(h, { email: 'r1@example.com', attributes: { score: 10 } });
    const b = await upsertCustomer(h, { email: 'r2@example.com', attributes: { score: 50 } });
    const seg = await createSegment(h, 'scored', { field: 'attributes.score', op: 'gte', value: 20 });
    expect(await segmentsOf(b)).toContain(seg);
    const patched = await h.api.patch(`/api/v1/segments/${seg}`, { rules: { field: 'attributes.score', op: 'lt', value: 20 } }).expect(200);
    expect(patched.body.status).toBe('building');
    await advance(h, '0s');
    expect((await h.api.get(`/api/v1/segments/${seg}`).expect(200)).body).toMatchObject({ status: 'ready', memberCount: 1 });
    expect(await segmentsOf(a)).toContain(seg);
    expect(await segmentsOf(b)).not.toContain(seg);
    const renamed = await h.api.patch(`/api/v1/segments/${seg}`, { name: 'low scores' }).expect(200);
    expect(renamed.body).toMatchObject({ name: 'low scores', status: 'ready' });
  });

  it('is right for a customer changed while the build is pending', async () => {
    const id = await upsertCustomer(h, { email: 'racer@example.com', attributes: { tier: 'silver' } });
    const res = await h.api.post('/api/v1/segments', { name: 'gold tier', rules: { field: 'attributes.tier', op: 'eq', value: 'gold' } }).expect(201);
    await h.api.post('/api/v1/customers', { email: 'racer@example.com', attributes: { tier: 'gold' } }).expect(200);
    expect(await segmentsOf(id)).toContain(res.body.id);
    await advance(h, '0s');
    expect(await segmentsOf(id)).toContain(res.body.id);
    expect(await memberCount(res.body.id)).toBe(1);
  });
});

describe('builds racing profile writes', () => {
  it('ends with every customer placed by their latest data and an exact memberCount', async () => {
    const emails = Array.from({ length: 40 }, (_, i) => `race${i}@example.com`);
    for (const [i, email] of emails.entries()) await upsertCustomer(h, { email, attributes: { n: i } });
    const res = await h.api.post('/api/v1/segments', { name: 'n high', rules: { field: 'attributes.n', op: 'gte', value: 20 } }).expect(201);
    // The build runs while every customer's n flips to the other side.
    await Promise.all([advance(h, '0s'), ...emails.map((email, i) => h.api.post('/api/v1/customers', { email, attributes: { n: 39 - i } }).expect(200))]);
    await advance(h, '0s');
    const members = await h.api.get(`/api/v1/segments/${res.body.id}/members?limit=500`).expect(200);
    const got = (members.body.items as { email: string }[]).map((c) => c.email).sort();
    expect(got).toEqual(emails.filter((_, i) => 39 - i >= 20).sort());
    expect((await h.api.get(`/api/v1/segments/${res.body.id}`).expect(200)).body).toMatchObject({ status: 'ready', memberCount: 20 });
  });
});

describe('time flips (manual clock)', () => {
  it('a cart turning one hour old', async () => {
    const seg = await createSegment(h, 'abandoned carts', { all: [{ field: 'cart.status', op: 'eq', value: 'open' }, { field: 'cart.updatedAt', op: 'moreThanAgo', value: '1h' }] });
    await event({ type: 'cart_updated', email: 'cart@example.com', properties: { total: 40, currency: 'EUR' } });
    const id = (await h.api.get('/api/v1/customers?email=cart@example.com').expect(200)).body.items[0].id;
    expect(await segmentsOf(id)).not.toContain(seg);
    await advance(h, '59m');
    expect(await segmentsOf(id)).not.toContain(seg);
    await advance(h, '1m');
    expect(await segmentsOf(id)).toContain(seg);
    await event({ type: 'order_placed', email: 'cart@example.com', properties: { orderId: 'c1', total: 40 } });
    expect(await segmentsOf(id)).not.toContain(seg);
  });

  it('a last order turning 60 days old, in and out of windows on both sides', async () => {
    const lapsing = await createSegment(h, 'no order for 60 days', { field: 'stats.lastOrderAt', op: 'moreThanAgo', value: '60d' });
    const recent = await createSegment(h, 'ordered in 60 days', { field: 'stats.lastOrderAt', op: 'withinLast', value: '60d' });
    const now = (await h.api.get('/api/v1/clock').expect(200)).body.now as string;
    await event({ type: 'order_placed', email: 'old@example.com', occurredAt: new Date(Date.parse(now) - 59 * 86_400_000).toISOString(), properties: { orderId: 'o1', total: 20 } });
    const id = (await h.api.get('/api/v1/customers?email=old@example.com').expect(200)).body.items[0].id;
    expect(await segmentsOf(id)).toEqual(expect.arrayContaining([recent]));
    expect(await segmentsOf(id)).not.toContain(lapsing);
    await advance(h, '1439m');
    expect(await segmentsOf(id)).toContain(recent);
    expect(await segmentsOf(id)).not.toContain(lapsing);
    await advance(h, '1m');
    expect(await segmentsOf(id)).toContain(lapsing);
    expect(await segmentsOf(id)).not.toContain(recent);
  });

  it('an event leaving a 30-day window', async () => {
    const seg = await createSegment(h, 'clicked lately', { event: 'email_clicked', within: '30d' });
    await event({ type: 'email_clicked', email: 'clicker@example.com', properties: { messageId: 'm1' } });
    const id = (await h.api.get('/api/v1/customers?email=clicker@example.com').expect(200)).body.items[0].id;
    expect(await segmentsOf(id)).toContain(seg);
    await advance(h, '29d');
    expect(await segmentsOf(id)).toContain(seg);
    await advance(h, '1d');
    expect(await segmentsOf(id)).not.toContain(seg);
  });

  it('flips customers that existed before the segment, scheduled by the build', async () => {
    await event({ type: 'cart_updated', email: 'before@example.com', properties: { total: 15 } });
    const id = (await h.api.get('/api/v1/customers?email=before@example.com').expect(200)).body.items[0].id;
    const seg = await createSegment(h, 'carts older than 2h', { all: [{ field: 'cart.status', op: 'eq', value: 'open' }, { field: 'cart.updatedAt', op: 'moreThanAgo', value: '2h' }] });
    expect(await segmentsOf(id)).not.toContain(seg);
    await advance(h, '2h');
    await advance(h, '1s');
    expect(await segmentsOf(id)).toContain(seg);
  });

  it('flips with RFM and lifecycle as they age', async () => {
    const seg = await createSegment(h, 'at risk', { field: 'lifecycle', op: 'eq', value: 'at_risk' });
    await event({ type: 'order_placed', email: 'aging@example.com', properties: { orderId: 'ag1', total: 20 } });
    const id = (await h.api.get('/api/v1/customers?email=aging@example.com').expect(200)).body.items[0].id;
    expect(await segmentsOf(id)).not.toContain(seg);
    await advance(h, '91d');
    expect(await segmentsOf(id)).toContain(seg);
  });
});

/** What the segment engine recorded for one customer and segment, oldest first (consumed or not). */
async function transitionsOf(seg: string, customerId: string): Promise<{ _id: Types.ObjectId; kind: string }[]> {
  return h.conn.db!.collection<{ _id: Types.ObjectId; kind: string }>('segment_transitions').find({ segmentId: new Types.ObjectId(seg), customerId: new Types.ObjectId(customerId) }).sort({ at: 1, _id: 1 }).toArray();
}

describe('records of entries and exits', () => {
  it('keeps a daily history, the timeline, and the cadence feed', async () => {
    const start = (await h.api.get('/api/v1/clock').expect(200)).body.now as string;
    const seg = await createSegment(h, 'flag on', { field: 'attributes.flag', op: 'eq', value: true });
    const id = await upsertCustomer(h, { email: 'hist@example.com', attributes: { flag: true } });
    await upsertCustomer(h, { email: 'hist2@example.com', attributes: { flag: true } });
    await advance(h, '1d');
    await upsertCustomer(h, { email: 'hist@example.com', attributes: { flag: false } });
    await advance(h, '2d');
    const day0 = start.slice(0, 10);
    const res = await h.api.get(`/api/v1/segments/${seg}/history?from=${day0}&to=${new Date(Date.parse(start) + 3 * 86_400_000).toISOString().slice(0, 10)}`).expect(200);
    expect(res.body.items).toEqual([
      { date: day0, members: 2, entered: 2, exited: 0 },
      { date: new Date(Date.parse(start) + 86_400_000).toISOString().slice(0, 10), members: 1, entered: 0, exited: 1 },
      { date: new Date(Date.parse(start) + 2 * 86_400_000).toISOString().slice(0, 10), members: 1, entered: 0, exited: 0 },
      { date: new Date(Date.parse(start) + 3 * 86_400_000).toISOString().slice(0, 10), members: 1, entered: 0, exited: 0 },
    ]);
    const timeline = await h.api.get(`/api/v1/customers/${id}/timeline`).expect(200);
    const kinds = timeline.body.items.filter((i: { kind: string; segmentId: string }) => i.kind.startsWith('segment_') && i.segmentId === seg).map((i: { kind: string; segmentName: string }) => `${i.kind}:${i.segmentName}`);
    expect(kinds).toEqual(['segment_exited:flag on', 'segment_entered:flag on']);
    // The cadence feed: both transitions recorded, and consumed by the enrollment engine during the advances.
    const recorded = await transitionsOf(seg, id);
    expect(recorded.map((t) => t.kind)).toEqual(['entered', 'exited']);
    expect((await h.services.segments.pendingTransitions(10_000)).some((t) => recorded.some((m) => m._id.equals(t._id)))).toBe(false);
    await h.api.get(`/api/v1/segments/${seg}/history?from=2026-02-01&to=2026-01-01`).expect(400);
  });

  it('moves transitions a crash left in the outbox, exactly once', async () => {
    const seg = await createSegment(h, 'crash', { field: 'attributes.crash', op: 'eq', value: true });
    const id = await upsertCustomer(h, { email: 'crash@example.com' });
    const now = h.clock.now();
    const t = { _id: new Types.ObjectId(), segmentId: new Types.ObjectId(seg), kind: 'entered', at: now };
    // As if the process died between the profile write and moving its outbox out.
    await h.services.customers.collection.updateOne({ _id: new Types.ObjectId(id) }, { $set: { pendingTransitions: [t] as never, segments: [new Types.ObjectId(seg)], 'attributes.crash': true } });
    await advance(h, '1m');
    await advance(h, '1m');
    expect(await memberCount(seg)).toBe(1);
    const mine = (await transitionsOf(seg, id)).filter((x) => x._id.equals(t._id));
    expect(mine).toHaveLength(1);
    const doc = await h.services.customers.collection.findOne({ _id: new Types.ObjectId(id) });
    expect(doc?.pendingTransitions).toEqual([]);
  });

  it('on delete, removes the segment from its members; on erasure, the customer leaves and their history goes', async () => {
    const seg = await createSegment(h, 'to delete', { field: 'email', op: 'endsWith', value: '@gone.test' });
    const keep = await createSegment(h, 'to keep', { field: 'email', op: 'endsWith', value: '@gone.test' });
    const id = await upsertCustomer(h, { email: 'x@gone.test' });
    expect(await segmentsOf(id)).toEqual(expect.arrayContaining([seg, keep]));
    await h.api.delete(`/api/v1/segments/${seg}`).expect(204);
    expect(await segmentsOf(id)).toContain(keep);
    expect(await segmentsOf(id)).not.toContain(seg);
    expect((await h.api.get(`/api/v1/customers?segmentId=${keep}`).expect(200)).body.items).toHaveLength(1);
    await h.api.delete(`/api/v1/customers/${id}`).expect(204);
    expect(await memberCount(keep)).toBe(0);
    const feed = await h.services.segments.pendingTransitions(10_000);
    expect(feed.some((t) => t.customerId.toHexString() === id)).toBe(false);
  });

  it('tells in-process listeners about transitions as they are recorded', async () => {
    const heard: string[] = [];
    h.services.segments.onTransitions((ts) => {
      for (const t of ts) heard.push(`${t.kind}:${t.customerId.toHexString()}`);
    });
    await createSegment(h, 'listened', { field: 'attributes.listen', op: 'exists', value: true });
    const id = await upsertCustomer(h, { email: 'listen@example.com', attributes: { listen: 1 } });
    expect(heard).toContain(`entered:${id}`);
  });
});
