/**
 * Profile derivation, pure: how a well-known event changes a customer, and the fields derived from
 * time (RFM, lifecycle) with the moment they can next change. Events may arrive out of order, so
 * every "last" is a maximum of occurredAt, never "the latest arrival".
 */
import { DAY_MS } from '../../clock.js';
import type { CustomerDoc, RecentView } from './customer.model.js';
import type { CartItem, Lifecycle, Rfm, Tier } from './customer.schema.js';

/** Contract defaults (section 3). Thresholds are inclusive upper bounds in days / counts / money. */
export const profileRules = {
  recencyDays: [30, 90, 180, 365] as const, // <= each: 5, 4, 3, 2; else 1
  frequencyMin: [10, 5, 3, 2] as const, // >= each: 5, 4, 3, 2; else 1
  monetaryMin: [1000, 500, 200, 50] as const, // >= each: 5, 4, 3, 2; else 1
  tierMin: [
    [13, 'platinum'],
    [10, 'gold'],
    [7, 'silver'],
  ] as const,
  newWithinDays: 30,
  reactivatedGapDays: 180,
  activeWithinDays: 90,
  atRiskWithinDays: 180,
  softBouncesToSuppress: 3,
  /** Human clicks remembered per customer for attributing orders (last touch wins). */
  recentClicksKept: 10,
  /** Event types remembered with their latest time (cadence exits read these, not the events). */
  lastEventTypesKept: 64,
  /** Distinct products remembered, latest view first (templates' `recentlyViewed`). */
  recentViewsKept: 4,
};

/**
 * Notes an event's type and time. Keeps the latest time per type, newest first, at most
 * `lastEventTypesKept` types; dropping one marks the list incomplete (readers then ask the events).
 */
function noteEventType(c: CustomerDoc, type: string, at: Date): void {
  const list = c.lastEvents ?? [];
  const known = list.find((x) => x.type === type);
  if (known && known.at.getTime() >= at.getTime()) return;
  const next = [{ type, at }, ...list.filter((x) => x.type !== type)].sort((a, b) => b.at.getTime() - a.at.getTime());
  if (next.length > profileRules.lastEventTypesKept) {
    next.length = profileRules.lastEventTypesKept;
    c.lastEventsIncomplete = true;
  }
  c.lastEvents = next;
}

const shortStr = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v.slice(0, 2048) : null);

/** Notes a product view: the distinct products (by sku, else url) viewed latest, newest first. */
function noteView(c: CustomerDoc, p: Record<string, unknown>, at: Date): void {
  const key = (v: { sku: string | null; url: string | null }): string | null => v.sku ?? v.url;
  const view: RecentView = { at, sku: shortStr(p.sku), name: shortStr(p.name), price: typeof p.price === 'number' && Number.isFinite(p.price) ? p.price : null, currency: shortStr(p.currency), imageUrl: shortStr(p.imageUrl), url: shortStr(p.url) };
  const k = key(view);
  if (!k) return;
  const list = c.recentViews ?? [];
  const same = list.find((x) => key(x) === k);
  if (same && same.at.getTime() >= at.getTime()) return;
  c.recentViews = [view, ...list.filter((x) => key(x) !== k)].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, profileRules.recentViewsKept);
}

export interface ProfileEvent {
  type: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
}

const later = (a: Date | null, b: Date): Date => (a && a.getTime() >= b.getTime() ? a : b);
const earlier = (a: Date | null, b: Date): Date => (a && a.getTime() <= b.getTime() ? a : b);
const cents = (n: number): number => Math.round(n * 100) / 100;
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

function cartItems(v: unknown): CartItem[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((x): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x))
    .slice(0, 100)
    .map((x) => {
      const item: CartItem = {};
      for (const k of ['sku', 'name', 'category', 'imageUrl', 'url'] as const) if (typeof x[k] === 'string') item[k] = x[k];
      for (const k of ['price', 'quantity'] as const) if (typeof x[k] === 'number' && Number.isFinite(x[k])) item[k] = x[k];
      return item;
    });
}

/** A cart event applies only when it is at least as new as the cart state it would replace. */
function cartIsOlderThan(c: CustomerDoc, at: Date): boolean {
  return !c.cart.updatedAt || c.cart.updatedAt.getTime() <= at.getTime();
}

