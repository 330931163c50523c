import { Schema, type Connection, type Model, type Types } from 'mongoose';
import type { Counters } from '../sends/index.js';

/**
 * One row per (day the messages were sent, cadence, step): the counters of those messages, kept
 * current incrementally as facts land, rebuilt from the raw ledger by `recompute`. A year of a
 * busy account is a few thousand rows, so any report range is one small aggregation.
 */
export type RollupDoc = Counters & {
  /** `${day}|${cadenceId}|${step}` */
  _id: string;
  /** UTC date of the send, YYYY-MM-DD. */
  day: string;
  segmentId: Types.ObjectId;
  cadenceId: Types.ObjectId;
  step: number;
};

const rollupSchema = new Schema<RollupDoc>({ _id: String, day: String, segmentId: Schema.Types.ObjectId, cadenceId: Schema.Types.ObjectId, step: Number }, { collection: 'report_daily', versionKey: false, strict: false });
// per-segment reports over a range: aggregate([{ $match: { day: { $gte, $lte } } }, { $group: segmentId }])
rollupSchema.index({ day: 1, segmentId: 1 });
// per-segment time series: find({ segmentId, day: { $gte, $lte } })
rollupSchema.index({ segmentId: 1, day: 1 });
// per-cadence report: find({ cadenceId, day: { $gte, $lte } })
rollupSchema.index({ cadenceId: 1, day: 1 });

export function rollupModel(conn: Connection): Model<RollupDoc> {
  return (conn.models.ReportDaily as Model<RollupDoc> | undefined) ?? conn.model<RollupDoc>('ReportDaily', rollupSchema);
}
