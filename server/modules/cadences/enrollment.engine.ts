/**
 * Enrollment: consumes the segment engine's pending entry/exit transitions (one consumer at a time
 * holds a lease kept in MongoDB, so order is kept and any process may do it), enrolls on
 * entry per the re-entry rules, exits on leaving; and enrolls a segment's existing members when a
 * cadence is activated (`backfill`, in batches by customer id). Unique (cadence, customer, cycle)
 * keys make every enrollment idempotent.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { Clock, DueWork } from '../../clock.js';
import { durationMs } from '../../clock.js';
import type { Collection } from '../../db/driver.js';
import type { CustomerService } from '../customers/index.js';
import type { CadenceCache } from './cadence.cache.js';
import type { CadenceDoc, CadenceModels, EnrollmentDoc } from './cadence.model.js';
import type { SegmentPort, Transition } from './ports.js';

const BATCH = 500;
const LEASE_MS = 60_000;
const LEASE_ID = 'cadence-enrollments';

/** The consumer's lease; pending flags, not a position, say what is left (rows from other processes may land late). */
interface LeaseDoc {
  _id: string;
  leaseBy: string | null;
  leaseUntil: Date | null;
}

const isDup = (err: unknown): boolean => ((err as { writeErrors?: { code: number }[] }).writeErrors ?? []).every((e) => e.code === 11000) && !!(err as { writeErrors?: unknown[] }).writeErrors?.length;

export class EnrollmentEngine {
  private readonly leases: Collection<LeaseDoc>;

  constructor(
    private readonly models: CadenceModels,
    private readonly cache: CadenceCache,
    private readonly segments: SegmentPort,
    private readonly customers: CustomerService,
    private readonly clock: Clock,
  ) {
    this.leases = models.Cadence.db.collection<LeaseDoc>('leases') as unknown as Collection<LeaseDoc>;
  }

  /** Creates enrollments (idempotently) for customers entering at `at`; returns how many were new. */
  async enroll(cadence: CadenceDoc, customerIds: Types.ObjectId[], at: Date): Promise<number> {
    if (!customerIds.length) return 0;
    const previous = await this.models.Enrollment.find({ cadenceId: cadence._id, customerId: { $in: customerIds } }, { customerId: 1, cycle: 1, status: 1, completedAt: 1 }).lean<EnrollmentDoc[]>();
    const last = new Map<string, EnrollmentDoc>();
    for (const e of previous) {
      const k = e.customerId.toHexString();
      if (!last.has(k) || last.get(k)!.cycle < e.cycle) last.set(k, e);
    }
    const firstDelay = durationMs(cadence.steps[0]!.delay);
    const docs: Omit<EnrollmentDoc, '_id'>[] = [];
    for (const customerId of customerIds) {
      const prev = last.get(customerId.toHexString());
      const cycle = this.nextCycle(cadence, prev, at);
      if (cycle === null) continue;
      docs.push({
        cadenceId: cadence._id,
        customerId,
        segmentId: cadence.segmentId,
        cycle,
        status: 'active',
        exitReason: null,
        currentStep: 0,
        nextStepAt: new Date(at.getTime() + firstDelay),
        enrolledAt: at,
        completedAt: null,
        claimBy: null,
        claimUntil: null,
        delayedCount: 0,
        lastDelayReason: null,
      });
    }
    if (!docs.length) return 0;
    try {
      const res = await this.models.Enrollment.collection.insertMany(docs as never[], { ordered: false });
      return res.insertedCount;
    } catch (err) {
      if (!isDup(err)) throw err;
      return (err as { result?: { insertedCount?: number } }).result?.insertedCount ?? 0;
    }
  }

  /** The cycle a new entry starts, or null when the re-entry rules keep the customer out. */
  private nextCycle(cadence: CadenceDoc, prev: EnrollmentDoc | undefined, at: Date): number | null {
    if (!prev) return 1;
    if (prev.status === 'active') return null;
    if (cadence.reentry.mode === 'never') return null;
    const endedAt = prev.completedAt ?? at;
    return at.getTime() >= endedAt.getTime() + durationMs(cadence.reentry.after) ? prev.cycle + 1 : null;
  }

  /** Ends the active enrollments of these customers in these cadences. */
  async exit(cadenceIds: Types.ObjectId[], customerIds: Types.ObjectId[], reason: string, at: Date): Promise<number> {
    if (!cadenceIds.length || !customerIds.length) return 0;
    const res = await this.models.Enrollment.updateMany(
      { customerId: { $in: customerIds }, cadenceId: { $in: cadenceIds }, status: 'active' },
      { $set: { status: 'exited', exitReason: reason, nextStepAt: null, completedAt: at, claimBy: null, claimUntil: null } },
    );
    return res.modifiedCount;
  }

