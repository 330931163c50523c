/**
 * The behaviour model's parameters, in one place. Probabilities are per email delivered (or per
 * visit), scaled by each customer's engagement (0..1, higher for loyal buyers, lower for churned
 * ones; see store.ts), so the numbers differ by segment the way they do in a real shop: loyal
 * tiers open and click more, lapsed customers less, abandoned carts convert best.
 */
import type { MailClient } from './people.js';
import { clamp } from './random.js';

/** What kind of email it is, from the cadence that sent it. */
export type EmailKind = 'cart' | 'reactivation' | 'loyalty' | 'other';

export const MODEL = {
  /** Simulated time per step: the clock advance, then everyone's reactions. */
  stepHours: 1,
  /** P(a person opens), for engagement 0.5, before fatigue. */
  open: { cart: 0.52, reactivation: 0.3, loyalty: 0.5, other: 0.38 } satisfies Record<EmailKind, number>,
  /** P(clicks | opened). */
  clickGivenOpen: { cart: 0.24, reactivation: 0.1, loyalty: 0.13, other: 0.1 } satisfies Record<EmailKind, number>,
  /** P(buys | clicked), within a few hours to a few days. */
  buyGivenClick: { cart: 0.36, reactivation: 0.16, loyalty: 0.14, other: 0.1 } satisfies Record<EmailKind, number>,
  /** Each further email within 3 days multiplies the open chance by this (inbox fatigue). */
  fatigue: 0.88,
  /** Median hours from delivery to opening, and the log-scale spread; nobody opens at night. */
  openDelayHours: { median: 2.5, sigma: 1.2 },
  /** Median hours from a click to the order. */
  buyDelayHours: { median: 1.5, sigma: 1.1 },
  /** P(unsubscribes | delivered), for the least and the most engaged. */
  unsubscribe: { unengaged: 0.008, engaged: 0.0008 },
  /** Of those: through the RFC 8058 one-click POST (the mail client's button), else the page's form. */
  oneClickShare: 0.65,
  /** P(marks as spam | delivered), least engaged. */
  complaint: 0.0004,
  /** P(soft bounce | delivered): mailbox full, greylisting. Dead addresses always hard-bounce. */
  softBounce: 0.004,
  /** P(a person's client shows no images: no open pixel, clicks still count). */
  imagesBlocked: 0.12,
  /** P(a company's security gateway follows every link on delivery). */
  linkScanner: 0.75,
  /** Organic shopping: P(a visit puts something in the cart), P(checking out then). */
  visit: { cart: 0.3, checkout: 0.5 },
  /** An abandoned cart: P(comes back to buy it without any email), within hours to days. */
  cartReturn: 0.12,
  /** Churned customers still visit now and then, at this share of their old rate. */
  churnedVisitShare: 0.12,
} as const;

/** How strongly engagement (0..1) scales opening: about 0.4x for 0 to 1.7x for 1. */
export function engagementFactor(engagement: number): number {
  return 0.35 + 1.35 * engagement;
}

export function openChance(kind: EmailKind, engagement: number, recentEmails: number): number {
  return clamp(MODEL.open[kind] * engagementFactor(engagement) * Math.pow(MODEL.fatigue, Math.max(0, recentEmails - 1)), 0.01, 0.95);
}

export function clickChance(kind: EmailKind, engagement: number): number {
  return clamp(MODEL.clickGivenOpen[kind] * (0.6 + 0.8 * engagement), 0.005, 0.8);
}

export function unsubscribeChance(engagement: number): number {
  return MODEL.unsubscribe.unengaged + (MODEL.unsubscribe.engaged - MODEL.unsubscribe.unengaged) * engagement;
}

/** Visits in a local hour relative to the day's average: quiet at night, busy in the evening. */
const DIURNAL = [0.15, 0.08, 0.05, 0.04, 0.05, 0.12, 0.35, 0.7, 1, 1.1, 1.15, 1.2, 1.35, 1.25, 1.1, 1.1, 1.15, 1.3, 1.55, 1.85, 2, 1.75, 1.1, 0.45];
const DIURNAL_MEAN = DIURNAL.reduce((a, b) => a + b, 0) / DIURNAL.length;
export function diurnal(localHour: number): number {
  return DIURNAL[localHour]! / DIURNAL_MEAN;
}

/** Mail clients' user agents when a person opens (through the pixel) or clicks (their browser). */
export const OPEN_AGENTS: Record<Exclude<MailClient, 'apple'>, string> = {
  gmail: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
  yahoo: 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html',
  outlook: 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17531; Pro)',
  corporate: 'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17531; Pro)',
  other: 'Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.10.1',
};

export const BROWSERS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
] as const;

/** Apple Mail Privacy Protection: the bare agent, from Apple's network. */
export const APPLE_MPP_AGENT = 'Mozilla/5.0';
export const SCANNER_AGENTS = ['Mozilla/5.0 (compatible; Barracuda Sentinel (EE))', 'Mimecast URL Protect', 'Proofpoint URL Defense'] as const;
