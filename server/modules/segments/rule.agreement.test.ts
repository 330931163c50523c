/**
 * The two evaluators mean the same thing, checked on the real database server: random rule trees
 * over random customers and events, evaluated (1) by the compiled single MongoDB filter, (2) by
 * the base pass builds and previews use (candidate filter + event counts), (3) in memory, one
 * customer at a time. Also: nothing flips before the time `nextChange` announces.
 */
import fc from 'fast-check';
import { Types, type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import { connectDatabase } from '../../db/connect.js';
import type { Collection } from '../../db/driver.js';
import type { CustomerDoc } from '../customers/index.js';
import { compileFilter, resolveEventSets, type EventStats, type Filter } from './rule.compile.js';
import { toAst } from './rule.ast.js';
import { evaluate, eventsContext, nextChange, type EventLike } from './rule.evaluate.js';
import { MAX_LEVELS, rulesSchema, type RuleNode } from './rule.schema.js';
import { compileSegment } from './segment.catalog.js';
import { BaseEvaluator } from './segment.query.js';

const NOW = new Date('2026-01-05T12:00:00Z');
const DAY = 86_400_000;
const SEG_A = new Types.ObjectId();
const SEG_B = new Types.ObjectId();

let conn: Connection;
let customers: Collection<CustomerDoc>;
let events: Collection<EventLike & { _id: Types.ObjectId; customerId: Types.ObjectId }>;
let cases = 0;

const eventsPort = {
  customersByCount: async (match: Filter, count: Filter) =>
    (await events.aggregate<{ _id: Types.ObjectId }>([{ $match: match }, { $group: { _id: '$customerId', n: { $sum: 1 } } }, { $match: { n: count } }]).toArray()).map((r) => r._id),
  countsByCustomer: (match: Filter, now: Date) =>
    events.aggregate<EventStats>([{ $match: match }, { $group: { _id: '$customerId', n: { $sum: { $cond: [{ $lte: ['$occurredAt', now] }, 1, 0] } }, first: { $min: '$occurredAt' }, last: { $max: '$occurredAt' } } }]).toArray(),
  findForCustomers: async () => [],
};

beforeAll(async () => {
  conn = await connectDatabase(inject('mongoUri'), `t_${randomBytes(6).toString('hex')}`);
  customers = conn.db!.collection('customers') as never;
  events = conn.db!.collection('events') as never;
});
afterAll(async () => {
  await conn.dropDatabase();
  await conn.close();
  expect(cases).toBeGreaterThanOrEqual(500);
});

// ---- data: small value pools, so that rules and data meet often
const dateNear = fc.integer({ min: -90, max: 3 }).chain((d) => fc.integer({ min: 0, max: 23 }).map((h) => new Date(NOW.getTime() + d * DAY + h * 3_600_000)));
const words = ['Ada', 'ada', 'Bob', 'bobby', 'Élodie', 'pro', 'free', 'London', 'paris', 'EUR', 'usd', 'a.b', 'x\n', ''];
const word = fc.constantFrom(...words);
const attrValue = fc.oneof(word, fc.constantFrom(0, 1, 7, 42, 100, 120.5, -1), fc.boolean(), dateNear, fc.array(word, { maxLength: 3 }), fc.record({ city: word, zip: fc.constantFrom(75001, '75002') }, { requiredKeys: [] }));
const customerArb = fc.record({
  email: fc.constantFrom('Ada@Example.com', 'bob@shop.test', 'CY@example.com', null),
  firstName: fc.constantFrom(null, 'Ada', 'ada', 'Élodie', 'Bob', ''),
  timezone: fc.constantFrom('UTC', 'Europe/Paris'),
  createdAt: dateNear,
  status: fc.constantFrom('subscribed', 'unsubscribed', 'bounced'),
  lifecycle: fc.constantFrom('prospect', 'new', 'active', 'lapsed'),
  ordersCount: fc.integer({ min: 0, max: 12 }),
  totalSpent: fc.constantFrom(0, 7, 42, 120.5, 1000),
  lastOrderAt: fc.option(dateNear, { nil: null }),
  cartStatus: fc.constantFrom('none', 'open', 'converted'),
  cartUpdatedAt: fc.option(dateNear, { nil: null }),
  currency: fc.constantFrom(null, 'EUR', 'usd'),
  tier: fc.constantFrom('none', 'gold', 'bronze'),
  score: fc.constantFrom('000', '545', '123'),
  attributes: fc.dictionary(fc.constantFrom('plan', 'points', 'vip', 'tags', 'address', 'since'), attrValue, { maxKeys: 4 }),
  segments: fc.subarray([SEG_A, SEG_B]),
  events: fc.array(
    fc.record({
      type: fc.constantFrom('order_placed', 'page_viewed', 'custom.x'),
      occurredAt: dateNear,
      properties: fc.record({ total: fc.constantFrom(0, 7, 42, 120.5, '42'), category: word, tags: fc.array(word, { maxLength: 2 }) }, { requiredKeys: [] }),
    }),
    { maxLength: 5 },
  ),
});
type CustomerSeed = typeof customerArb extends fc.Arbitrary<infer T> ? T : never;

function toDoc(c: CustomerSeed): CustomerDoc {
  return {
    _id: new Types.ObjectId(),
    email: c.email,
    emailKey: c.email?.toLowerCase(),
    firstName: c.firstName,
    lastName: null,
    timezone: c.timezone,
    locale: 'en',
    attributes: c.attributes,
    subscription: { status: c.status as CustomerDoc['subscription']['status'], updatedAt: null },
    stats: { ordersCount: c.ordersCount, totalSpent: c.totalSpent, avgOrderValue: 0, firstOrderAt: null, lastOrderAt: c.lastOrderAt, lastSeenAt: null, emailsSent: 0, emailsOpened: 0, emailsClicked: 0, lastEmailSentAt: null, lastOpenAt: null, lastClickAt: null },
    cart: { status: c.cartStatus as CustomerDoc['cart']['status'], total: 0, currency: c.currency, itemCount: 0, checkoutUrl: null, items: [], updatedAt: c.cartUpdatedAt },
    rfm: { recency: 0, frequency: 0, monetary: 0, score: c.score, tier: c.tier as CustomerDoc['rfm']['tier'] },
    lifecycle: c.lifecycle as CustomerDoc['lifecycle'],
    segments: c.segments,
    recentOrders: [],
    softBounces: 0,
    nextCheckAt: null,
    rev: 0,
    createdAt: c.createdAt,
    updatedAt: c.createdAt,
  };
}

// ---- rules: every op on every kind of field, with values drawn from the same pools
const iso = dateNear.map((d) => d.toISOString());
const num = fc.constantFrom(0, 1, 7, 42, 100, 120.5);
const duration = fc.constantFrom('1h', '1d', '7d', '30d', '60d');
const needle = fc.constantFrom('a', 'Ad', 'B', 'o', 'on', 'é', 'EU', '.com', 'example', 'x', 'a.b');
const cond = (field: string, op: string, value: fc.Arbitrary<unknown>): fc.Arbitrary<RuleNode> => value.map((v) => ({ field, op, value: v }) as RuleNode);
const listOf = <T,>(a: fc.Arbitrary<T>) => fc.array(a, { minLength: 1, maxLength: 3 });

function fieldConds(field: string, type: 'string' | 'number' | 'date' | 'any', pool: fc.Arbitrary<unknown>): fc.Arbitrary<RuleNode>[] {
  const exists = cond(field, 'exists', fc.boolean());
  const eq = [cond(field, 'eq', pool), cond(field, 'ne', pool), cond(field, 'in', listOf(pool)), cond(field, 'nin', listOf(pool)), exists];
  const strings = ['contains', 'startsWith', 'endsWith'].map((op) => cond(field, op, needle));
  const ordered = (v: fc.Arbitrary<unknown>) => [...['gt', 'gte', 'lt', 'lte'].map((op) => cond(field, op, v)), cond(field, 'between', fc.tuple(v, v).map(([a, b]) => ((a as number | string) <= (b as number | string) ? [a, b] : [b, a])))];
  const dates = [cond(field, 'withinLast', duration), cond(field, 'moreThanAgo', duration), cond(field, 'before', iso), cond(field, 'after', iso)];
  if (type === 'string') return [...eq, ...strings];
  if (type === 'number') return [...eq, ...ordered(num)];
  if (type === 'date') return [...eq.slice(0, 4).map(() => cond(field, 'eq', iso)), exists, ...ordered(iso), ...dates];
  return [...eq, ...strings, ...ordered(num), ...ordered(iso), ...dates];
}

const anyValue = fc.oneof(word, num, fc.boolean(), iso);
const leaf = fc.oneof(
  ...fieldConds('email', 'string', fc.constantFrom('ada@example.com', 'BOB@shop.test', 'cy@example.com')),
  ...fieldConds('firstName', 'string', word),
  ...fieldConds('cart.currency', 'string', word),
  ...fieldConds('rfm.score', 'string', fc.constantFrom('000', '545')),
  ...fieldConds('stats.ordersCount', 'number', num),
  ...fieldConds('stats.totalSpent', 'number', num),
  ...fieldConds('stats.lastOrderAt', 'date', iso),
  ...fieldConds('cart.updatedAt', 'date', iso),
  ...fieldConds('createdAt', 'date', iso),
  ...fieldConds('attributes.points', 'any', anyValue),
  ...fieldConds('attributes.tags', 'any', anyValue),
  ...fieldConds('attributes.since', 'any', anyValue),
  ...fieldConds('attributes.address.city', 'any', anyValue),
  cond('lifecycle', 'in', listOf(fc.constantFrom('new', 'active', 'lapsed'))),
  cond('subscription.status', 'eq', fc.constantFrom('subscribed', 'bounced')),
  cond('rfm.tier', 'ne', fc.constantFrom('none', 'gold')),
  fc.constantFrom(SEG_A, SEG_B).map((s) => ({ inSegment: s.toHexString() }) as RuleNode),
  fc
    .record(
      {
        event: fc.constantFrom('order_placed', 'page_viewed', 'custom.x'),
        where: fc.array(fc.oneof(...fieldConds('properties.total', 'number', num), ...fieldConds('properties.category', 'string', word), cond('properties.tags', 'eq', word)), { maxLength: 2 }),
        count: fc.record({ op: fc.constantFrom('gte', 'gt', 'eq', 'lt', 'lte'), value: fc.integer({ min: 0, max: 3 }) }),
        within: duration,
      },
      { requiredKeys: ['event'] },
    )
    .map((e) => e as RuleNode),
);
const tree: fc.Arbitrary<RuleNode> = fc.letrec<{ node: RuleNode }>((tie) => ({
  node: fc.oneof(
    // Never deeper than the grammar allows: at MAX_LEVELS - 1 groups down, only a leaf.
    { depthSize: 'small', withCrossShrink: true, maxDepth: MAX_LEVELS - 1 },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }).map((all) => ({ all })),
    fc.array(tie('node'), { maxLength: 3 }).map((any) => ({ any })),
    tie('node').map((not) => ({ not })),
  ),
})).node;

