import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { CustomerCart, CustomerStats, Lifecycle, Rfm, SubscriptionStatus } from './customer.schema.js';

/** The latest occurredAt of one event type. */
export interface LastEvent {
  type: string;
  at: Date;
}

/** A product the customer viewed: the properties templates show, from its latest view. */
export interface RecentView {
  at: Date;
  sku: string | null;
  name: string | null;
  price: number | null;
  currency: string | null;
  imageUrl: string | null;
  url: string | null;
}

/** A customer as stored. Hot paths use the driver collection with this type. */
export interface CustomerDoc {
  _id: Types.ObjectId;
  externalId?: string;
  email: string | null;
  /** Lower-cased email: the case-insensitive unique key. */
  emailKey?: string;
  firstName: string | null;
  lastName: string | null;
  timezone: string;
  locale: string;
  attributes: Record<string, unknown>;
  subscription: { status: SubscriptionStatus; updatedAt: Date | null };
  stats: CustomerStats;
  cart: CustomerCart;
  rfm: Rfm;
  lifecycle: Lifecycle;
  segments: Types.ObjectId[];
  /** The two latest order times, newest first: enough for recency and "reactivated". */
  recentOrders: Date[];
  /** The latest human clicks on tracked emails, newest first (orders are attributed to them). */
  recentClicks?: { messageId: string; at: Date }[];
  /**
   * The latest time of each event type (newest first, bounded): cadence exits at send time read it
   * instead of the events. Absent on a profile written before it existed; `lastEventsIncomplete`
   * when types were dropped. Either way readers fall back to the events.
   */
  lastEvents?: LastEvent[];
  lastEventsIncomplete?: boolean;
  /** The latest distinct products viewed (templates' `recentlyViewed`); absent: ask the events. */
  recentViews?: RecentView[];
  /** Soft bounces in a row (reset by any sign of delivery); three suppress the address. */
  softBounces: number;
  /** When some derived field or segment condition of this customer can next change with time. */
  nextCheckAt: Date | null;
  /**
   * Segment engine state, written in the same conditional write as the change that caused it.
   * `segmentChecks`: per segment id, when its answer for this customer can next change with time
   * (absent until the segment hook first evaluated this customer against every segment).
   */
  segmentChecks?: Record<string, Date>;
  /** Segment entries/exits written with the profile (a single-document outbox), moved out right after. */
  pendingTransitions?: PendingTransition[];
  /** Optimistic concurrency: every profile write is conditional on the revision it read. */
  rev: number;
  /** Ids of the last writes that landed: tells a retried write whether it already applied. */
  recentWrites?: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface PendingTransition {
  _id: Types.ObjectId;
  segmentId: Types.ObjectId;
  kind: 'entered' | 'exited';
  at: Date;
}

const customerSchema = new Schema<CustomerDoc>(
  {
    externalId: String,
    email: String,
    emailKey: String,
    firstName: String,
    lastName: String,
    timezone: String,
    locale: String,
    attributes: Schema.Types.Mixed,
    subscription: Schema.Types.Mixed,
    stats: Schema.Types.Mixed,
    cart: Schema.Types.Mixed,
    rfm: Schema.Types.Mixed,
    lifecycle: String,
    segments: [Schema.Types.ObjectId],
    recentOrders: [Date],
    recentClicks: Schema.Types.Mixed,
    lastEvents: Schema.Types.Mixed,
    lastEventsIncomplete: Boolean,
    recentViews: Schema.Types.Mixed,
    softBounces: Number,
    nextCheckAt: Date,
    segmentChecks: Schema.Types.Mixed,
    pendingTransitions: Schema.Types.Mixed,
    rev: Number,
    recentWrites: [String],
    createdAt: Date,
    updatedAt: Date,
  },
  { collection: 'customers', versionKey: false, minimize: false },
);
// Unique keys are sparse rather than partial: the compatible server ignores partialFilterExpression
// (treating a missing key as null), while sparse means the same on both. Absent keys are never stored.
// upsert and lookup by email (case-insensitive, unique)
customerSchema.index({ emailKey: 1 }, { unique: true, sparse: true });
// upsert and event resolution by externalId (unique when present)
customerSchema.index({ externalId: 1 }, { unique: true, sparse: true });
// the conditional profile write: updateOne({ _id, rev }) in ProfileWriter. MongoDB would use the
// _id index alone; the compatible server uses only unique indexes and would scan the collection
// for every update without this one (it costs one more index key per write on MongoDB).
customerSchema.index({ _id: 1, rev: 1 }, { unique: true });
// the time sweep: find({ nextCheckAt: { $lte: now } }).sort({ nextCheckAt: 1 })
customerSchema.index({ nextCheckAt: 1 }, { partialFilterExpression: { nextCheckAt: { $type: 'date' } } });
// segment member lists: find({ segments: id }).sort({ _id: -1 })
customerSchema.index({ segments: 1, _id: -1 });
// the segment outbox repair: find({ 'pendingTransitions.at': { $lte: now - grace } })
customerSchema.index({ 'pendingTransitions.at': 1 }, { sparse: true });

export function customerModel(conn: Connection): Model<CustomerDoc> {
  return (conn.models.Customer as Model<CustomerDoc> | undefined) ?? conn.model<CustomerDoc>('Customer', customerSchema);
}
