import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { MessageStatus } from './message.schema.js';

/**
 * One row per (enrollment, step): the at-most-once key of a cadence send, and the raw facts every
 * report is computed from (engagement, unsubscribe, bounce, conversions), so rollups can be rebuilt.
 */
export interface MessageDoc {
  _id: Types.ObjectId;
  enrollmentId: Types.ObjectId;
  cadenceId: Types.ObjectId;
  segmentId: Types.ObjectId;
  /** null once the customer has been erased (the row stays, anonymised, for the numbers). */
  customerId: Types.ObjectId | null;
  step: number;
  templateId: Types.ObjectId;
  templateVersion: number;
  to: string | null;
  subject: string | null;
  status: MessageStatus;
  reason: string | null;
  smtpMessageId: string | null;
  /** Targets of links whose href is per recipient (link index -> URL); static ones are in the template version. */
  dynamicLinks?: Record<string, string>;
  sentAt: Date | null;
  /** First human open / click (a human click implies an open). */
  openedAt: Date | null;
  clickedAt: Date | null;
  opens: number;
  clicks: number;
  machineOpens: number;
  machineClicks: number;
  unsubscribedAt: Date | null;
  bouncedAt: Date | null;
  complainedAt: Date | null;
  /** Orders attributed to this message (last click within 5 days before the order). */
  conversions: number;
  revenue: number;
  /** When a person resolved a `review` row (POST /messages/:id/resolve); absent otherwise. */
  resolvedAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const messageSchema = new Schema<MessageDoc>(
  {
    enrollmentId: Schema.Types.ObjectId,
    cadenceId: Schema.Types.ObjectId,
    segmentId: Schema.Types.ObjectId,
    customerId: Schema.Types.ObjectId,
    step: Number,
    templateId: Schema.Types.ObjectId,
    templateVersion: Number,
    to: String,
    subject: String,
    status: String,
    reason: String,
    smtpMessageId: String,
    dynamicLinks: Schema.Types.Mixed,
    sentAt: Date,
    openedAt: Date,
    clickedAt: Date,
    opens: Number,
    clicks: Number,
    machineOpens: Number,
    machineClicks: Number,
    unsubscribedAt: Date,
    bouncedAt: Date,
    complainedAt: Date,
    conversions: Number,
    revenue: Number,
    resolvedAt: Date,
    createdAt: Date,
    updatedAt: Date,
  },
  { collection: 'messages', versionKey: false, minimize: false },
);
// at most once: the ledger row for (enrollment, step) is written before the SMTP call
messageSchema.index({ enrollmentId: 1, step: 1 }, { unique: true });
// frequency caps, conversion attribution and the timeline: find({ customerId, sentAt | clickedAt | createdAt })
messageSchema.index({ customerId: 1, sentAt: -1 });
// conversion attribution: find({ customerId: { $in }, clickedAt: { $gte } })
messageSchema.index({ customerId: 1, clickedAt: -1 });
// the ledger list of a cadence and per-step counts: find({ cadenceId }), aggregate by step and status
messageSchema.index({ cadenceId: 1, step: 1, status: 1 });
// the ledger filtered by segment: find({ segmentId }).sort({ _id: -1 })
messageSchema.index({ segmentId: 1, _id: -1 });
// bounces and complaints that name the SMTP Message-ID: find({ smtpMessageId: { $in } })
messageSchema.index({ smtpMessageId: 1 }, { sparse: true });
// rollup recompute over a range of sends: find({ sentAt: { $gte, $lt } })
messageSchema.index({ sentAt: 1 });

export function messageModel(conn: Connection): Model<MessageDoc> {
  return (conn.models.Message as Model<MessageDoc> | undefined) ?? conn.model<MessageDoc>('Message', messageSchema);
}