async function inMemory(ast: ReturnType<typeof toAst>, docs: CustomerDoc[], evs: Map<string, EventLike[]>, at: Date): Promise<Set<string>> {
  return new Set(docs.filter((d) => evaluate(ast, d, eventsContext(evs.get(d._id.toHexString()) ?? [], at, new Set(d.segments.map((s) => s.toHexString()))))).map((d) => d._id.toHexString()));
}

describe('the compiled query, the base pass and the in-memory evaluator', () => {
  it('select the same customers, and nothing flips before nextChange', async () => {
    const base = new BaseEvaluator(customers, eventsPort as never);
    await fc.assert(
      fc.asyncProperty(fc.array(customerArb, { minLength: 1, maxLength: 6 }), tree, fc.integer({ min: 1, max: 120 * 24 }), async (seeds, rules, hoursLater) => {
        const parsed = rulesSchema.safeParse(rules);
        expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
        cases++;
        const docs = seeds.map(toDoc);
        const evs = new Map<string, EventLike[]>();
        const eventDocs = seeds.flatMap((s, i) => s.events.map((e) => ({ _id: new Types.ObjectId(), customerId: docs[i]!._id, ...e })));
        for (const e of eventDocs) evs.set(e.customerId.toHexString(), [...(evs.get(e.customerId.toHexString()) ?? []), e]);
        await customers.deleteMany({});
        await events.deleteMany({});
        await customers.insertMany(docs);
        if (eventDocs.length) await events.insertMany(eventDocs);

        const ast = toAst(parsed.data!);
        const expected = await inMemory(ast, docs, evs, NOW);
        const seg = compileSegment(new Types.ObjectId(), rules)!;
        const sets = await resolveEventSets(seg.events, NOW, eventsPort);
        const compiled = new Set((await customers.find(compileFilter(seg.ast, NOW, sets), { projection: { _id: 1 } }).toArray()).map((d) => d._id.toHexString()));
        expect([...compiled].sort(), 'compiled filter').toEqual([...expected].sort());
        const scanned = new Set<string>();
        for await (const row of base.scan(seg, NOW)) if (row.member) scanned.add(row.doc._id.toHexString());
        expect([...scanned].sort(), 'base pass').toEqual([...expected].sort());

        // Time: before the announced flip, the answer stays; at a later time it may change only if announced.
        const later = new Date(NOW.getTime() + hoursLater * 3_600_000);
        const atLater = await inMemory(ast, docs, evs, later);
        for (const d of docs) {
          const hex = d._id.toHexString();
          const flip = nextChange(ast, d, eventsContext(evs.get(hex) ?? [], NOW, new Set(d.segments.map((s) => s.toHexString()))));
          if (!flip || flip.getTime() > later.getTime()) expect(atLater.has(hex), `${hex} flipped before ${flip?.toISOString() ?? 'never'}`).toBe(expected.has(hex));
        }
      }),
      { numRuns: 520, seed: Number(process.env.AGREEMENT_SEED ?? Date.now() % 2_147_483_647) },
    );
  }, 240_000);
});
