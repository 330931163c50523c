/**
 * Reports per segment, per segment per day, and per cadence step, from the daily rollups. The
 * rollups follow the send ledger's deltas as facts land; `recompute` rebuilds them from the raw rows
 * with the same definition (`countersOf`), so both give identical numbers.
 */
import { Types, type Connection } from 'mongoose';
import type { Clock } from '../../clock.js';
import { DAY_MS } from '../../clock.js';
import type { Collection } from '../../db/driver.js';
import { AppError, notFound } from '../../http/errors.js';
import { cohortOf, counterNames, countersOf, emptyCounters, type Counters, type LedgerDelta, type SendService } from '../sends/index.js';
import { rollupModel, type RollupDoc } from './rollup.model.js';
import { MAX_RANGE_DAYS, type CadenceReport, type Metrics, type OverviewReport, type RangeQuery, type SegmentReport, type SegmentReportRow, type SegmentTimeseries } from './report.schema.js';

/** What reports need to know of segments and cadences (services.ts adapts the modules). */
export interface ReportSubjects {
  segments(): Promise<{ id: string; name: string; memberCount: number }[]>;
  segmentHistory(id: string, from: string, to: string): Promise<{ date: string; members: number }[]>;
  cadence(id: string): Promise<{ id: string; name: string; segmentId: string; steps: number } | null>;
  customers(): Promise<number>;
  activeCadences(): Promise<number>;
}

const DEFAULT_RANGE_DAYS = 30;
const day = (d: Date): string => d.toISOString().slice(0, 10);
const ratio = (a: number, b: number): number => (b > 0 ? Math.round((a / b) * 10_000) / 10_000 : 0);

export function metricsOf(c: Counters): Metrics {
  return {
    sent: c.sent,
    uniqueOpens: c.uniqueOpens,
    uniqueClicks: c.uniqueClicks,
    openRate: ratio(c.uniqueOpens, c.sent),
    clickRate: ratio(c.uniqueClicks, c.sent),
    clickToOpenRate: ratio(c.uniqueClicks, c.uniqueOpens),
    unsubscribes: c.unsubscribes,
    bounces: c.bounces,
    complaints: c.complaints,
    conversions: c.conversions,
    revenue: Math.round(c.revenue * 100) / 100,
    opens: c.opens,
    clicks: c.clicks,
    machineOpens: c.machineOpens,
    machineClicks: c.machineClicks,
    failed: c.failed,
  };
}

function add(into: Counters, from: Partial<Counters>): void {
  for (const n of counterNames) into[n] += from[n] ?? 0;
}

const sumStage = Object.fromEntries(counterNames.map((n) => [n, { $sum: `$${n}` }]));

export class ReportService {
  readonly rollups: Collection<RollupDoc>;

  constructor(
    private readonly conn: Connection,
    private readonly clock: Clock,
    private readonly sends: SendService,
    private readonly subjects: ReportSubjects,
  ) {
    this.rollups = rollupModel(conn).collection as unknown as Collection<RollupDoc>;
    sends.onDelta((deltas) => this.apply(deltas));
  }

  async syncIndexes(): Promise<void> {
    await rollupModel(this.conn).createIndexes();
  }

