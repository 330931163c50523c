/**
 * Builds: when a segment is created or its rules change it is `building` until this due work has
 * evaluated the whole base (segment.query.ts) and applied the difference. Customers whose
 * membership changes go through the ProfileWriter (reason `segment-build:<id>`): the segment hook
 * re-evaluates them on fresh data in the conditional write and records the entries and exits,
 * so a profile write racing the build is never overwritten with a stale answer. Customers who
 * stay as they are but can flip with time get their check time in one conditional bulk write.
 */
import type { Types } from 'mongoose';
import type { Collection } from '../../db/driver.js';
import type { Clock, DueWork } from '../../clock.js';
import type { CustomerDoc, ProfileWriter } from '../customers/index.js';
import { compileSegment } from './segment.catalog.js';
import { buildReason } from './segment.hook.js';
import type { SegmentDoc } from './segment.model.js';
import type { BaseEvaluator } from './segment.query.js';

const LEASE_MS = 10 * 60_000;
const WRITE_BATCH = 500;

interface CheckUpdate {
  _id: Types.ObjectId;
  rev: number;
  at: Date;
  nextCheckAt: Date | null;
}

export class SegmentBuilder {
  constructor(
    private readonly segments: Collection<SegmentDoc>,
    private readonly customers: Collection<CustomerDoc>,
    private readonly base: BaseEvaluator,
    private readonly writer: ProfileWriter,
    private readonly clock: Clock,
  ) {}

  work(): DueWork {
    return {
      name: 'segment-builds',
      nextDueAt: async () => {
        const rows = await this.segments.find({ status: 'building' }, { projection: { buildRequestedAt: 1, buildLeaseUntil: 1 } }).toArray();
        const times = rows.map((r) => Math.max(r.buildRequestedAt?.getTime() ?? 0, r.buildLeaseUntil?.getTime() ?? 0));
        return times.length ? new Date(Math.min(...times)) : null;
      },
      runDue: async (now) => {
        const seg = await this.claim(now);
        if (!seg) return 0;
        await this.build(seg);
        return 1;
      },
    };
  }

  /** One worker at a time per segment: a lease, taken over only once it has run out. */
  private async claim(now: Date): Promise<SegmentDoc | null> {
    return this.segments.findOneAndUpdate(
      { status: 'building', buildRequestedAt: { $lte: now }, $or: [{ buildLeaseUntil: null }, { buildLeaseUntil: { $lte: now } }] },
      { $set: { buildLeaseUntil: new Date(now.getTime() + LEASE_MS) } },
      { sort: { buildRequestedAt: 1 }, returnDocument: 'after' },
    );
  }

  private async renewLease(id: Types.ObjectId): Promise<void> {
    await this.segments.updateOne({ _id: id }, { $set: { buildLeaseUntil: new Date(this.clock.now().getTime() + LEASE_MS) } });
  }

  async build(seg: SegmentDoc): Promise<void> {
    const compiled = compileSegment(seg._id, seg.rules);
    const now = this.clock.now();
    const hex = seg._id.toHexString();
    const rewrite: Types.ObjectId[] = [];
    const checks: CheckUpdate[] = [];
    if (compiled) {
      const rows = this.base.scan(compiled, now, { alsoInclude: { segments: seg._id }, extraProjection: ['rev', 'nextCheckAt', `segmentChecks.${hex}`] });
      for await (const { doc, member, checkAt } of rows) {
        const wasMember = doc.segments.some((s) => s.equals(seg._id));
        // Not yet evaluated by the hook at all: the writer evaluates every segment for it.
        if (wasMember !== member || !doc.segmentChecks) rewrite.push(doc._id);
        else if (checkAt && doc.segmentChecks[hex]?.getTime() !== checkAt.getTime()) checks.push({ _id: doc._id, rev: doc.rev, at: checkAt, nextCheckAt: doc.nextCheckAt });
      }
    }
    for (let i = 0; i < rewrite.length; i += WRITE_BATCH) {
      await this.renewLease(seg._id);
      await this.writer.mutate(rewrite.slice(i, i + WRITE_BATCH), () => undefined, buildReason(hex));
    }
    for (let i = 0; i < checks.length; i += WRITE_BATCH) {
      await this.renewLease(seg._id);
      await this.writeChecks(hex, checks.slice(i, i + WRITE_BATCH));
    }
    await this.finish(seg, now);
  }

  /** Check times in one conditional bulk write; a customer changed meanwhile goes through the writer. */
  private async writeChecks(hex: string, batch: CheckUpdate[]): Promise<void> {
    await this.customers.bulkWrite(
      batch.map((c) => ({
        updateOne: {
          filter: { _id: c._id, rev: c.rev },
          update: { $set: { [`segmentChecks.${hex}`]: c.at, nextCheckAt: c.nextCheckAt && c.nextCheckAt.getTime() < c.at.getTime() ? c.nextCheckAt : c.at }, $inc: { rev: 1 } },
        },
      })) as never,
      { ordered: false },
    );
    const now = await this.customers.find({ _id: { $in: batch.map((c) => c._id) } }, { projection: { rev: 1 } }).toArray();
    const revs = new Map(now.map((d) => [d._id.toHexString(), d.rev]));
    const missed = batch.filter((c) => revs.has(c._id.toHexString()) && revs.get(c._id.toHexString()) !== c.rev + 1).map((c) => c._id);
    if (missed.length) await this.writer.mutate(missed, () => undefined, buildReason(hex));
  }

  /** Ready, with an exact recount, unless the rules changed meanwhile (then it builds again). */
  private async finish(seg: SegmentDoc, now: Date): Promise<void> {
    const memberCount = await this.customers.countDocuments({ segments: seg._id });
    const done = await this.segments.updateOne(
      { _id: seg._id, rulesVersion: seg.rulesVersion, status: 'building' },
      { $set: { status: 'ready', builtAt: now, memberCount, buildRequestedAt: null, buildLeaseUntil: null } },
    );
    if (!done.matchedCount) await this.segments.updateOne({ _id: seg._id }, { $set: { buildLeaseUntil: null } });
  }
}
