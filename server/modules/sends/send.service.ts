/**
 * The send ledger: rows inserted as `sending` before the SMTP call (unique per enrollment and step,
 * so a step is sent at most once), finished after it, and later annotated with engagement,
 * unsubscribes, bounces and conversions. Also its read side: the list, the timeline, export, erasure.
 */
import { Types, type Connection } from 'mongoose';
import type { Collection, Filter } from '../../db/driver.js';
import { AppError, notFound } from '../../http/errors.js';
import { decodeAfter, decodeCursor, idRange, toPage, type Page } from '../../lib/pagination.js';
import type { TimelineItem } from '../customers/index.js';
import type { SystemEvent } from '../events/index.js';
import { messageModel, type MessageDoc } from './message.model.js';
import type { MessageQuery, MessageStatus, MessageView, ResolveInput } from './message.schema.js';
import { messageView } from './message.view.js';
import { cohortOf, type DeltaListener, type LedgerDelta } from './counters.js';
import { MessageFacts, type ConversionDoc } from './send.facts.js';

/** Who and what a ledger row is about; the rest starts empty. */
export interface NewMessage {
  enrollmentId: Types.ObjectId;
  cadenceId: Types.ObjectId;
  segmentId: Types.ObjectId;
  customerId: Types.ObjectId;
  step: number;
  templateId: Types.ObjectId;
  templateVersion: number;
  to: string | null;
}

export interface SendOutcome {
  row: MessageDoc;
  /** `unknown` (maybe delivered) is recorded as `review`. */
  status: 'sent' | 'failed' | 'unknown';
  subject: string | null;
  smtpMessageId: string | null;
  error: string | null;
  dynamicLinks?: Record<string, string>;
}

export interface StepStatusCount {
  step: number;
  status: MessageStatus;
  n: number;
  opened: number;
  clicked: number;
  conversions: number;
}


/** The `email_sent` event of a delivered row (profiles and segments see it); one per row, whoever records it. */
export function emailSentEvent(row: Pick<MessageDoc, '_id' | 'customerId' | 'cadenceId' | 'step'> & { customerId: Types.ObjectId }, at: Date): SystemEvent {
  const messageId = row._id.toHexString();
  return { customerId: row.customerId, type: 'email_sent', occurredAt: at, properties: { messageId, cadenceId: row.cadenceId.toHexString(), step: row.step }, idempotencyKey: `email_sent:${messageId}` };
}

const isDuplicateOnly = (err: unknown): number[] | null => {
  const writeErrors = (err as { writeErrors?: { index: number; code: number }[] }).writeErrors;
  if (!writeErrors?.length || writeErrors.some((w) => w.code !== 11000)) return null;
  return writeErrors.map((w) => w.index);
};

export class SendService {
  readonly collection: Collection<MessageDoc>;
  /** Engagement, unsubscribes, bounces and conversions landing on rows (tracking and reports use it). */
  readonly facts: MessageFacts;
  private readonly listeners: DeltaListener[] = [];

  constructor(private readonly conn: Connection) {
    this.collection = messageModel(conn).collection as unknown as Collection<MessageDoc>;
    this.facts = new MessageFacts(this.collection, conn.collection('conversions') as unknown as Collection<ConversionDoc>, (deltas) => this.publish(deltas));
  }

  async syncIndexes(): Promise<void> {
    await Promise.all([messageModel(this.conn).createIndexes(), this.facts.syncIndexes()]);
  }

  /** Every change to what a row counts for, as counter deltas (the report rollups listen). */
  onDelta(listener: DeltaListener): void {
    this.listeners.push(listener);
  }

  private async publish(deltas: LedgerDelta[]): Promise<void> {
    if (!deltas.length) return;
    for (const l of this.listeners) await l(deltas);
  }

