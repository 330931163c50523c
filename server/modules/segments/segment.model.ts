import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { RuleNode } from './rule.schema.js';
import type { SegmentStatus } from './segment.schema.js';

export interface SegmentDoc {
  _id: Types.ObjectId;
  name: string;
  description: string;
  rules: RuleNode;
  status: SegmentStatus;
  /** Kept by the transitions as they are recorded; recounted by each build. */
  memberCount: number;
  /** Bumped by every change of `rules`: a build of older rules does not mark the segment ready. */
  rulesVersion: number;
  /** Set while a build is wanted (status building). */
  buildRequestedAt: Date | null;
  /** A worker's claim on the build; another may take it over once it has passed. */
  buildLeaseUntil: Date | null;
  builtAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One document: bumped on every create, rules change and delete, so every process notices. */
export interface CatalogDoc {
  _id: string;
  version: number;
}

export interface TransitionDoc {
  _id: Types.ObjectId;
  segmentId: Types.ObjectId;
  customerId: Types.ObjectId;
  kind: 'entered' | 'exited';
  at: Date;
  /** Not yet consumed by the cadence engine. */
  pending?: true;
  /** Recorded but not yet added to memberCount and the daily history. */
  uncounted?: true;
}

export interface SegmentDayDoc {
  /** `${segmentId}:${day}`: one upsert target per segment and day. */
  _id: string;
  segmentId: Types.ObjectId;
  /** YYYY-MM-DD (UTC). */
  day: string;
  entered: number;
  exited: number;
}

const segmentSchema = new Schema<SegmentDoc>(
  {
    name: String,
    description: String,
    rules: Schema.Types.Mixed,
    status: String,
    memberCount: Number,
    rulesVersion: Number,
    buildRequestedAt: Date,
    buildLeaseUntil: Date,
    builtAt: Date,
    createdAt: Date,
    updatedAt: Date,
  },
  { collection: 'segments', versionKey: false, minimize: false },
);
// the build queue: find({ status: 'building' }).sort({ buildRequestedAt: 1 })
segmentSchema.index({ status: 1, buildRequestedAt: 1 });

const catalogSchema = new Schema<CatalogDoc>({ _id: String, version: Number }, { collection: 'segment_catalog', versionKey: false });

const transitionSchema = new Schema<TransitionDoc>(
  {
    segmentId: Schema.Types.ObjectId,
    customerId: Schema.Types.ObjectId,
    kind: String,
    at: Date,
    pending: Boolean,
    uncounted: Boolean,
  },
  { collection: 'segment_transitions', versionKey: false },
);
// the customer timeline and export: find({ customerId }).sort({ at: -1 }); erasure: deleteMany({ customerId })
transitionSchema.index({ customerId: 1, at: -1 });
// the cadence engine's feed: find({ pending: true }).sort({ at: 1, _id: 1 })
transitionSchema.index({ pending: 1, at: 1, _id: 1 }, { partialFilterExpression: { pending: true } });
// the counting repair: find({ uncounted: true, at: { $lte } })
transitionSchema.index({ uncounted: 1, at: 1 }, { partialFilterExpression: { uncounted: true } });
// deleting a segment: deleteMany({ segmentId })
transitionSchema.index({ segmentId: 1, at: -1 });

const daySchema = new Schema<SegmentDayDoc>(
  { _id: String, segmentId: Schema.Types.ObjectId, day: String, entered: Number, exited: Number },
  { collection: 'segment_days', versionKey: false },
);
// history: find({ segmentId, day: { $gte: from } }).sort({ day: 1 })
daySchema.index({ segmentId: 1, day: 1 }, { unique: true });

export interface SegmentModels {
  Segment: Model<SegmentDoc>;
  Catalog: Model<CatalogDoc>;
  Transition: Model<TransitionDoc>;
  Day: Model<SegmentDayDoc>;
}

export function segmentModels(conn: Connection): SegmentModels {
  const get = <T>(name: string, schema: Schema<T>): Model<T> => (conn.models[name] as Model<T> | undefined) ?? conn.model<T>(name, schema);
  return {
    Segment: get('Segment', segmentSchema),
    Catalog: get('SegmentCatalog', catalogSchema),
    Transition: get('SegmentTransition', transitionSchema),
    Day: get('SegmentDay', daySchema),
  };
}