  /** Ends every active enrollment of these customers (unsubscribed, bounced, complained, erased). */
  async exitAll(customerIds: Types.ObjectId[], reason: string, at: Date): Promise<void> {
    if (!customerIds.length) return;
    await this.models.Enrollment.updateMany(
      { customerId: { $in: customerIds }, status: 'active' },
      { $set: { status: 'exited', exitReason: reason, nextStepAt: null, completedAt: at, claimBy: null, claimUntil: null } },
    );
  }

  transitionsWork(): DueWork {
    return {
      name: 'cadence-enrollments',
      nextDueAt: () => this.segments.earliestPendingTransitionAt(),
      runDue: (now) => this.consumeTransitions(now),
    };
  }

  private async lease(now: Date, token: string): Promise<LeaseDoc | null> {
    await this.leases.updateOne({ _id: LEASE_ID }, { $setOnInsert: { leaseBy: null, leaseUntil: null } }, { upsert: true });
    return this.leases.findOneAndUpdate(
      { _id: LEASE_ID, $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }, { leaseBy: token }] },
      { $set: { leaseBy: token, leaseUntil: new Date(now.getTime() + LEASE_MS) } },
      { returnDocument: 'after' },
    );
  }

  private async consumeTransitions(now: Date): Promise<number> {
    const token = randomBytes(6).toString('hex');
    if (!(await this.lease(now, token))) return 0;
    try {
      const batch = (await this.segments.pendingTransitions(BATCH)).filter((t) => t.at.getTime() <= now.getTime());
      if (!batch.length) return 0;
      for (const run of runsOfOneKind(batch)) await this.applyRun(run);
      await this.segments.markTransitionsConsumed(batch.map((t) => t._id));
      return batch.length;
    } finally {
      await this.leases.updateOne({ _id: LEASE_ID, leaseBy: token }, { $set: { leaseBy: null, leaseUntil: null } });
    }
  }

  private async applyRun(run: Transition[]): Promise<void> {
    const cadences = await this.cache.activeForSegments([...new Map(run.map((t) => [t.segmentId.toHexString(), t.segmentId])).values()]);
    for (const cadence of cadences) {
      const mine = run.filter((t) => t.segmentId.equals(cadence.segmentId));
      if (!mine.length) continue;
      if (run[0]!.kind === 'entered') {
        // Entries before activation belong to the backfill (or to nobody, without enrollExisting).
        const after = mine.filter((t) => cadence.activatedAt && t.at.getTime() >= cadence.activatedAt.getTime());
        for (const [at, ids] of groupByTime(after)) await this.enroll(cadence, ids, at);
      } else if (cadence.exitOn.leftSegment) {
        for (const [at, ids] of groupByTime(mine)) await this.exit([cadence._id], ids, 'left_segment', at);
      }
    }
  }

  backfillWork(): DueWork {
    return {
      name: 'cadence-backfill',
      nextDueAt: async () => {
        const next = await this.models.Cadence.findOne({ backfill: { $ne: null }, status: 'active' }, { backfill: 1 }).sort({ 'backfill.at': 1 }).lean<CadenceDoc>();
        return next?.backfill?.at ?? null;
      },
      runDue: async (now) => {
        const cadence = await this.models.Cadence.findOne({ backfill: { $ne: null }, status: 'active', 'backfill.at': { $lte: now } }).lean<CadenceDoc>();
        if (!cadence?.backfill) return 0;
        const filter: Record<string, unknown> = { segments: cadence.segmentId };
        if (cadence.backfill.afterId) filter._id = { $gt: cadence.backfill.afterId };
        const members = await this.customers.collection.find(filter, { projection: { _id: 1 } }).sort({ _id: 1 }).limit(BATCH).toArray();
        await this.enroll(cadence, members.map((m) => m._id), cadence.backfill.at);
        const done = members.length < BATCH;
        await this.models.Cadence.updateOne(
          { _id: cadence._id },
          { $set: { backfill: done ? null : { afterId: members[members.length - 1]!._id, at: cadence.backfill.at } } },
        );
        this.cache.invalidate();
        return Math.max(members.length, 1);
      },
    };
  }
}

/** Splits transitions into consecutive runs of the same kind, so order is kept between kinds. */
function runsOfOneKind(ts: Transition[]): Transition[][] {
  const runs: Transition[][] = [];
  for (const t of ts) {
    const last = runs[runs.length - 1];
    if (last && last[0]!.kind === t.kind) last.push(t);
    else runs.push([t]);
  }
  return runs;
}

function groupByTime(ts: Transition[]): Map<Date, Types.ObjectId[]> {
  const byMs = new Map<number, { at: Date; ids: Types.ObjectId[] }>();
  for (const t of ts) {
    const g = byMs.get(t.at.getTime()) ?? { at: t.at, ids: [] };
    g.ids.push(t.customerId);
    byMs.set(t.at.getTime(), g);
  }
  return new Map([...byMs.values()].map((g) => [g.at, g.ids]));
}
