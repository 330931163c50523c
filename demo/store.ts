/**
 * The demo store: customers and a year of their history before the simulation starts, generated
 * from a seed (the same seed and start give the same store, event for event). Pure: nothing here
 * touches the server; `ingest.ts` sends it through the API.
 *
 * Customers come from several countries (names, locales, timezones), signed up over the past year
 * (more of them recently: the shop grows), and differ in how they buy: a third never ordered, most
 * order now and then, a few order often and big (Pareto), some stopped buying months ago (lapsed).
 * Each carries hidden traits the behaviour model uses: engagement with email, mail client, how
 * often they visit.
 */
import { CURRENCY, SHOP_URL, lineItem, makeCatalogue, pickProduct, productView, totalOf, type LineItem, type Product } from './catalogue.js';
import { emailFor, MAIL_CLIENTS, pickCountry, pickTimezone, type MailClient } from './people.js';
import { between, chance, clamp, intBetween, logNormal, normal, pareto, pick, poisson, streamFor, weighted, type Random } from './random.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
const MINUTE = 60_000;
/** The shop empties a cart nobody touched for a week. */
export const CART_EXPIRY_MS = 7 * DAY;

export interface Traits {
  client: MailClient;
  /** 0..1: how readily this person opens and clicks marketing email. */
  engagement: number;
  /** Orders a year while they shop with us (0: a prospect who never buys). */
  ordersPerYear: number;
  /** Basket size factor (1: typical). */
  basket: number;
  /** Visits to the shop a week, when active. */
  visitsPerWeek: number;
  /** Stopped shopping (a churned customer, lapsed by now). */
  churned: boolean;
  /** The address no longer exists: mail to it hard-bounces. */
  deadAddress: boolean;
}

export interface DemoCustomer {
  n: number;
  externalId: string;
  email: string;
  firstName: string;
  lastName: string;
  timezone: string;
  locale: string;
  country: string;
  subscribed: boolean;
  signedUpAt: Date;
  acquisition: string;
  traits: Traits;
}

export interface DemoEvent {
  type: string;
  externalId: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
  idempotencyKey: string;
}

export interface DemoStore {
  seed: number;
  start: Date;
  catalogue: Product[];
  customers: DemoCustomer[];
  /** The history, oldest first. */
  events: DemoEvent[];
}

const ACQUISITION: readonly (readonly [string, number])[] = [['organic_search', 34], ['paid_social', 18], ['referral', 12], ['newsletter_popup', 16], ['marketplace', 8], ['paid_search', 12]];

function traitsFor(rand: Random): Traits {
  const client = weighted(rand, MAIL_CLIENTS);
  const prospect = chance(rand, 0.32);
  // Pareto: most buyers order once or twice a year, a few order every other week.
  const ordersPerYear = prospect ? 0 : clamp(pareto(rand, 0.9, 1.35), 0.9, 26);
  const churned = !prospect && chance(rand, 0.3);
  const loyalty = Math.log1p(ordersPerYear);
  const engagement = 1 / (1 + Math.exp(-(-0.9 + 0.8 * normal(rand) + 0.55 * loyalty - (churned ? 0.5 : 0))));
  return {
    client,
    engagement,
    ordersPerYear,
    basket: clamp(logNormal(rand, 1, 0.3) * (1 + 0.04 * ordersPerYear), 0.5, 3),
    visitsPerWeek: prospect ? between(rand, 0.05, 0.4) : clamp(ordersPerYear / 52 * 4 + between(rand, 0.05, 0.3), 0.1, 5),
    churned,
    deadAddress: chance(rand, 0.012),
  };
}

function customerFor(rand: Random, n: number, start: Date): DemoCustomer {
  const country = pickCountry(rand);
  const firstName = pick(rand, country.first);
  const lastName = pick(rand, country.last);
  const traits = traitsFor(rand);
  // More signups recently: the shop grows.
  const signedUpAt = new Date(start.getTime() - Math.floor(Math.pow(rand(), 1.3) * 365 * DAY));
  return {
    n,
    externalId: `C${String(100000 + n)}`,
    email: emailFor(firstName, lastName, n, traits.client, rand),
    firstName,
    lastName,
    timezone: pickTimezone(rand, country),
    locale: country.locale,
    country: country.code,
    subscribed: !chance(rand, 0.05),
    signedUpAt,
    acquisition: weighted(rand, ACQUISITION),
    traits,
  };
}

/** A basket: 1 to a few products, bigger for bigger spenders. */
export function basketFor(rand: Random, catalogue: readonly Product[], basket: number): LineItem[] {
  const n = 1 + Math.min(4, poisson(rand, 0.45 * basket));
  const bySku = new Map<string, LineItem>();
  for (let i = 0; i < n; i++) {
    const p = pickProduct(rand, catalogue);
    const existing = bySku.get(p.sku);
    if (existing) existing.quantity++;
    else bySku.set(p.sku, lineItem(p, chance(rand, 0.08) ? 2 : 1));
  }
  return [...bySku.values()];
}

