/**
 * What a template sees (contract section 6): the recipient's Customer (as the API shows it), their
 * cart, their recently viewed products, the unsubscribe and preference URLs, the cadence and step,
 * `now`, and the sender's `company` block. Built per recipient from that recipient's data only.
 */
import type { CustomerDoc, CustomerView } from '../customers/index.js';
import { toCustomerView } from '../customers/index.js';

/** The sender, for headers and footers (postal address: CAN-SPAM, and most mailbox providers). */
export interface CompanyInfo {
  name: string;
  address: string;
  /** The shop's home page. */
  url: string;
}

export interface ViewedProduct {
  sku: string | null;
  name: string | null;
  price: number | null;
  currency: string | null;
  imageUrl: string | null;
  url: string | null;
}

export interface TemplateContext {
  customer: Partial<CustomerView> | Record<string, unknown>;
  cart: Record<string, unknown>;
  recentlyViewed: ViewedProduct[];
  unsubscribeUrl: string;
  preferencesUrl: string;
  cadence: { name: string };
  step: { index: number };
  now: string;
  company: CompanyInfo;
}

export interface ContextParts {
  unsubscribeUrl: string;
  preferencesUrl: string;
  cadence: { name: string };
  step: { index: number };
  now: Date;
  company: CompanyInfo;
  recentlyViewed: ViewedProduct[];
}

export function contextForCustomer(customer: CustomerDoc, parts: ContextParts): TemplateContext {
  const view = toCustomerView(customer);
  return {
    customer: view,
    cart: view.cart as unknown as Record<string, unknown>,
    recentlyViewed: parts.recentlyViewed,
    unsubscribeUrl: parts.unsubscribeUrl,
    preferencesUrl: parts.preferencesUrl,
    cadence: parts.cadence,
    step: parts.step,
    now: parts.now.toISOString(),
    company: parts.company,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * A context from data given to a preview (or a starter's sample): the given keys as they are, the
 * system's own (URLs, company, now) filled in when absent; `cart` defaults to `customer.cart`.
 */
export function contextFromData(data: Record<string, unknown>, parts: ContextParts): TemplateContext {
  const customer = isObject(data.customer) ? data.customer : {};
  const cart = isObject(data.cart) ? data.cart : isObject(customer.cart) ? customer.cart : {};
  return {
    ...parts,
    now: parts.now.toISOString(),
    ...data,
    customer,
    cart,
    recentlyViewed: Array.isArray(data.recentlyViewed) ? (data.recentlyViewed as ViewedProduct[]) : parts.recentlyViewed,
    company: isObject(data.company) ? ({ ...parts.company, ...data.company } as CompanyInfo) : parts.company,
  } as TemplateContext;
}

/** Locale, timezone and default currency for the formatting helpers. */
export function formatOf(context: TemplateContext): { locale: string; timezone: string; currency: string | null } {
  const c = context.customer;
  const currency = typeof context.cart?.currency === 'string' ? context.cart.currency : null;
  return { locale: typeof c.locale === 'string' ? c.locale : 'en', timezone: typeof c.timezone === 'string' ? c.timezone : 'UTC', currency };
}

/** Latest distinct products first (by sku, else url), at most `max`, from `product_viewed` events. */
export function recentlyViewedFrom(events: { occurredAt: Date; properties: Record<string, unknown> }[], max: number): ViewedProduct[] {
  const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v.slice(0, 2048) : null);
  const seen = new Set<string>();
  const out: ViewedProduct[] = [];
  for (const e of [...events].sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime())) {
    const p = e.properties ?? {};
    const key = str(p.sku) ?? str(p.url);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push({ sku: str(p.sku), name: str(p.name), price: typeof p.price === 'number' && Number.isFinite(p.price) ? p.price : null, currency: str(p.currency), imageUrl: str(p.imageUrl), url: str(p.url) });
    if (out.length >= max) break;
  }
  return out;
}

/** Sample data when a template has none of its own (no starter sample): a believable shopper. */
export function genericSample(): Record<string, unknown> {
  const items = [
    { sku: 'SNK-001', name: 'Trail running shoes', price: 89.9, quantity: 1, imageUrl: 'https://placehold.co/240x240/png?text=Shoes', url: 'https://shop.example.com/p/snk-001' },
    { sku: 'SCK-014', name: 'Merino socks (3 pairs)', price: 24.5, quantity: 2, imageUrl: 'https://placehold.co/240x240/png?text=Socks', url: 'https://shop.example.com/p/sck-014' },
  ];
  return {
    customer: {
      id: '000000000000000000000000', email: 'alex.morgan@example.com', firstName: 'Alex', lastName: 'Morgan', timezone: 'Europe/London', locale: 'en-GB',
      attributes: {}, subscription: { status: 'subscribed' },
      stats: { ordersCount: 3, totalSpent: 248.3, avgOrderValue: 82.77 },
      rfm: { recency: 4, frequency: 3, monetary: 3, score: '433', tier: 'silver' }, lifecycle: 'active',
    },
    cart: { status: 'open', total: 138.9, currency: 'GBP', itemCount: 3, checkoutUrl: 'https://shop.example.com/checkout', items },
    recentlyViewed: [
      { sku: 'JKT-220', name: 'Packable rain jacket', price: 119, imageUrl: 'https://placehold.co/240x240/png?text=Jacket', url: 'https://shop.example.com/p/jkt-220' },
      { sku: 'CAP-031', name: 'Running cap', price: 19.9, imageUrl: 'https://placehold.co/240x240/png?text=Cap', url: 'https://shop.example.com/p/cap-031' },
    ],
    cadence: { name: 'Sample cadence' },
    step: { index: 0 },
  };
}