/** Applies one event to the customer in place. Unknown (custom) types change nothing here. */
export function applyEvent(c: CustomerDoc, e: ProfileEvent): void {
  const at = e.occurredAt;
  const p = e.properties;
  noteEventType(c, e.type, at);
  switch (e.type) {
    case 'order_placed': {
      const s = c.stats;
      s.ordersCount += 1;
      s.totalSpent = cents(s.totalSpent + num(p.total));
      s.avgOrderValue = cents(s.totalSpent / s.ordersCount);
      s.firstOrderAt = earlier(s.firstOrderAt, at);
      s.lastOrderAt = later(s.lastOrderAt, at);
      s.lastSeenAt = later(s.lastSeenAt, at);
      c.recentOrders = [...c.recentOrders, at].sort((a, b) => b.getTime() - a.getTime()).slice(0, 2);
      if (cartIsOlderThan(c, at)) c.cart = { ...c.cart, status: 'converted', updatedAt: at };
      break;
    }
    case 'cart_updated': {
      c.stats.lastSeenAt = later(c.stats.lastSeenAt, at);
      if (!cartIsOlderThan(c, at)) break;
      const items = cartItems(p.items);
      c.cart = {
        status: 'open',
        total: cents(num(p.total)),
        currency: str(p.currency),
        itemCount: items.reduce((n, i) => n + (i.quantity ?? 1), 0),
        checkoutUrl: str(p.checkoutUrl),
        items,
        updatedAt: at,
      };
      break;
    }
    case 'cart_cleared':
      c.stats.lastSeenAt = later(c.stats.lastSeenAt, at);
      if (cartIsOlderThan(c, at)) c.cart = { ...c.cart, status: 'cleared', updatedAt: at };
      break;
    case 'page_viewed':
      c.stats.lastSeenAt = later(c.stats.lastSeenAt, at);
      break;
    case 'product_viewed':
      c.stats.lastSeenAt = later(c.stats.lastSeenAt, at);
      noteView(c, p ?? {}, at);
      break;
    case 'email_sent':
      c.stats.emailsSent += 1;
      c.stats.lastEmailSentAt = later(c.stats.lastEmailSentAt, at);
      break;
    case 'email_opened':
      if (p.machine === true) break; // prefetches are recorded as events but are not engagement
      c.stats.emailsOpened += 1;
      c.stats.lastOpenAt = later(c.stats.lastOpenAt, at);
      c.softBounces = 0;
      break;
    case 'email_clicked':
      if (p.machine === true) break;
      c.stats.emailsClicked += 1;
      c.stats.lastClickAt = later(c.stats.lastClickAt, at);
      c.softBounces = 0;
      if (typeof p.messageId === 'string') {
        c.recentClicks = [{ messageId: p.messageId, at }, ...(c.recentClicks ?? []).filter((k) => k.messageId !== p.messageId || k.at.getTime() !== at.getTime())]
          .sort((a, b) => b.at.getTime() - a.at.getTime())
          .slice(0, profileRules.recentClicksKept);
      }
      break;
    case 'email_bounced':
      if (p.hard === true) suppress(c, 'bounced', at);
      else if (++c.softBounces >= profileRules.softBouncesToSuppress) suppress(c, 'bounced', at);
      break;
    case 'email_complained':
      suppress(c, 'complained', at);
      break;
    case 'unsubscribed':
      if (c.subscription.status === 'subscribed') c.subscription = { status: 'unsubscribed', updatedAt: at };
      break;
    case 'resubscribed':
      // The customer's own choice undoes an unsubscribe, never a bounce or a complaint.
      if (c.subscription.status === 'unsubscribed') c.subscription = { status: 'subscribed', updatedAt: at };
      break;
    default:
      break;
  }
}

function suppress(c: CustomerDoc, status: 'bounced' | 'complained', at: Date): void {
  // A complaint outranks a bounce; neither is undone by a later bounce.
  if (c.subscription.status === 'complained') return;
  c.subscription = { status, updatedAt: at };
}

function scoreBy(value: number, bounds: readonly number[], cmp: (v: number, b: number) => boolean): number {
  const i = bounds.findIndex((b) => cmp(value, b));
  return i === -1 ? 1 : 5 - i;
}

/** RFM and lifecycle at `now`, and the earliest later moment either can change (null: never). */
export function deriveTimeFields(c: Pick<CustomerDoc, 'stats' | 'recentOrders'>, now: Date): { rfm: Rfm; lifecycle: Lifecycle; nextChangeAt: Date | null } {
  const last = c.stats.lastOrderAt;
  if (c.stats.ordersCount === 0 || !last) {
    return { rfm: { recency: 0, frequency: 0, monetary: 0, score: '000', tier: 'none' }, lifecycle: 'prospect', nextChangeAt: null };
  }
  const ageMs = now.getTime() - last.getTime();
  const r = scoreBy(ageMs, profileRules.recencyDays.map((d) => d * DAY_MS), (v, b) => v <= b);
  const f = scoreBy(c.stats.ordersCount, profileRules.frequencyMin, (v, b) => v >= b);
  const m = scoreBy(c.stats.totalSpent, profileRules.monetaryMin, (v, b) => v >= b);
  const sum = r + f + m;
  const tier: Tier = profileRules.tierMin.find(([min]) => sum >= min)?.[1] ?? 'bronze';

  const prev = c.recentOrders[1];
  const days = (d: number): number => d * DAY_MS;
  let lifecycle: Lifecycle;
  if (ageMs <= days(profileRules.newWithinDays) && c.stats.ordersCount === 1) lifecycle = 'new';
  else if (ageMs <= days(profileRules.newWithinDays) && prev && last.getTime() - prev.getTime() > days(profileRules.reactivatedGapDays)) lifecycle = 'reactivated';
  else if (ageMs <= days(profileRules.activeWithinDays)) lifecycle = 'active';
  else if (ageMs <= days(profileRules.atRiskWithinDays)) lifecycle = 'at_risk';
  else lifecycle = 'lapsed';

  // Every boundary is "age <= N days": the value changes 1 ms after last + N days.
  const boundaries = [...profileRules.recencyDays, profileRules.newWithinDays, profileRules.activeWithinDays, profileRules.atRiskWithinDays]
    .map((d) => last.getTime() + days(d) + 1)
    .filter((t) => t > now.getTime());
  const nextChangeAt = boundaries.length ? new Date(Math.min(...boundaries)) : null;
  return { rfm: { recency: r, frequency: f, monetary: m, score: `${r}${f}${m}`, tier }, lifecycle, nextChangeAt };
}

export function emptyStats(): CustomerDoc['stats'] {
  return {
    ordersCount: 0,
    totalSpent: 0,
    avgOrderValue: 0,
    firstOrderAt: null,
    lastOrderAt: null,
    lastSeenAt: null,
    emailsSent: 0,
    emailsOpened: 0,
    emailsClicked: 0,
    lastEmailSentAt: null,
    lastOpenAt: null,
    lastClickAt: null,
  };
}

export function emptyCart(): CustomerDoc['cart'] {
  return { status: 'none', total: 0, currency: null, itemCount: 0, checkoutUrl: null, items: [], updatedAt: null };
}
