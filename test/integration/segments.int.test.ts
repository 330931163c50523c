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

describe('operators on every path family', () => {
  it.each([
    ['email eq, case-insensitive', { field: 'email', op: 'eq', value: 'ADA@example.com' }, ['Ada@Example.com']],
    ['email endsWith, case-insensitive', { field: 'email', op: 'endsWith', value: '@EXAMPLE.com' }, ['Ada@Example.com', 'cy@example.com']],
    ['firstName contains, case-insensitive', { field: 'firstName', op: 'contains', value: 'DA' }, ['Ada@Example.com']],
    ['firstName startsWith', { field: 'firstName', op: 'startsWith', value: 'b' }, ['bob@shop.test']],
    ['firstName ne includes customers without one', { field: 'firstName', op: 'ne', value: 'Ada' }, ['bob@shop.test', 'cy@example.com']],
    ['lastName exists', { field: 'lastName', op: 'exists', value: true }, ['Ada@Example.com']],
    ['lastName exists false', { field: 'lastName', op: 'exists', value: false }, ['bob@shop.test', 'cy@example.com']],
    ['timezone in', { field: 'timezone', op: 'in', value: ['Europe/London', 'Asia/Tokyo'] }, ['Ada@Example.com']],
    ['locale nin', { field: 'locale', op: 'nin', value: ['en-GB'] }, ['bob@shop.test', 'cy@example.com']],
    ['createdAt before', { field: 'createdAt', op: 'before', value: '2026-01-06T00:00:00Z' }, ['Ada@Example.com', 'bob@shop.test', 'cy@example.com']],
    ['createdAt after', { field: 'createdAt', op: 'after', value: '2026-01-06T00:00:00Z' }, []],
    ['subscription.status eq', { field: 'subscription.status', op: 'eq', value: 'unsubscribed' }, ['bob@shop.test']],
    ['lifecycle in', { field: 'lifecycle', op: 'in', value: ['active', 'lapsed', 'at_risk'] }, ['Ada@Example.com', 'bob@shop.test']],
    ['lifecycle eq prospect', { field: 'lifecycle', op: 'eq', value: 'prospect' }, ['cy@example.com']],
    ['stats.totalSpent gt', { field: 'stats.totalSpent', op: 'gt', value: 150 }, ['bob@shop.test']],
    ['stats.totalSpent gte', { field: 'stats.totalSpent', op: 'gte', value: 150 }, ['Ada@Example.com', 'bob@shop.test']],
    ['stats.ordersCount lt', { field: 'stats.ordersCount', op: 'lt', value: 2 }, ['bob@shop.test', 'cy@example.com']],
    ['stats.ordersCount lte', { field: 'stats.ordersCount', op: 'lte', value: 2 }, ['Ada@Example.com', 'bob@shop.test', 'cy@example.com']],
    ['stats.avgOrderValue between (inclusive)', { field: 'stats.avgOrderValue', op: 'between', value: [75, 600] }, ['Ada@Example.com', 'bob@shop.test']],
    ['stats.lastOrderAt withinLast', { field: 'stats.lastOrderAt', op: 'withinLast', value: '30d' }, ['Ada@Example.com']],
    ['stats.lastOrderAt moreThanAgo (a missing date never matches)', { field: 'stats.lastOrderAt', op: 'moreThanAgo', value: '60d' }, ['bob@shop.test']],
    ['stats.lastOrderAt between dates', { field: 'stats.lastOrderAt', op: 'between', value: ['2025-08-01', '2025-12-31'] }, ['bob@shop.test']],
    ['cart.status eq', { field: 'cart.status', op: 'eq', value: 'open' }, ['cy@example.com']],
    ['cart.total gte', { field: 'cart.total', op: 'gte', value: 50 }, ['cy@example.com']],
    ['cart.itemCount eq', { field: 'cart.itemCount', op: 'eq', value: 2 }, ['cy@example.com']],
    ['cart.updatedAt withinLast', { field: 'cart.updatedAt', op: 'withinLast', value: '2h' }, ['cy@example.com']],
    ['cart.currency eq', { field: 'cart.currency', op: 'eq', value: 'EUR' }, ['cy@example.com']],
    ['cart.checkoutUrl startsWith', { field: 'cart.checkoutUrl', op: 'startsWith', value: 'https://shop.example/' }, ['cy@example.com']],
    ['rfm.tier eq', { field: 'rfm.tier', op: 'eq', value: 'none' }, ['cy@example.com']],
    ['rfm.recency eq', { field: 'rfm.recency', op: 'eq', value: 5 }, ['Ada@Example.com']],
    ['rfm.score startsWith', { field: 'rfm.score', op: 'startsWith', value: '3' }, ['bob@shop.test']],
    ['attributes string eq (case-sensitive)', { field: 'attributes.plan', op: 'eq', value: 'pro' }, ['Ada@Example.com']],
    ['attributes number gt', { field: 'attributes.points', op: 'gt', value: 10 }, ['Ada@Example.com', 'cy@example.com']],
    ['attributes boolean eq', { field: 'attributes.vip', op: 'eq', value: true }, ['Ada@Example.com']],
    ['attributes array contains an element', { field: 'attributes.tags', op: 'eq', value: 'beta' }, ['Ada@Example.com']],
    ['attributes array contains (substring of an element)', { field: 'attributes.tags', op: 'contains', value: 'AT' }, ['bob@shop.test']],
    ['attributes nested path', { field: 'attributes.address.city', op: 'in', value: ['Paris', 'Berlin'] }, ['bob@shop.test']],
    ['attributes date after (ISO dates are dates)', { field: 'attributes.trialEndsAt', op: 'after', value: '2026-01-10T00:00:00Z' }, ['Ada@Example.com']],
    ['attributes date eq', { field: 'attributes.trialEndsAt', op: 'eq', value: '2026-01-20T00:00:00.000Z' }, ['Ada@Example.com']],
    ['attributes missing nin', { field: 'attributes.plan', op: 'nin', value: ['pro'] }, ['bob@shop.test', 'cy@example.com']],
  ])('%s', async (_name, rules, expected) => {
    expect(await membersOf(rules)).toEqual(expected);
  });
});

