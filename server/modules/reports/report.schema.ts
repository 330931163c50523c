/** Reports (contract section 9): the query every report takes, and the metrics it returns. */
import { z } from 'zod';
import { isoDateSchema } from '../../lib/schemas.js';

export const MAX_RANGE_DAYS = 3 * 366;

const rangeShape = {
  from: isoDateSchema.optional(),
  to: isoDateSchema.optional(),
  interval: z.literal('day', { error: 'only "day" is supported' }).default('day'),
};
const fromNotAfterTo = (q: { from?: Date; to?: Date }): boolean => !q.from || !q.to || q.from.getTime() <= q.to.getTime();
const fromNotAfterToError = { path: ['from'], message: 'must not be after to' };

export const rangeSchema = z.object(rangeShape).refine(fromNotAfterTo, fromNotAfterToError);
/** `GET /reports/segments`: `daily=true` adds each segment's days (for sparklines) to its row. */
export const segmentsReportQuerySchema = z.object({ ...rangeShape, daily: z.stringbool({ error: 'must be true or false' }).default(false) }).refine(fromNotAfterTo, fromNotAfterToError);
export type RangeQuery = z.infer<typeof rangeSchema>;
export type SegmentsReportQuery = z.infer<typeof segmentsReportQuerySchema>;

export interface Metrics {
  sent: number;
  uniqueOpens: number;
  uniqueClicks: number;
  openRate: number;
  clickRate: number;
  clickToOpenRate: number;
  unsubscribes: number;
  bounces: number;
  complaints: number;
  conversions: number;
  revenue: number;
  opens: number;
  clicks: number;
  machineOpens: number;
  machineClicks: number;
  failed: number;
}

export interface SegmentReportRow extends Metrics {
  segmentId: string;
  name: string;
  members: number;
  /** With `daily=true`: the segment's days in the range, as the timeseries gives them. */
  daily?: TimeseriesPoint[];
}

export interface TimeseriesPoint extends Metrics {
  date: string;
  members: number;
}

export interface StepReportRow extends Metrics {
  step: number;
}

/** `GET /reports/segments`: every segment's figures over the range (days, inclusive, UTC). */
export interface SegmentReport {
  from: string;
  to: string;
  items: SegmentReportRow[];
}

/** `GET /reports/segments/:id/timeseries`. */
export interface SegmentTimeseries {
  segmentId: string;
  name: string;
  interval: 'day';
  from: string;
  to: string;
  points: TimeseriesPoint[];
}

/** `GET /reports/cadences/:id`: per step, and in total. */
export interface CadenceReport {
  cadenceId: string;
  name: string;
  segmentId: string;
  from: string;
  to: string;
  steps: StepReportRow[];
  total: Metrics;
}

/**
 * `GET /reports/overview`: the headline of the dashboard. `total` and `points` cover every message
 * sent in the range (also those of segments deleted since); the counts are as of now.
 */
export interface OverviewReport {
  from: string;
  to: string;
  customers: number;
  segments: number;
  activeCadences: number;
  total: Metrics;
  points: (Metrics & { date: string })[];
}
