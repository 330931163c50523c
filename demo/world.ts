/**
 * The simulated people between two clock steps: each customer's state as the shop sees it (an open
 * cart, emails lately received), what they have planned (an open, a purchase, a return to the cart),
 * and the events their actions produce, sent to Retainly after each step.
 */
import { CART_EXPIRY_MS, HOUR, cartProperties, type DemoCustomer, type DemoEvent, type DemoStore } from './store.js';
import { CURRENCY, totalOf, type LineItem } from './catalogue.js';
import type { Delivered } from './inbox.js';
import type { EmailKind } from './model.js';
import { Schedule } from './schedule.js';
import { streamFor, type Random } from './random.js';

export interface Shopper {
  c: DemoCustomer;
  cart: { items: LineItem[]; since: number } | null;
  /** Delivery times of recent emails (inbox fatigue). */
  recent: number[];
  /** Events sent for this customer during the simulation (idempotency keys). */
  seq: number;
}

export type Plan =
  | { kind: 'open'; shopper: Shopper; mail: Delivered; emailKind: EmailKind; click: boolean; unsubscribe: boolean }
  | { kind: 'buy'; shopper: Shopper; emailKind: EmailKind }
  | { kind: 'cart-return'; shopper: Shopper; since: number }
  | { kind: 'cart-expiry'; shopper: Shopper; since: number };

/** What people did, as the demo counts it (Retainly's own numbers are in its reports). */
export interface Tally {
  delivered: number;
  humanOpens: number;
  clicks: number;
  emailOrders: number;
  organicOrders: number;
  unsubscribes: number;
  bounces: number;
  complaints: number;
  machineOpens: number;
  scannerClicks: number;
  visits: number;
  abandonedCarts: number;
}

export class World {
  readonly shoppers: Shopper[];
  readonly byEmail: Map<string, Shopper>;
  readonly plans = new Schedule<Plan>();
  readonly tally: Tally = { delivered: 0, humanOpens: 0, clicks: 0, emailOrders: 0, organicOrders: 0, unsubscribes: 0, bounces: 0, complaints: 0, machineOpens: 0, scannerClicks: 0, visits: 0, abandonedCarts: 0 };
  /** Events produced this step, sent after it. */
  pending: DemoEvent[] = [];
  /** One stream per concern, so a change in one leaves the others' draws alone. */
  readonly rand: { mail: Random; visits: Random; buys: Random };
  private orderNo: number;

  constructor(readonly store: DemoStore) {
    this.shoppers = store.customers.map((c) => ({ c, cart: null, recent: [], seq: 0 }));
    this.byEmail = new Map(this.shoppers.map((s) => [s.c.email.toLowerCase(), s]));
    this.rand = { mail: streamFor(store.seed, 'mail'), visits: streamFor(store.seed, 'visits'), buys: streamFor(store.seed, 'buys') };
    this.orderNo = 100_000 + store.events.filter((e) => e.type === 'order_placed').length;
    this.restoreCarts();
  }

  /** Carts the history left open (the cart abandonment cadence's first audience). */
  private restoreCarts(): void {
    const byId = new Map(this.shoppers.map((s) => [s.c.externalId, s]));
    for (const e of this.store.events) {
      const s = byId.get(e.externalId)!;
      if (e.type === 'cart_updated') s.cart = { items: e.properties.items as LineItem[], since: e.occurredAt.getTime() };
      else if (e.type === 'order_placed' || e.type === 'cart_cleared') s.cart = null;
    }
    for (const s of this.shoppers) if (s.cart) this.plans.add(s.cart.since + CART_EXPIRY_MS, { kind: 'cart-expiry', shopper: s, since: s.cart.since });
  }

  emit(s: Shopper, type: string, at: number, properties: Record<string, unknown>): void {
    this.pending.push({ type, externalId: s.c.externalId, occurredAt: new Date(Math.floor(at / 1000) * 1000), properties, idempotencyKey: `demo-${this.store.seed}-${s.c.externalId}-s${s.seq++}` });
  }

  /** A cart change: the cart abandonment cadence starts from here if nobody checks out. */
  updateCart(s: Shopper, items: LineItem[], at: number): void {
    s.cart = { items, since: at };
    this.emit(s, 'cart_updated', at, cartProperties(items));
    this.plans.add(at + CART_EXPIRY_MS, { kind: 'cart-expiry', shopper: s, since: at });
  }

  order(s: Shopper, items: LineItem[], at: number, fromEmail: boolean): void {
    this.emit(s, 'order_placed', at, { orderId: String(++this.orderNo), total: totalOf(items), currency: CURRENCY, items });
    s.cart = null;
    if (fromEmail) this.tally.emailOrders++;
    else this.tally.organicOrders++;
  }

  /** Emails received in the three days before `now` (and forgets older ones). */
  recentEmails(s: Shopper, now: number): number {
    s.recent = s.recent.filter((t) => now - t < 72 * HOUR);
    return s.recent.length;
  }

  takePending(): DemoEvent[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}
