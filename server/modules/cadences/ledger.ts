/**
 * The send ledger (`messages`): one row per (enrollment, step), unique, inserted as `sending`
 * before the SMTP call and finished after it. Also what reports and the timeline read.
 */
import { Types, type Model } from 'mongoose';
import type { CustomerDoc } from '../customers/index.js';
import type { CadenceDoc, EnrollmentDoc, MessageDoc } from './cadence.model.js';
import type { MessageStatus } from './cadence.schema.js';

export interface SendOutcome {
  row: MessageDoc;
  status: 'sent' | 'failed';
  subject: string | null;
  smtpMessageId: string | null;
  error: string | null;
}

export class Ledger {
  constructor(private readonly Message: Model<MessageDoc>) {}

  newRow(e: EnrollmentDoc, cadence: CadenceDoc, customer: CustomerDoc | null, templateId: string, templateVersion: number, now: Date, status: MessageStatus = 'sending', reason: string | null = null): MessageDoc {
    return {
      _id: new Types.ObjectId(),
      enrollmentId: e._id,
      cadenceId: cadence._id,
      segmentId: cadence.segmentId,
      customerId: e.customerId,
      step: e.currentStep,
      templateId: new Types.ObjectId(templateId),
      templateVersion,
      to: customer?.email ?? null,
      subject: null,
      status,
      reason,
      smtpMessageId: null,
      sentAt: null,
      openedAt: null,
      clickedAt: null,
      opens: 0,
      clicks: 0,
      createdAt: now,
      updatedAt: now,
    };
  }

  /** Inserts rows; returns the ids that were new (a duplicate (enrollment, step) is left out). */
  async insertSending(rows: MessageDoc[]): Promise<Set<string>> {
    if (!rows.length) return new Set();
    const failed = new Set<number>();
    try {
      await this.Message.collection.insertMany(rows, { ordered: false });
    } catch (err) {
      const writeErrors = (err as { writeErrors?: { index: number; code: number }[] }).writeErrors;
      if (!writeErrors?.length || writeErrors.some((w) => w.code !== 11000)) throw err;
      for (const w of writeErrors) failed.add(w.index);
    }
    return new Set(rows.filter((_, i) => !failed.has(i)).map((r) => r._id.toHexString()));
  }

  /** A step that sends nothing (expired, suppressed, skipped); idempotent. */
  async record(e: EnrollmentDoc, cadence: CadenceDoc, customer: CustomerDoc | null, status: MessageStatus, reason: string, now: Date): Promise<void> {
    const templateId = cadence.steps[e.currentStep]?.templateId ?? cadence.steps[0]!.templateId;
    await this.insertSending([this.newRow(e, cadence, customer, templateId, 0, now, status, reason)]);
  }

  async finish(outcomes: SendOutcome[], now: Date): Promise<void> {
    if (!outcomes.length) return;
    await this.Message.bulkWrite(
      outcomes.map((o) => ({
        updateOne: {
          filter: { _id: o.row._id, status: 'sending' },
          update: {
            $set: {
              status: o.status,
              subject: o.subject,
              smtpMessageId: o.smtpMessageId,
              reason: o.error,
              sentAt: o.status === 'sent' ? now : null,
              updatedAt: now,
            },
          },
        },
      })),
      { ordered: false },
    );
  }

  /** A row still `sending` when its step comes round again: a crash after (maybe) handing it to SMTP. */
  async markInterrupted(enrollmentId: Types.ObjectId, step: number, now: Date): Promise<void> {
    await this.Message.updateOne({ enrollmentId, step, status: 'sending' }, { $set: { status: 'review', reason: 'interrupted between the SMTP hand-off and the ledger update; not resent', updatedAt: now } });
  }

  forEnrollments(ids: Types.ObjectId[]): Promise<MessageDoc[]> {
    return this.Message.find({ enrollmentId: { $in: ids } }).lean<MessageDoc[]>();
  }

  sentSince(customerIds: Types.ObjectId[], since: Date): Promise<MessageDoc[]> {
    return this.Message.find({ customerId: { $in: customerIds }, sentAt: { $gte: since } }, { customerId: 1, sentAt: 1 }).lean<MessageDoc[]>();
  }
}