describe('nested logic', () => {
  it('combines all, any and not', async () => {
    const rules = {
      all: [
        { any: [{ field: 'attributes.plan', op: 'eq', value: 'pro' }, { field: 'attributes.points', op: 'gte', value: 100 }] },
        { not: { field: 'subscription.status', op: 'ne', value: 'subscribed' } },
        { not: { all: [{ field: 'cart.status', op: 'eq', value: 'open' }, { field: 'cart.total', op: 'gt', value: 100 }] } },
      ],
    };
    expect(await membersOf(rules)).toEqual(['Ada@Example.com', 'cy@example.com']);
  });

  it('treats an empty all as everyone and an empty any as no one', async () => {
    expect(await membersOf({ all: [] })).toEqual(['Ada@Example.com', 'bob@shop.test', 'cy@example.com']);
    expect(await membersOf({ any: [] })).toEqual([]);
  });
});

describe('event conditions', () => {
  it('selects who performed an event at least once, ever, by default', async () => {
    expect(await membersOf({ event: 'order_placed' })).toEqual(['Ada@Example.com', 'bob@shop.test']);
  });

  it('counts events within a window', async () => {
    expect(await membersOf({ event: 'order_placed', within: '30d' })).toEqual(['Ada@Example.com']);
    expect(await membersOf({ event: 'product_viewed', count: { op: 'gte', value: 2 }, within: '7d' })).toEqual(['cy@example.com']);
    expect(await membersOf({ event: 'product_viewed', count: { op: 'eq', value: 1 }, within: '1d' })).toEqual(['cy@example.com']);
    expect(await membersOf({ event: 'order_placed', count: { op: 'gt', value: 1 } })).toEqual(['Ada@Example.com']);
  });

  it('counts below a threshold, including customers with no events at all', async () => {
    expect(await membersOf({ event: 'order_placed', count: { op: 'lt', value: 2 } })).toEqual(['bob@shop.test', 'cy@example.com']);
    expect(await membersOf({ event: 'order_placed', count: { op: 'lte', value: 0 } })).toEqual(['cy@example.com']);
  });

  it('filters events on their properties', async () => {
    expect(await membersOf({ event: 'order_placed', where: [{ field: 'properties.total', op: 'gte', value: 100 }, { field: 'properties.currency', op: 'eq', value: 'EUR' }] })).toEqual(['Ada@Example.com']);
    expect(await membersOf({ event: 'product_viewed', where: [{ field: 'properties.category', op: 'contains', value: 'shoe' }] })).toEqual(['cy@example.com']);
    expect(await membersOf({ event: 'order_placed', where: [{ field: 'properties.items.category', op: 'eq', value: 'shoes' }] })).toEqual(['Ada@Example.com']);
  });

  it('expresses "never performed" as not around an event condition', async () => {
    expect(await membersOf({ not: { event: 'order_placed' } })).toEqual(['cy@example.com']);
    expect(await membersOf({ not: { event: 'order_placed', within: '30d' } })).toEqual(['bob@shop.test', 'cy@example.com']);
  });
});

