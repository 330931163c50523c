/**
 * Reports: open and click rates, unsubscribes, bounces, conversions and revenue per segment, per
 * segment per day and per cadence step, from daily rollups of the send ledger.
 */
export { ReportService, metricsOf, type ReportSubjects } from './report.service.js';
export { reportRouter } from './report.routes.js';
export type { CadenceReport, Metrics, OverviewReport, SegmentReport, SegmentTimeseries, SegmentReportRow, StepReportRow, TimeseriesPoint } from './report.schema.js';