/** What a visit looks like as events: product views (and a page or two), optionally a cart. */
export function visitEvents(rand: Random, catalogue: readonly Product[], at: number, items: readonly LineItem[] | null): { type: string; at: number; properties: Record<string, unknown> }[] {
  const out: { type: string; at: number; properties: Record<string, unknown> }[] = [];
  let t = at;
  const views = items ? items.map((i) => catalogue.find((p) => p.sku === i.sku)!) : [];
  for (let k = intBetween(rand, items ? 0 : 1, 3); k > 0; k--) views.push(pickProduct(rand, catalogue));
  if (chance(rand, 0.5)) out.push({ type: 'page_viewed', at: t, properties: { url: `${SHOP_URL}/c/${pick(rand, views).category}`, category: pick(rand, views).category } });
  for (const p of views) {
    t += Math.floor(between(rand, 0.5, 4) * MINUTE);
    out.push({ type: 'product_viewed', at: t, properties: productView(p) });
  }
  if (items) {
    t += Math.floor(between(rand, 1, 5) * MINUTE);
    out.push({ type: 'cart_updated', at: t, properties: cartProperties(items) });
  }
  return out;
}

export function cartProperties(items: readonly LineItem[]): Record<string, unknown> {
  return { total: totalOf(items), currency: CURRENCY, items, checkoutUrl: `${SHOP_URL}/checkout` };
}

/** One customer's year: visits, carts (some abandoned, expired after a week), orders. */
function historyFor(rand: Random, c: DemoCustomer, catalogue: readonly Product[], start: number): { type: string; at: number; properties: Record<string, unknown> }[] {
  const from = c.signedUpAt.getTime();
  const t = c.traits;
  const until = t.churned ? from + rand() * (start - from) * 0.7 : start;
  const out: { type: string; at: number; properties: Record<string, unknown> }[] = [];
  const days = Math.max(0, (until - from) / DAY);
  const orderTimes: number[] = [];
  if (t.ordersPerYear > 0) {
    // Many buy within two weeks of signing up; then at their own pace.
    if (chance(rand, 0.6)) orderTimes.push(from + rand() * Math.min(14 * DAY, until - from));
    for (let k = poisson(rand, (t.ordersPerYear * days) / 365); k > 0; k--) orderTimes.push(from + rand() * (until - from));
  }
  for (const at of orderTimes.filter((x) => x < start - HOUR)) {
    const items = basketFor(rand, catalogue, t.basket);
    const visit = visitEvents(rand, catalogue, at, items);
    const paidAt = visit[visit.length - 1]!.at + Math.floor(between(rand, 2, 15) * MINUTE);
    out.push(...visit, { type: 'order_placed', at: paidAt, properties: { total: totalOf(items), currency: CURRENCY, items } });
  }
  // Browsing without buying, mostly in the last two months (older visits matter little to the demo).
  const recentFrom = Math.max(from, start - 60 * DAY);
  const activeUntil = t.churned ? Math.min(until, start) : start;
  for (let k = poisson(rand, (t.visitsPerWeek * Math.max(0, activeUntil - recentFrom)) / (7 * DAY) * 0.6); k > 0; k--) {
    const at = recentFrom + rand() * (activeUntil - recentFrom);
    out.push(...visitEvents(rand, catalogue, at, chance(rand, 0.25) ? basketFor(rand, catalogue, t.basket) : null));
  }
  return withCartExpiry(out.filter((e) => e.at < start).sort((a, b) => a.at - b.at), start);
}

/** A cart left open for a week is emptied by the shop (`cart_cleared`). */
function withCartExpiry(events: { type: string; at: number; properties: Record<string, unknown> }[], start: number): typeof events {
  const out: typeof events = [];
  let openSince: number | null = null;
  const expire = (before: number): void => {
    if (openSince !== null && openSince + CART_EXPIRY_MS < before) {
      out.push({ type: 'cart_cleared', at: openSince + CART_EXPIRY_MS, properties: { reason: 'expired' } });
      openSince = null;
    }
  };
  for (const e of events) {
    expire(e.at);
    if (e.type === 'cart_updated') openSince = e.at;
    if (e.type === 'order_placed') openSince = null;
    out.push(e);
  }
  expire(start);
  return out;
}

/**
 * Generates the store. `start` is when the simulation begins (the history ends there); times are
 * kept to whole seconds.
 */
export function generateStore(opts: { seed: number; customers: number; start: Date }): DemoStore {
  const start = opts.start.getTime();
  const catalogue = makeCatalogue(streamFor(opts.seed, 'catalogue'));
  const people = streamFor(opts.seed, 'customers');
  const history = streamFor(opts.seed, 'history');
  const customers: DemoCustomer[] = [];
  const raw: { c: DemoCustomer; k: number; type: string; at: number; properties: Record<string, unknown> }[] = [];
  for (let n = 0; n < opts.customers; n++) {
    const c = customerFor(people, n, opts.start);
    customers.push(c);
    historyFor(history, c, catalogue, start).forEach((e, k) => raw.push({ c, k, ...e, at: Math.floor(e.at / 1000) * 1000 }));
  }
  raw.sort((a, b) => a.at - b.at || a.c.n - b.c.n || a.k - b.k);
  let orderNo = 100_000;
  const events = raw.map((e): DemoEvent => ({
    type: e.type,
    externalId: e.c.externalId,
    occurredAt: new Date(e.at),
    properties: e.type === 'order_placed' ? { orderId: String(++orderNo), ...e.properties } : e.properties,
    idempotencyKey: `demo-${opts.seed}-${e.c.externalId}-h${e.k}`,
  }));
  return { seed: opts.seed, start: opts.start, catalogue, customers, events };
}