  newRow(m: NewMessage, now: Date, status: MessageStatus = 'sending', reason: string | null = null): MessageDoc {
    return {
      _id: new Types.ObjectId(),
      ...m,
      subject: null,
      status,
      reason,
      smtpMessageId: null,
      sentAt: null,
      openedAt: null,
      clickedAt: null,
      opens: 0,
      clicks: 0,
      machineOpens: 0,
      machineClicks: 0,
      unsubscribedAt: null,
      bouncedAt: null,
      complainedAt: null,
      conversions: 0,
      revenue: 0,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Inserts rows; returns the ids that were new (a row whose (enrollment, step) exists is left out). */
  async insert(rows: MessageDoc[]): Promise<Set<string>> {
    if (!rows.length) return new Set();
    let failed = new Set<number>();
    try {
      await this.collection.insertMany(rows, { ordered: false });
    } catch (err) {
      const dups = isDuplicateOnly(err);
      if (!dups) throw err;
      failed = new Set(dups);
    }
    return new Set(rows.filter((_, i) => !failed.has(i)).map((r) => r._id.toHexString()));
  }

  async finish(outcomes: SendOutcome[], now: Date): Promise<void> {
    if (!outcomes.length) return;
    await this.collection.bulkWrite(
      outcomes.map((o) => ({
        updateOne: {
          // `review` too: another worker may have found this row unfinished (our claim expired while the
          // database was unreachable) and marked it; the worker that made the SMTP call knows the outcome.
          filter: { _id: o.row._id, status: { $in: ['sending', 'review'] as MessageStatus[] } },
          update: {
            $set: {
              status: o.status === 'unknown' ? ('review' as const) : o.status,
              subject: o.subject,
              smtpMessageId: o.smtpMessageId,
              reason: o.error,
              sentAt: o.status === 'sent' ? now : null,
              updatedAt: now,
              ...(o.dynamicLinks && Object.keys(o.dynamicLinks).length ? { dynamicLinks: o.dynamicLinks } : {}),
            },
          },
        },
      })),
      { ordered: false },
    );
    await this.publish(
      outcomes.flatMap((o): LedgerDelta[] => (o.status === 'sent' ? [{ cohort: cohortOf({ ...o.row, sentAt: now }), counts: { sent: 1 } }] : o.status === 'failed' ? [{ cohort: cohortOf(o.row), counts: { failed: 1 } }] : [])),
    );
  }

  /** A row still `sending` when its step comes round again: a crash after (maybe) handing it to SMTP. */
  async markInterrupted(enrollmentId: Types.ObjectId, step: number, now: Date): Promise<void> {
    await this.collection.updateOne(
      { enrollmentId, step, status: 'sending' },
      { $set: { status: 'review', reason: 'interrupted between the SMTP hand-off and the ledger update; not resent', updatedAt: now } },
    );
  }

  /**
   * A person's verdict on a message under review. Delivered: `sent` as of its hand-off to SMTP (the
   * row was written just before it), so it counts in the reports on that day; not delivered:
   * `failed`. Either way nothing is sent again. A second identical verdict returns the row as it
   * is (a retried request); any other change of a resolved row is a conflict.
   */
  async resolve(id: string, input: ResolveInput, now: Date): Promise<MessageDoc> {
    const _id = new Types.ObjectId(id);
    const row = await this.collection.findOne({ _id });
    if (!row) throw notFound('Message');
    const status: MessageStatus = input.delivered ? 'sent' : 'failed';
    if (row.status === status && row.resolvedAt) return row;
    if (row.status !== 'review') throw new AppError('conflict', `Only a message under review can be resolved; this one is ${row.status}`);
    const verdict = input.delivered ? 'confirmed delivered' : 'confirmed not delivered';
    const set = { status, sentAt: input.delivered ? row.createdAt : null, reason: input.note ? `${verdict}: ${input.note}` : verdict, resolvedAt: now, updatedAt: now };
    const res = await this.collection.updateOne({ _id, status: 'review' }, { $set: set });
    if (!res.modifiedCount) throw new AppError('conflict', 'The message was resolved meanwhile');
    const resolved = { ...row, ...set };
    await this.publish([{ cohort: cohortOf(resolved), counts: input.delivered ? { sent: 1 } : { failed: 1 } }]);
    return resolved;
  }

  forEnrollments(ids: Types.ObjectId[]): Promise<MessageDoc[]> {
    return this.collection.find({ enrollmentId: { $in: ids } }).toArray();
  }

  /** Sends to these customers since `since` (frequency caps across all cadences). */
  sentSince(customerIds: Types.ObjectId[], since: Date): Promise<Pick<MessageDoc, '_id' | 'customerId' | 'sentAt'>[]> {
    return this.collection.find({ customerId: { $in: customerIds }, sentAt: { $gte: since } }, { projection: { customerId: 1, sentAt: 1 } }).toArray();
  }

  /** Rows by id (tracking resolves hits with one query per flush). */
  byIds(ids: Types.ObjectId[]): Promise<MessageDoc[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.collection.find({ _id: { $in: ids } }).toArray();
  }

  /** Rows by the Message-ID the SMTP server was given (bounce reports name it). */
  bySmtpMessageIds(ids: string[]): Promise<MessageDoc[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.collection.find({ smtpMessageId: { $in: ids } }).toArray();
  }

  async stepStatusCounts(cadenceId: Types.ObjectId): Promise<StepStatusCount[]> {
    const rows = await this.collection
      .aggregate<{ _id: { step: number; status: MessageStatus }; n: number; opened: number; clicked: number; conversions: number }>([
        { $match: { cadenceId } },
        {
          $group: {
            _id: { step: '$step', status: '$status' },
            n: { $sum: 1 },
            opened: { $sum: { $cond: [{ $ifNull: ['$openedAt', false] }, 1, 0] } },
            clicked: { $sum: { $cond: [{ $ifNull: ['$clickedAt', false] }, 1, 0] } },
            conversions: { $sum: '$conversions' },
          },
        },
      ])
      .toArray();
    return rows.map((r) => ({ step: r._id.step, status: r._id.status, n: r.n, opened: r.opened, clicked: r.clicked, conversions: r.conversions }));
  }

  async get(id: string): Promise<MessageView> {
    const doc = await this.collection.findOne({ _id: new Types.ObjectId(id) });
    if (!doc) throw notFound('Message');
    return messageView(doc);
  }

  async list(q: MessageQuery): Promise<Page<MessageView>> {
    const filter: Filter<MessageDoc> = {};
    if (q.customerId) filter.customerId = new Types.ObjectId(q.customerId);
    if (q.cadenceId) filter.cadenceId = new Types.ObjectId(q.cadenceId);
    if (q.segmentId) filter.segmentId = new Types.ObjectId(q.segmentId);
    if (q.status) filter.status = q.status;
    const ids = idRange(decodeCursor(q.cursor), decodeAfter(q.after));
    if (ids) filter._id = ids;
    const rows = await this.collection.find(filter).sort({ _id: -1 }).limit(q.limit + 1).toArray();
    return toPage(rows, q.limit, messageView);
  }

  timelineSource() {
    return async (customerId: Types.ObjectId, limit: number): Promise<TimelineItem[]> => {
      const rows = await this.collection.find({ customerId }).sort({ createdAt: -1 }).limit(limit).toArray();
      return rows.map((m) => ({
        kind: 'message',
        at: (m.sentAt ?? m.createdAt).toISOString(),
        id: m._id.toHexString(),
        cadenceId: m.cadenceId.toHexString(),
        step: m.step,
        status: m.status,
        subject: m.subject,
        openedAt: m.openedAt?.toISOString() ?? null,
        clickedAt: m.clickedAt?.toISOString() ?? null,
      }));
    };
  }

  exportSource() {
    return async (customerId: Types.ObjectId): Promise<MessageView[]> => {
      const rows = await this.collection.find({ customerId }).sort({ createdAt: -1 }).toArray();
      return rows.map(messageView);
    };
  }

  /** Erasure: ledger rows stay for the numbers, without who they went to. */
  erasureHook() {
    return async (customerId: Types.ObjectId): Promise<void> => {
      await this.collection.updateMany({ customerId }, { $set: { customerId: null, to: null, subject: null }, $unset: { dynamicLinks: '' } });
      await this.facts.erase(customerId);
    };
  }
}