describe('inSegment', () => {
  it('selects the members of another segment, and refuses unknown ids and cycles (400, nothing stored)', async () => {
    const buyers = await createSegment(h, 'buyers', { event: 'order_placed' });
    const vipBuyers = await createSegment(h, 'vip buyers', { all: [{ inSegment: buyers }, { field: 'attributes.vip', op: 'eq', value: true }] });
    expect(await memberEmails(vipBuyers)).toEqual(['Ada@Example.com']);
    expect(await membersOf({ not: { inSegment: buyers } })).toEqual(['cy@example.com']);

    const unknown = await h.api.post('/api/v1/segments', { name: 'x', rules: { any: [{ event: 'a' }, { inSegment: '0123456789abcdef01234567' }] } }).expect(400);
    expect(unknown.body.error.details).toContainEqual(expect.objectContaining({ path: 'rules.any.1.inSegment', message: 'no segment has this id' }));
    const cycle = await h.api.patch(`/api/v1/segments/${buyers}`, { rules: { inSegment: vipBuyers } }).expect(400);
    expect(cycle.body.error.details[0]).toMatchObject({ path: 'rules.inSegment' });
    const self = await h.api.patch(`/api/v1/segments/${buyers}`, { rules: { not: { inSegment: buyers } } }).expect(400);
    expect(self.body.error.details[0]).toMatchObject({ path: 'rules.not.inSegment' });
    expect((await h.api.get(`/api/v1/segments/${buyers}`).expect(200)).body.rules).toEqual({ event: 'order_placed' });
  });

  it('refuses (409) to delete a segment another one uses', async () => {
    const base = await createSegment(h, 'base', { field: 'attributes.plan', op: 'exists', value: true });
    const user = await createSegment(h, 'user', { inSegment: base });
    const res = await h.api.delete(`/api/v1/segments/${base}`).expect(409);
    expect(res.body.error.message).toContain('"user"');
    await h.api.delete(`/api/v1/segments/${user}`).expect(204);
    await h.api.delete(`/api/v1/segments/${base}`).expect(204);
    await h.api.get(`/api/v1/segments/${base}`).expect(404);
  });
});

describe('POST /api/v1/segments/preview', () => {
  it('counts and samples the matching customers and stores nothing', async () => {
    const before = await h.api.get('/api/v1/segments?limit=500').expect(200);
    const res = await h.api.post('/api/v1/segments/preview', { rules: { field: 'email', op: 'contains', value: 'example' } }).expect(200);
    expect(res.body.count).toBe(2);
    expect(res.body.sample.map((c: { email: string }) => c.email).sort()).toEqual(['Ada@Example.com', 'cy@example.com']);
    expect(res.body.sample[0]).toHaveProperty('stats');
    const after = await h.api.get('/api/v1/segments?limit=500').expect(200);
    expect(after.body.items).toHaveLength(before.body.items.length);
    const customer = await h.api.get(`/api/v1/customers/${ids.cy}`).expect(200);
    expect((await h.api.get(`/api/v1/customers/${ids.cy}`).expect(200)).body.segments).toEqual(customer.body.segments);
  });
});

