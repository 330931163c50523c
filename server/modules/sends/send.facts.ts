/**
 * Facts that land on ledger rows after the send: engagement from tracking flushes, unsubscribes,
 * bounces and complaints, and conversions (an order within 5 days after a human click, last touch).
 * Each is written idempotently or conditionally, so a "first" (first open, first unsubscribe) is
 * counted once even when two processes race, and each published delta matches `countersOf`.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { AnyBulkWriteOperation, Collection } from '../../db/driver.js';
import { DAY_MS } from '../../clock.js';
import type { MessageDoc } from './message.model.js';
import { cohortOf, type Counters, type LedgerDelta } from './counters.js';

export const CONVERSION_WINDOW_MS = 5 * DAY_MS;

export interface Engagement {
  messageId: Types.ObjectId;
  opens: number;
  clicks: number;
  machineOpens: number;
  machineClicks: number;
  /** First human open and click of this batch (a human click implies an open). */
  firstOpenAt: Date | null;
  firstClickAt: Date | null;
}

export interface Order {
  key: string;
  customerId: Types.ObjectId;
  at: Date;
  total: number;
}

export interface ConversionDoc {
  _id: string;
  messageId: Types.ObjectId;
  customerId: Types.ObjectId | null;
  at: Date;
  total: number;
}

type Marked = MessageDoc & { openMark?: string; clickMark?: string };

export class MessageFacts {
  constructor(
    private readonly messages: Collection<MessageDoc>,
    private readonly conversions: Collection<ConversionDoc>,
    private readonly publish: (deltas: LedgerDelta[]) => Promise<void>,
  ) {}

  async syncIndexes(): Promise<void> {
    // erasure: updateMany({ customerId })
    await this.conversions.createIndex({ customerId: 1 });
  }

  /** Adds a tracking flush's engagement; the first human open/click of a message is counted once. */
  async engage(items: Engagement[], now: Date): Promise<void> {
    if (!items.length) return;
    const mark = randomBytes(8).toString('hex');
    const ops = items.flatMap((e) => {
      const out: AnyBulkWriteOperation<MessageDoc>[] = [
        { updateOne: { filter: { _id: e.messageId }, update: { $inc: { opens: e.opens, clicks: e.clicks, machineOpens: e.machineOpens, machineClicks: e.machineClicks }, $set: { updatedAt: now } } } },
      ];
      if (e.firstOpenAt) out.push({ updateOne: { filter: { _id: e.messageId, openedAt: null }, update: { $set: { openedAt: e.firstOpenAt, openMark: mark } as never } } });
      if (e.firstClickAt) out.push({ updateOne: { filter: { _id: e.messageId, clickedAt: null }, update: { $set: { clickedAt: e.firstClickAt, clickMark: mark } as never } } });
      return out;
    });
    await this.messages.bulkWrite(ops, { ordered: true });
    const rows = (await this.messages.find({ _id: { $in: items.map((i) => i.messageId) } }).toArray()) as Marked[];
    const byId = new Map(rows.map((r) => [r._id.toHexString(), r]));
    const deltas: LedgerDelta[] = [];
    for (const e of items) {
      const row = byId.get(e.messageId.toHexString());
      if (!row || row.status !== 'sent') continue;
      deltas.push({
        cohort: cohortOf(row),
        counts: { opens: e.opens, clicks: e.clicks, machineOpens: e.machineOpens, machineClicks: e.machineClicks, uniqueOpens: row.openMark === mark ? 1 : 0, uniqueClicks: row.clickMark === mark ? 1 : 0 },
      });
    }
    await this.publish(deltas);
  }

  /** Marks one message's unsubscribe (first time only); returns its row, or null when unknown. */
  async unsubscribed(messageId: Types.ObjectId, at: Date): Promise<MessageDoc | null> {
    return this.firstTime(messageId, 'unsubscribedAt', at, { unsubscribes: 1 });
  }

  async bounced(messageId: Types.ObjectId, kind: 'bounce' | 'complaint', at: Date): Promise<MessageDoc | null> {
    return kind === 'bounce' ? this.firstTime(messageId, 'bouncedAt', at, { bounces: 1 }) : this.firstTime(messageId, 'complainedAt', at, { complaints: 1 });
  }

  private async firstTime(messageId: Types.ObjectId, field: 'unsubscribedAt' | 'bouncedAt' | 'complainedAt', at: Date, counts: Partial<Counters>): Promise<MessageDoc | null> {
    const updated = await this.messages.findOneAndUpdate({ _id: messageId, [field]: null }, { $set: { [field]: at } }, { returnDocument: 'after' });
    if (updated) {
      if (updated.status === 'sent') await this.publish([{ cohort: cohortOf(updated), counts }]);
      return updated;
    }
    return this.messages.findOne({ _id: messageId });
  }

  /**
   * Attributes orders to the message each customer last clicked (a human click within 5 days before
   * the order, found on the profile by the caller). Each order counts once, ever: its key is unique.
   */
  async attribute(orders: (Order & { messageId: Types.ObjectId })[]): Promise<void> {
    if (!orders.length) return;
    const inserted = await this.insertNew(orders.map((o) => ({ _id: o.key, messageId: o.messageId, customerId: o.customerId, at: o.at, total: o.total })));
    if (!inserted.length) return;
    await this.messages.bulkWrite(inserted.map((c) => ({ updateOne: { filter: { _id: c.messageId }, update: { $inc: { conversions: 1, revenue: c.total } } } })), { ordered: false });
    const rows = await this.messages.find({ _id: { $in: inserted.map((c) => c.messageId) } }).toArray();
    const byId = new Map(rows.map((r) => [r._id.toHexString(), r]));
    await this.publish(
      inserted.flatMap((c) => {
        const row = byId.get(c.messageId.toHexString());
        return row ? [{ cohort: cohortOf(row), counts: { conversions: 1, revenue: c.total } }] : [];
      }),
    );
  }

  private async insertNew(docs: ConversionDoc[]): Promise<ConversionDoc[]> {
    try {
      await this.conversions.insertMany(docs, { ordered: false });
      return docs;
    } catch (err) {
      const writeErrors = (err as { writeErrors?: { index: number; code: number }[] }).writeErrors;
      if (!writeErrors?.length || writeErrors.some((w) => w.code !== 11000)) throw err;
      const dup = new Set(writeErrors.map((w) => w.index));
      return docs.filter((_, i) => !dup.has(i));
    }
  }

  erase(customerId: Types.ObjectId): Promise<unknown> {
    return this.conversions.updateMany({ customerId }, { $set: { customerId: null } });
  }
}
