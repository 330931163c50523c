import { Schema, type Connection, type Model, type Types } from 'mongoose';

export interface EventDoc {
  _id: Types.ObjectId;
  /** null once the customer has been erased (the event stays, anonymised, for idempotency and totals). */
  customerId: Types.ObjectId | null;
  type: string;
  occurredAt: Date;
  receivedAt: Date;
  properties: Record<string, unknown>;
  idempotencyKey?: string;
  /** Set while the event is stored but not yet applied to the profile; cleared right after. */
  pending?: boolean;
  /** The profile write that applies this event (its id lands in the customer's recentWrites). */
  writeId?: string;
}

const eventSchema = new Schema<EventDoc>(
  {
    customerId: Schema.Types.ObjectId,
    type: String,
    occurredAt: Date,
    receivedAt: Date,
    properties: Schema.Types.Mixed,
    idempotencyKey: String,
    pending: Boolean,
    writeId: String,
  },
  { collection: 'events', versionKey: false, minimize: false },
);
// idempotency: a repeated key is a duplicate, forever
eventSchema.index({ idempotencyKey: 1 }, { unique: true, sparse: true });
// segment event conditions per customer: find({ customerId: {$in}, type, occurredAt: { $gte } })
eventSchema.index({ customerId: 1, type: 1, occurredAt: -1 });
// the timeline: find({ customerId }).sort({ occurredAt: -1 }); erasure: updateMany({ customerId })
eventSchema.index({ customerId: 1, occurredAt: -1 });
// segment builds over the whole base: aggregate([{ $match: { type, occurredAt } }, { $group: customerId }])
eventSchema.index({ type: 1, occurredAt: -1, customerId: 1 });
// repair of events stored but not applied (crash between the two writes): find({ pending: true, receivedAt: { $lte } })
eventSchema.index({ receivedAt: 1 }, { partialFilterExpression: { pending: true } });

export function eventModel(conn: Connection): Model<EventDoc> {
  return (conn.models.Event as Model<EventDoc> | undefined) ?? conn.model<EventDoc>('Event', eventSchema);
}
