/** Reports (contract section 9): the query every report takes, and the metrics it returns. */
import { z } from 'zod';
import { isoDateSchema } from '../../lib/schemas.js';

export const MAX_RANGE_DAYS = 3 * 366;

export const rangeSchema = z
  .object({
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    interval: z.literal('day', { error: 'only "day" is supported' }).default('day'),
  })
  .refine((q) => !q.from || !q.to || q.from.getTime() <= q.to.getTime(), { path: ['from'], message: 'must not be after to' });
export type RangeQuery = z.infer<typeof rangeSchema>;

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
}

export interface TimeseriesPoint extends Metrics {
  date: string;
  members: number;
}

export interface StepReportRow extends Metrics {
  step: number;
}
