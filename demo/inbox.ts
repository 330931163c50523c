/**
 * What arrived in the customers' inboxes since the last look: the emails themselves from the
 * catcher's outbox (their tracked links, open pixel and List-Unsubscribe header, exactly as a mail
 * client sees them) joined, by the Message-ID Retainly gave them, to the send ledger (which cadence
 * and step sent each one). Both are polled with `after`, so each email is read once.
 */
import type { RetainlyApi } from './api.js';

export interface Delivered {
  /** The ledger row (`GET /api/v1/messages`). */
  messageId: string;
  cadenceId: string;
  step: number;
  to: string;
  sentAt: Date;
  /** The Message-ID header, as a bounce report names it. */
  smtpMessageId: string | null;
  pixelUrl: string | null;
  /** Tracked links, one per link index. */
  clickUrls: string[];
  unsubscribeUrl: string | null;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

interface LedgerRow {
  id: string;
  cadenceId: string;
  step: number;
  to: string | null;
  sentAt: string | null;
}

interface OutboxRow {
  id: string;
  messageId: string | null;
  headers: Record<string, string>;
  html: string | null;
}

const PIXEL = /<img[^>]+src="(https?:\/\/[^"]+\/t\/o\/[^"]+)"/;
const CLICK = /href="(https?:\/\/[^"]+\/t\/c\/[0-9a-f]{24}\/(\d+)\/[^"]+)"/g;

/** The tracked links of an email's HTML, one per link index, in index order. */
export function trackedLinks(html: string): { pixelUrl: string | null; clickUrls: string[] } {
  const byIndex = new Map<number, string>();
  for (const m of html.matchAll(CLICK)) if (!byIndex.has(Number(m[2]))) byIndex.set(Number(m[2]), m[1]!.replace(/&amp;/g, '&'));
  return { pixelUrl: PIXEL.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? null, clickUrls: [...byIndex].sort((a, b) => a[0] - b[0]).map(([, u]) => u) };
}

export class Inbox {
  private lastOutboxId: string | null = null;
  private lastLedgerId: string | null = null;

  constructor(private readonly api: RetainlyApi) {}

  /** Everything newer than `after`, oldest first. */
  private async since<T extends { id: string }>(path: string, after: string | null): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const q: string[] = ['limit=500', ...(after ? [`after=${after}`] : []), ...(cursor ? [`cursor=${cursor}`] : [])];
      const page: Page<T> = await this.api.get<Page<T>>(`${path}${path.includes('?') ? '&' : '?'}${q.join('&')}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items.reverse();
  }

  /** The emails delivered since the last poll, in the order they were sent. */
  async poll(): Promise<Delivered[]> {
    const rows = await this.since<LedgerRow>('/api/v1/messages?status=sent', this.lastLedgerId);
    const mails = await this.since<OutboxRow>('/api/v1/outbox', this.lastOutboxId);
    if (rows.length) this.lastLedgerId = rows[rows.length - 1]!.id;
    if (mails.length) this.lastOutboxId = mails[mails.length - 1]!.id;
    const byLedgerId = new Map(mails.map((m) => [m.headers['x-retainly-message-id'] ?? '', m]));
    const out: Delivered[] = [];
    for (const r of rows) {
      const mail = byLedgerId.get(r.id);
      if (!mail || !r.to || !r.sentAt) continue;
      const links = trackedLinks(mail.html ?? '');
      out.push({
        messageId: r.id,
        cadenceId: r.cadenceId,
        step: r.step,
        to: r.to,
        sentAt: new Date(r.sentAt),
        smtpMessageId: mail.messageId,
        ...links,
        unsubscribeUrl: /<([^>]+)>/.exec(mail.headers['list-unsubscribe'] ?? '')?.[1] ?? null,
      });
    }
    return out;
  }
}
