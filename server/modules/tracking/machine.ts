/**
 * Telling machine opens and clicks from human ones. Pure: a hit, what we know of its message, and
 * the other hits of the same message close in time. Machine hits are recorded and flagged, never
 * counted in human rates (contract section 8).
 *
 * Opens: Apple Mail Privacy Protection prefetches every image on delivery from Apple's network
 * (17.0.0.0/8) with the bare user agent "Mozilla/5.0"; Gmail's and Yahoo's image proxies fetch on
 * delivery too, then serve a cache (so only a proxy fetch long after delivery is a person opening);
 * anything within seconds of delivery is a prefetch; crawlers and HTTP libraries are machines.
 * Clicks: link scanners (security gateways, Safe Links) follow every link within seconds of delivery,
 * often with HEAD, often several links in the same second, with their own user agents.
 */
import { isbot } from 'isbot';

export const PREFETCH_WINDOW_MS = 10_000;
export const SCAN_WINDOW_MS = 10_000;
/** Distinct links of one message clicked within one second that mark all of them as a scanner's. */
export const BURST_LINKS = 3;

export type MachineReason = 'apple_mpp' | 'image_proxy_prefetch' | 'prefetch' | 'bot_user_agent' | 'no_user_agent' | 'head_request' | 'scanner_user_agent' | 'click_on_delivery' | 'link_burst';

export interface Hit {
  kind: 'open' | 'click';
  messageId: string;
  linkIndex?: number;
  at: Date;
  userAgent: string;
  ip: string;
  method: string;
}

const IMAGE_PROXY = /GoogleImageProxy|YahooMailProxy|ggpht\.com/i;
const SCANNER =
  /barracuda|proofpoint|mimecast|safelinks|safe ?links|bitdefender|trend ?micro|symantec|forcepoint|fortinet|fortiguard|sophos|cisco|ironport|zscaler|checkpoint|messagelabs|urldefense|python|curl|wget|go-http-client|java\/|okhttp|libwww|httpclient|headless|phantomjs|scrapy|axios|node-fetch|undici/i;

function isAppleNetwork(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return /^17\./.test(v4);
}

function sinceDelivery(hit: Hit, sentAt: Date | null): number {
  return sentAt ? hit.at.getTime() - sentAt.getTime() : Number.POSITIVE_INFINITY;
}

export function classifyOpen(hit: Hit, sentAt: Date | null): MachineReason | null {
  const ua = hit.userAgent.trim();
  if (!ua) return 'no_user_agent';
  if (ua === 'Mozilla/5.0' || isAppleNetwork(hit.ip)) return 'apple_mpp';
  const early = sinceDelivery(hit, sentAt) < PREFETCH_WINDOW_MS;
  if (IMAGE_PROXY.test(ua)) return early ? 'image_proxy_prefetch' : null;
  if (early) return 'prefetch';
  if (SCANNER.test(ua) || isbot(ua)) return 'bot_user_agent';
  return null;
}

export function classifyClick(hit: Hit, sentAt: Date | null, burst: boolean): MachineReason | null {
  const ua = hit.userAgent.trim();
  if (hit.method === 'HEAD') return 'head_request';
  if (!ua) return 'no_user_agent';
  if (SCANNER.test(ua) || (isbot(ua) && !IMAGE_PROXY.test(ua))) return 'scanner_user_agent';
  if (sinceDelivery(hit, sentAt) < SCAN_WINDOW_MS) return 'click_on_delivery';
  if (burst) return 'link_burst';
  return null;
}

/**
 * Clicks that belong to a burst: for one message, BURST_LINKS or more distinct links clicked within
 * one second. Takes the clicks of a flush plus the recent ones kept from earlier flushes.
 */
export function burstClicks(clicks: Hit[]): Set<Hit> {
  const out = new Set<Hit>();
  const byMessage = new Map<string, Hit[]>();
  for (const c of clicks) byMessage.set(c.messageId, [...(byMessage.get(c.messageId) ?? []), c]);
  for (const list of byMessage.values()) {
    if (list.length < BURST_LINKS) continue;
    list.sort((a, b) => a.at.getTime() - b.at.getTime());
    for (let i = 0; i < list.length; i++) {
      const window = list.filter((c) => c.at.getTime() >= list[i]!.at.getTime() && c.at.getTime() - list[i]!.at.getTime() < 1_000);
      if (new Set(window.map((c) => c.linkIndex)).size >= BURST_LINKS) for (const c of window) out.add(c);
    }
  }
  return out;
}