  /** Adds ledger deltas to their days' rollups (one upserting bulk write). */
  async apply(deltas: LedgerDelta[]): Promise<void> {
    const byKey = new Map<string, { cohort: LedgerDelta['cohort']; counts: Counters }>();
    for (const d of deltas) {
      const key = `${day(d.cohort.sentAt)}|${d.cohort.cadenceId.toHexString()}|${d.cohort.step}`;
      const entry = byKey.get(key) ?? { cohort: d.cohort, counts: emptyCounters() };
      add(entry.counts, d.counts);
      byKey.set(key, entry);
    }
    if (!byKey.size) return;
    await this.rollups.bulkWrite(
      [...byKey].map(([key, { cohort, counts }]) => ({
        updateOne: {
          filter: { _id: key },
          update: { $inc: counts, $setOnInsert: { day: day(cohort.sentAt), segmentId: cohort.segmentId, cadenceId: cohort.cadenceId, step: cohort.step } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }

  /** The range as inclusive UTC days: `to` defaults to today, `from` to 29 days before `to`. */
  range(q: RangeQuery): { from: string; to: string; days: string[] } {
    const to = q.to ?? this.clock.now();
    const from = q.from ?? new Date(to.getTime() - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
    const first = Date.parse(day(from));
    const last = Date.parse(day(to));
    const n = Math.round((last - first) / DAY_MS) + 1;
    if (n > MAX_RANGE_DAYS) throw new AppError('validation_failed', 'The range is too long', [{ path: 'from', message: `at most ${MAX_RANGE_DAYS} days` }]);
    return { from: day(from), to: day(to), days: Array.from({ length: n }, (_, i) => day(new Date(first + i * DAY_MS))) };
  }

  async segments(q: RangeQuery & { daily?: boolean }): Promise<SegmentReport> {
    const { from, to, days } = this.range(q);
    const match = { $match: { day: { $gte: from, $lte: to } } };
    const [segments, sums, perDay] = await Promise.all([
      this.subjects.segments(),
      this.rollups.aggregate<Counters & { _id: Types.ObjectId }>([match, { $group: { _id: '$segmentId', ...sumStage } }]).toArray(),
      q.daily ? this.rollups.aggregate<Counters & { _id: { segmentId: Types.ObjectId; day: string } }>([match, { $group: { _id: { segmentId: '$segmentId', day: '$day' }, ...sumStage } }]).toArray() : [],
    ]);
    const bySegment = new Map(sums.map((s) => [s._id.toHexString(), s]));
    const items: SegmentReportRow[] = segments.map((s) => ({ segmentId: s.id, name: s.name, members: s.memberCount, ...metricsOf(bySegment.get(s.id) ?? emptyCounters()) }));
    if (q.daily) {
      const byKey = new Map(perDay.map((r) => [`${r._id.segmentId.toHexString()}|${r._id.day}`, r]));
      const histories = await Promise.all(segments.map((s) => this.subjects.segmentHistory(s.id, from, to)));
      items.forEach((row, i) => {
        const members = new Map(histories[i]!.map((h) => [h.date, h.members]));
        row.daily = days.map((date) => ({ date, members: members.get(date) ?? 0, ...metricsOf(byKey.get(`${row.segmentId}|${date}`) ?? emptyCounters()) }));
      });
    }
    return { from, to, items };
  }

  /** The dashboard's headline: counts as of now, and every message of the range in total and per day. */
  async overview(q: RangeQuery): Promise<OverviewReport> {
    const { from, to, days } = this.range(q);
    const [customers, segments, activeCadences, rows] = await Promise.all([
      this.subjects.customers(),
      this.subjects.segments(),
      this.subjects.activeCadences(),
      this.rollups.aggregate<Counters & { _id: string }>([{ $match: { day: { $gte: from, $lte: to } } }, { $group: { _id: '$day', ...sumStage } }]).toArray(),
    ]);
    const total = emptyCounters();
    for (const r of rows) add(total, r);
    const byDay = new Map(rows.map((r) => [r._id, r]));
    const points = days.map((date) => ({ date, ...metricsOf(byDay.get(date) ?? emptyCounters()) }));
    return { from, to, customers, segments: segments.length, activeCadences, total: metricsOf(total), points };
  }

  async segmentTimeseries(segmentId: string, q: RangeQuery): Promise<SegmentTimeseries> {
    const segment = (await this.subjects.segments()).find((s) => s.id === segmentId);
    if (!segment) throw notFound('Segment');
    const { from, to, days } = this.range(q);
    const [rows, history] = await Promise.all([
      this.rollups.aggregate<Counters & { _id: string }>([{ $match: { segmentId: new Types.ObjectId(segmentId), day: { $gte: from, $lte: to } } }, { $group: { _id: '$day', ...sumStage } }]).toArray(),
      this.subjects.segmentHistory(segmentId, from, to),
    ]);
    const byDay = new Map(rows.map((r) => [r._id, r]));
    const members = new Map(history.map((h) => [h.date, h.members]));
    const points = days.map((date) => ({ date, members: members.get(date) ?? 0, ...metricsOf(byDay.get(date) ?? emptyCounters()) }));
    return { segmentId, name: segment.name, interval: 'day', from, to, points };
  }

  async cadence(cadenceId: string, q: RangeQuery): Promise<CadenceReport> {
    const cadence = await this.subjects.cadence(cadenceId);
    if (!cadence) throw notFound('Cadence');
    const { from, to } = q.from || q.to ? this.range(q) : { from: '0000-01-01', to: '9999-12-31' };
    const rows = await this.rollups
      .aggregate<Counters & { _id: number }>([{ $match: { cadenceId: new Types.ObjectId(cadenceId), day: { $gte: from, $lte: to } } }, { $group: { _id: '$step', ...sumStage } }])
      .toArray();
    const total = emptyCounters();
    for (const r of rows) add(total, r);
    const steps = Array.from({ length: Math.max(cadence.steps, ...rows.map((r) => r._id + 1)) }, (_, step) => ({ step, ...metricsOf(rows.find((r) => r._id === step) ?? emptyCounters()) }));
    return { cadenceId, name: cadence.name, segmentId: cadence.segmentId, from, to, steps, total: metricsOf(total) };
  }

  /** Rebuilds every rollup from the raw ledger (streamed), then replaces the rollups with it. */
  async recompute(): Promise<{ rows: number; messages: number }> {
    const built = new Map<string, RollupDoc>();
    let messages = 0;
    for await (const m of this.sends.collection.find({})) {
      messages++;
      const cohort = cohortOf(m);
      const key = `${day(cohort.sentAt)}|${cohort.cadenceId.toHexString()}|${cohort.step}`;
      const row = built.get(key) ?? { _id: key, day: day(cohort.sentAt), segmentId: cohort.segmentId, cadenceId: cohort.cadenceId, step: cohort.step, ...emptyCounters() };
      add(row, countersOf(m));
      built.set(key, row);
    }
    await this.rollups.deleteMany({});
    const docs = [...built.values()];
    for (let i = 0; i < docs.length; i += 1000) await this.rollups.insertMany(docs.slice(i, i + 1000), { ordered: false });
    return { rows: docs.length, messages };
  }
}
