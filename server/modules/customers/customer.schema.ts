/** Customers: the upsert body, the CSV columns, and the Customer the API returns. */
import { z } from 'zod';
import { safeObject } from '../../lib/schemas.js';

export const subscriptionStatuses = ['subscribed', 'unsubscribed', 'bounced', 'complained'] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];
export const lifecycles = ['prospect', 'new', 'active', 'at_risk', 'lapsed', 'reactivated'] as const;
export type Lifecycle = (typeof lifecycles)[number];
export const tiers = ['platinum', 'gold', 'silver', 'bronze', 'none'] as const;
export type Tier = (typeof tiers)[number];
export const cartStatuses = ['none', 'open', 'converted', 'cleared'] as const;
export type CartStatus = (typeof cartStatuses)[number];

export const timezoneSchema = z.string().max(64).refine(isTimezone, { message: 'must be an IANA timezone name, like Europe/Paris' });
export const localeSchema = z.string().max(35).refine(isLocale, { message: 'must be a BCP 47 locale, like en or fr-FR' });

export function isTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function isLocale(l: string): boolean {
  try {
    return Intl.getCanonicalLocales(l).length === 1;
  } catch {
    return false;
  }
}

export const emailSchema = z.string().trim().max(254).pipe(z.email({ message: 'must be an email address' }));

export const customerUpsertSchema = z.strictObject({
  email: emailSchema,
  externalId: z.string().trim().min(1).max(128).optional(),
  firstName: z.string().max(200).optional(),
  lastName: z.string().max(200).optional(),
  timezone: timezoneSchema.optional(),
  locale: localeSchema.optional(),
  attributes: safeObject(5).optional(),
  subscribed: z.boolean().optional(),
});
export type CustomerUpsert = z.infer<typeof customerUpsertSchema>;

export const customerSearchSchema = z.object({
  email: z.string().max(254).optional(),
  segmentId: z.string().regex(/^[0-9a-f]{24}$/, 'must be a 24-hex id').optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});

export interface CustomerStats {
  ordersCount: number;
  totalSpent: number;
  avgOrderValue: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
  lastSeenAt: Date | null;
  emailsSent: number;
  emailsOpened: number;
  emailsClicked: number;
  lastEmailSentAt: Date | null;
  lastOpenAt: Date | null;
  lastClickAt: Date | null;
}

export interface CustomerCart {
  status: CartStatus;
  total: number;
  currency: string | null;
  itemCount: number;
  checkoutUrl: string | null;
  items: CartItem[];
  updatedAt: Date | null;
}

export interface CartItem {
  sku?: string;
  name?: string;
  price?: number;
  quantity?: number;
  category?: string;
  imageUrl?: string;
  url?: string;
}

export interface Rfm {
  recency: number;
  frequency: number;
  monetary: number;
  score: string;
  tier: Tier;
}

/** The Customer as the API returns it (contract section 3), dates as ISO strings. */
export interface CustomerView {
  id: string;
  externalId: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  timezone: string;
  locale: string;
  attributes: Record<string, unknown>;
  subscription: { status: SubscriptionStatus; updatedAt: string | null };
  stats: Record<keyof CustomerStats, number | string | null>;
  cart: Omit<CustomerCart, 'updatedAt'> & { updatedAt: string | null };
  rfm: Rfm;
  lifecycle: Lifecycle;
  segments: string[];
  createdAt: string;
  updatedAt: string;
}

/** One entry of `GET /customers/:id/timeline`: each module adds its own kinds (`event`, `message`). */
export interface TimelineItem {
  kind: string;
  at: string;
  [key: string]: unknown;
}

/** What `POST /customers/import` answers: good rows are kept, bad ones listed by CSV line. */
export interface ImportResult {
  created: number;
  updated: number;
  rejected: { line: number; error: string }[];
}
