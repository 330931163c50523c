import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { CadenceStatus, EnrollmentStatus, Step } from './cadence.schema.js';

export interface CadenceDoc {
  _id: Types.ObjectId;
  name: string;
  segmentId: Types.ObjectId;
  steps: Step[];
  exitOn: { leftSegment: boolean; events: string[] };
  reentry: { mode: 'never' } | { mode: 'after'; after: string };
  quietHours?: { start: string; end: string } | null;
  frequencyCap?: { max: number; per: string } | null;
  status: CadenceStatus;
  /** Bumped by every edit; enrollments in flight follow the current steps (see README). */
  version: number;
  activatedAt: Date | null;
  /** Enrolling the members a segment already had at activation, in batches by customer id. */
  backfill: { afterId: Types.ObjectId | null; at: Date } | null;
  /** Per step index: how often a send was held back by the frequency cap. */
  delayedCounts?: Record<string, number>;
  createdAt: Date;
  updatedAt: Date;
}

export interface EnrollmentDoc {
  _id: Types.ObjectId;
  cadenceId: Types.ObjectId;
  customerId: Types.ObjectId;
  segmentId: Types.ObjectId;
  /** 1 for the first enrollment of this customer in this cadence, 2 after a re-entry, ... */
  cycle: number;
  status: EnrollmentStatus;
  exitReason: string | null;
  /** The index of the next step to process. */
  currentStep: number;
  /** When the next step is due (null once finished). Claimed when due. */
  nextStepAt: Date | null;
  enrolledAt: Date;
  completedAt: Date | null;
  /** A worker's claim: while `claimUntil` is in the future, only `claimBy` processes it. */
  claimBy: string | null;
  claimUntil: Date | null;
  /** How often a step was pushed back by the frequency cap. */
  delayedCount: number;
  lastDelayReason: string | null;
  /** Set while the cadence is paused: the step stays due but is not claimed. */
  held?: boolean;
}

const cadenceSchema = new Schema<CadenceDoc>(
  {
    name: String,
    segmentId: Schema.Types.ObjectId,
    steps: Schema.Types.Mixed,
    exitOn: Schema.Types.Mixed,
    reentry: Schema.Types.Mixed,
    quietHours: Schema.Types.Mixed,
    frequencyCap: Schema.Types.Mixed,
    status: String,
    version: Number,
    activatedAt: Date,
    backfill: Schema.Types.Mixed,
    delayedCounts: Schema.Types.Mixed,
    createdAt: Date,
    updatedAt: Date,
  },
  { collection: 'cadences', versionKey: false, minimize: false },
);
// enrollment on segment entry and the delete guard: find({ segmentId, status: 'active' })
cadenceSchema.index({ segmentId: 1, status: 1 });

const enrollmentSchema = new Schema<EnrollmentDoc>(
  {
    cadenceId: Schema.Types.ObjectId,
    customerId: Schema.Types.ObjectId,
    segmentId: Schema.Types.ObjectId,
    cycle: Number,
    status: String,
    exitReason: String,
    currentStep: Number,
    nextStepAt: Date,
    enrolledAt: Date,
    completedAt: Date,
    claimBy: String,
    claimUntil: Date,
    delayedCount: Number,
    lastDelayReason: String,
    held: Boolean,
  },
  { collection: 'enrollments', versionKey: false, minimize: false },
);
// one enrollment per customer, cadence and cycle: a repeated entry (retry, second worker) is a no-op
enrollmentSchema.index({ cadenceId: 1, customerId: 1, cycle: 1 }, { unique: true });
// claiming due steps: find({ status: 'active', nextStepAt: { $lte: now } }).sort({ nextStepAt: 1 })
enrollmentSchema.index({ status: 1, nextStepAt: 1 });
// exits for one customer (left segment, exit events, unsubscribe): find({ customerId, status: 'active' })
enrollmentSchema.index({ customerId: 1, status: 1 });
// the enrollments list of a cadence: find({ cadenceId, status }).sort({ _id: -1 })
enrollmentSchema.index({ cadenceId: 1, status: 1, _id: -1 });

export interface CadenceModels {
  Cadence: Model<CadenceDoc>;
  Enrollment: Model<EnrollmentDoc>;
}

export function cadenceModels(conn: Connection): CadenceModels {
  return {
    Cadence: (conn.models.Cadence as Model<CadenceDoc>) ?? conn.model<CadenceDoc>('Cadence', cadenceSchema),
    Enrollment: (conn.models.Enrollment as Model<EnrollmentDoc>) ?? conn.model<EnrollmentDoc>('Enrollment', enrollmentSchema),
  };
}
