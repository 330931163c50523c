/**
 * A seeded store for benchmarks: customers with plausible histories (site views, carts, orders,
 * emails sent, opened, clicked) written fast with insertMany in the shapes the customers and
 * events modules store. Profiles are derived from each customer's own events with the customers
 * module's rules (applyEvent, deriveTimeFields), so stats, carts, RFM and lifecycle agree with the
 * events. The same seed gives the same store.
 */
import { Types, type Connection } from 'mongoose';
import { applyEvent, deriveTimeFields, type CustomerDoc, type ProfileEvent } from '../server/modules/customers/index.js';

export interface GenerateOptions {
  customers: number;
  seed?: number;
  /** "Now" for the store: events fall in the year before it. */
  now?: Date;
  batchSize?: number;
}

export interface GeneratedStore {
  customers: number;
  events: number;
  now: Date;
  ms: number;
}

const DAY = 86_400_000;

/** mulberry32: small, fast, seeded. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ada', 'Bob', 'Chloé', 'Dmitri', 'Emma', 'Farid', 'Grace', 'Hiro', 'Inès', 'Jon'];
const COUNTRIES = ['FR', 'FR', 'DE', 'GB', 'US', 'US', 'ES', 'IT', 'NL', 'BE'];
const PLANS = ['free', 'free', 'free', 'plus', 'pro'];
const CATEGORIES = ['shoes', 'hats', 'bags', 'shirts', 'jackets'];
const TAGS = ['newsletter', 'sale', 'vip', 'early', 'wholesale'];

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

/** About `mean` with a long tail (geometric). */
function count(rand: () => number, mean: number): number {
  let n = 0;
  while (rand() < mean / (mean + 1) && n < mean * 8) n++;
  return n;
}

function customerEvents(rand: () => number, now: Date, active: number): ProfileEvent[] {
  const at = (): Date => new Date(now.getTime() - Math.floor(rand() * 365 * DAY * active));
  const events: ProfileEvent[] = [];
  for (let i = count(rand, 3); i > 0; i--) {
    const category = pick(rand, CATEGORIES);
    events.push({ type: rand() < 0.5 ? 'product_viewed' : 'page_viewed', occurredAt: at(), properties: { url: `https://shop.example/${category}/${Math.floor(rand() * 500)}`, sku: `SKU-${Math.floor(rand() * 2000)}`, category } });
  }
  for (let i = count(rand, 0.6); i > 0; i--) {
    const total = Math.round(rand() * 30000) / 100;
    events.push({ type: 'cart_updated', occurredAt: at(), properties: { total, currency: 'EUR', items: [{ sku: `SKU-${Math.floor(rand() * 2000)}`, price: total, quantity: 1, category: pick(rand, CATEGORIES) }], checkoutUrl: 'https://shop.example/checkout' } });
  }
  const orders = rand() < 0.4 ? 0 : count(rand, 1.5);
  for (let i = 0; i < orders; i++) {
    events.push({ type: 'order_placed', occurredAt: at(), properties: { orderId: `o-${Math.floor(rand() * 1e12)}`, total: Math.round(rand() * 40000) / 100, currency: 'EUR', items: [{ sku: `SKU-${Math.floor(rand() * 2000)}`, quantity: 1, category: pick(rand, CATEGORIES) }] } });
  }
  for (let i = count(rand, 2); i > 0; i--) {
    const sent = at();
    events.push({ type: 'email_sent', occurredAt: sent, properties: { messageId: `m-${Math.floor(rand() * 1e12)}` } });
    if (rand() < 0.4) events.push({ type: 'email_opened', occurredAt: new Date(sent.getTime() + Math.floor(rand() * 2 * DAY)), properties: { machine: rand() < 0.1 } });
    if (rand() < 0.1) events.push({ type: 'email_clicked', occurredAt: new Date(sent.getTime() + Math.floor(rand() * 2 * DAY)), properties: { url: 'https://shop.example/sale' } });
  }
  return events.filter((e) => e.occurredAt.getTime() <= now.getTime()).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}

function baseCustomer(rand: () => number, i: number, now: Date): CustomerDoc {
  const createdAt = new Date(now.getTime() - Math.floor(rand() * 400 * DAY));
  const r = rand();
  const status = r < 0.9 ? 'subscribed' : r < 0.96 ? 'unsubscribed' : r < 0.99 ? 'bounced' : 'complained';
  return {
    _id: new Types.ObjectId(),
    email: `c${i}@example.com`,
    emailKey: `c${i}@example.com`,
    firstName: pick(rand, FIRST),
    lastName: null,
    timezone: 'UTC',
    locale: 'en',
    attributes: { country: pick(rand, COUNTRIES), plan: pick(rand, PLANS), points: Math.floor(rand() * 1000), tags: TAGS.filter(() => rand() < 0.2) },
    subscription: { status, updatedAt: createdAt },
    stats: { ordersCount: 0, totalSpent: 0, avgOrderValue: 0, firstOrderAt: null, lastOrderAt: null, lastSeenAt: null, emailsSent: 0, emailsOpened: 0, emailsClicked: 0, lastEmailSentAt: null, lastOpenAt: null, lastClickAt: null },
    cart: { status: 'none', total: 0, currency: null, itemCount: 0, checkoutUrl: null, items: [], updatedAt: null },
    rfm: { recency: 0, frequency: 0, monetary: 0, score: '000', tier: 'none' },
    lifecycle: 'prospect',
    segments: [],
    recentOrders: [],
    lastEvents: [],
    recentViews: [],
    softBounces: 0,
    nextCheckAt: null,
    // Evaluated against every segment there is (none yet): builds take it from here.
    segmentChecks: {},
    rev: 0,
    createdAt,
    updatedAt: now,
  };
}

export async function generateStore(conn: Connection, opts: GenerateOptions): Promise<GeneratedStore> {
  const t0 = performance.now();
  const rand = seededRandom(opts.seed ?? 42);
  const now = opts.now ?? new Date('2026-02-01T00:00:00Z');
  const batch = opts.batchSize ?? 2_000;
  const customers = conn.db!.collection<CustomerDoc>('customers');
  const events = conn.db!.collection('events');
  let eventCount = 0;
  for (let start = 0; start < opts.customers; start += batch) {
    const docs: CustomerDoc[] = [];
    const eventDocs: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(opts.customers, start + batch); i++) {
      const doc = baseCustomer(rand, i, now);
      // Some customers are long gone, most come and go, a few are new.
      const list = customerEvents(rand, now, rand() < 0.2 ? 0.3 : 1);
      for (const e of list) {
        applyEvent(doc, e);
        eventDocs.push({ _id: new Types.ObjectId(), customerId: doc._id, type: e.type, occurredAt: e.occurredAt, receivedAt: e.occurredAt, properties: e.properties });
      }
      const derived = deriveTimeFields(doc, now);
      doc.rfm = derived.rfm;
      doc.lifecycle = derived.lifecycle;
      doc.nextCheckAt = derived.nextChangeAt;
      docs.push(doc);
    }
    await customers.insertMany(docs, { ordered: false });
    if (eventDocs.length) await events.insertMany(eventDocs, { ordered: false });
    eventCount += eventDocs.length;
  }
  return { customers: opts.customers, events: eventCount, now, ms: performance.now() - t0 };
}