describe('bad rules', () => {
  it.each([
    ['an unknown op', { all: [{ field: 'email', op: 'eq', value: 'a@b.c' }, { field: 'email', op: 'eq', value: 'x' }, { field: 'email', op: 'like', value: 'x' }] }, 'rules.all.2.op'],
    ['a $ operator', { field: 'stats.ordersCount', op: '$gt', value: 1 }, 'rules.op'],
    ['a $ key', { all: [{ $where: 'sleep(1000)' }] }, 'rules.all.0.$where'],
    ['a $ in a path', { field: 'attributes.$gt', op: 'eq', value: 1 }, 'rules.field'],
    ['an unknown path family', { field: 'password', op: 'eq', value: 'x' }, 'rules.field'],
    ['an unknown stat', { field: 'stats.nope', op: 'gt', value: 1 }, 'rules.field'],
    ['an unknown key beside a condition', { field: 'email', op: 'eq', value: 'x', caseSensitive: true }, 'rules.caseSensitive'],
    ['a wrong value type', { field: 'stats.ordersCount', op: 'gt', value: '3' }, 'rules.value'],
    ['an op that does not apply to the field', { field: 'stats.ordersCount', op: 'contains', value: '3' }, 'rules.op'],
    ['a value outside an enum', { field: 'lifecycle', op: 'eq', value: 'vip' }, 'rules.value'],
    ['a bad duration', { field: 'createdAt', op: 'withinLast', value: '3 days' }, 'rules.value'],
    ['a bad ISO date', { field: 'createdAt', op: 'before', value: 'yesterday' }, 'rules.value'],
    ['a where outside properties', { event: 'order_placed', where: [{ field: 'email', op: 'eq', value: 'x' }] }, 'rules.where.0.field'],
    ['a bad count op', { event: 'order_placed', count: { op: '$gte', value: 1 } }, 'rules.count.op'],
    ['a bad event type', { event: 'Order Placed' }, 'rules.event'],
    ['more than 8 levels', { not: { not: { not: { not: { not: { not: { not: { not: { field: 'email', op: 'exists', value: true } } } } } } } } }, 'rules.not.not.not.not.not.not.not.not'],
    ['more than 100 conditions', { any: Array.from({ length: 101 }, () => ({ field: 'email', op: 'exists', value: true })) }, 'rules'],
    ['not a rule at all', 'everyone', 'rules'],
  ])('refuses %s with 400 naming the bad node, and stores nothing', async (_name, rules, path) => {
    const before = (await h.api.get('/api/v1/segments?limit=500').expect(200)).body.items.length;
    const res = await h.api.post('/api/v1/segments', { name: 'bad', rules }).expect(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    await h.api.post('/api/v1/segments/preview', { rules }).expect(400);
    expect((await h.api.get('/api/v1/segments?limit=500').expect(200)).body.items.length).toBe(before);
  });

  it('refuses a bad PATCH and keeps the segment as it was', async () => {
    const id = await createSegment(h, 'keep', { field: 'email', op: 'exists', value: true });
    await h.api.patch(`/api/v1/segments/${id}`, { name: 'renamed', rules: { field: 'email', op: 'regex', value: '.*' } }).expect(400);
    const got = await h.api.get(`/api/v1/segments/${id}`).expect(200);
    expect(got.body).toMatchObject({ name: 'keep', status: 'ready', rules: { field: 'email', op: 'exists', value: true } });
  });
});

describe('GET /api/v1/segments/fields', () => {
  type Field = { path: string; type: string; values?: string[]; ops: string[] };
  const one = (f: Field): unknown => (f.type === 'number' ? 1 : f.type === 'date' ? '2026-01-01' : f.type === 'enum' ? f.values![0] : f.type === 'email' ? 'ada@example.com' : 'a');
  function sampleValue(f: Field, op: string): unknown {
    if (op === 'exists') return true;
    if (['contains', 'startsWith', 'endsWith'].includes(op)) return 'a';
    if (op === 'withinLast' || op === 'moreThanAgo') return '30d';
    if (op === 'before' || op === 'after') return '2026-01-01';
    if (op === 'in' || op === 'nin') return [one(f)];
    if (op === 'between') return f.type === 'date' ? ['2026-01-01', '2026-02-01'] : [1, 2];
    return one(f);
  }

  it('lists every field with the ops the API accepts for it, and only those', async () => {
    const res = await h.api.get('/api/v1/segments/fields').expect(200);
    const fields = res.body.fields as Field[];
    expect(fields.map((f) => f.path)).toEqual(expect.arrayContaining(['email', 'lifecycle', 'subscription.status', 'stats.lastOrderAt', 'cart.status', 'rfm.tier']));
    expect(fields.find((f) => f.path === 'lifecycle')!.values).toEqual(['prospect', 'new', 'active', 'at_risk', 'lapsed', 'reactivated']);
    for (const f of fields) {
      const rules = { all: f.ops.map((op) => ({ field: f.path, op, value: sampleValue(f, op) })) };
      const ok = await h.api.post('/api/v1/segments/preview', { rules });
      expect(ok.status, `${f.path}: ${JSON.stringify(ok.body)}`).toBe(200);
      const refused = ['eq', 'contains', 'withinLast', 'between'].find((op) => !f.ops.includes(op));
      if (refused) await h.api.post('/api/v1/segments/preview', { rules: { field: f.path, op: refused, value: sampleValue(f, refused) } }).expect(400);
    }
  });

  it('names the ops of attributes and event properties, the count ops, the well-known events and the limits', async () => {
    const res = await h.api.get('/api/v1/segments/fields').expect(200);
    expect(res.body.limits).toEqual({ levels: 8, conditions: 100, listValues: 500 });
    expect(res.body.countOps).toEqual(['gte', 'gt', 'eq', 'lt', 'lte']);
    expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['order_placed', 'cart_updated', 'page_viewed', 'email_opened']));
    const attr = { all: (res.body.attributeOps as string[]).map((op) => ({ field: 'attributes.plan', op, value: sampleValue({ path: 'attributes.plan', type: 'number', ops: [] }, op) })) };
    await h.api.post('/api/v1/segments/preview', { rules: attr }).expect(200);
    const where = (res.body.propertyOps as string[]).map((op) => ({ field: 'properties.total', op, value: sampleValue({ path: 'properties.total', type: 'number', ops: [] }, op) }));
    await h.api.post('/api/v1/segments/preview', { rules: { event: 'order_placed', where } }).expect(200);
  });
});
