/**
 * Builds: when a segment is created or its rules change it is `building` until this due work has
 * evaluated the whole base (segment.query.ts) and applied the difference: for each customer whose
 * membership or next time-flip changes, one conditional write (on the `rev` the pass read) sets
 * `segments`, `segmentChecks` and `nextCheckAt` and puts the entry or exit in the customer's
 * outbox, as the profile hook would, then the outboxes are moved out. A customer written
 * meanwhile fails the condition and is left alone: that write's hook evaluated the segment on
 * fresher data (a write begun before the segment existed is re-run by the hook once it notices).
 */
import { Types } from 'mongoose';
import { randomBytes } from 'node:crypto';
import type { Collection } from '../../db/driver.js';
import type { Clock, DueWork } from '../../clock.js';
import type { CustomerDoc, PendingTransition, ProfileWriter } from '../customers/index.js';
import { compileSegment, type SegmentCatalog } from './segment.catalog.js';
import { dependentsReason, FULL_EVALUATION } from './segment.hook.js';
import type { SegmentDoc } from './segment.model.js';
import type { BaseEvaluator, ScannedCustomer } from './segment.query.js';
import type { TransitionStore } from './segment.transitions.js';

const LEASE_MS = 10 * 60_000;
const WRITE_BATCH = 500;
const RECENT_WRITES_KEPT = 16;

export class SegmentBuilder {
  constructor(
    private readonly segments: Collection<SegmentDoc>,
    private readonly customers: Collection<CustomerDoc>,
    private readonly base: BaseEvaluator,
    private readonly writer: ProfileWriter,
    private readonly store: TransitionStore,
    private readonly catalog: SegmentCatalog,
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
    const unevaluated: Types.ObjectId[] = [];
    const changed: Types.ObjectId[] = [];
    let batch: ScannedCustomer[] = [];
    if (compiled) {
      const rows = this.base.scan(compiled, now, { alsoInclude: { segments: seg._id }, extraProjection: ['rev', 'nextCheckAt', `segmentChecks.${hex}`] });
      for await (const row of rows) {
        const { doc, member, checkAt } = row;
        // Never evaluated by the hook at all (created a moment ago): the writer evaluates every segment for it.
        if (!doc.segmentChecks) unevaluated.push(doc._id);
        else if (doc.segments.some((s) => s.equals(seg._id)) !== member || doc.segmentChecks[hex]?.getTime() !== checkAt?.getTime()) batch.push(row);
        if (batch.length >= WRITE_BATCH) {
          changed.push(...(await this.apply(seg, batch, now)));
          batch = [];
        }
      }
    }
    changed.push(...(await this.apply(seg, batch, now)));
    for (let i = 0; i < unevaluated.length; i += WRITE_BATCH) await this.writer.mutate(unevaluated.slice(i, i + WRITE_BATCH), () => undefined, FULL_EVALUATION);
    // Segments that name this one (inSegment) follow, through the hook.
    if ((await this.catalog.current()).dependents.get(hex)?.length) {
      for (let i = 0; i < changed.length; i += WRITE_BATCH) await this.writer.mutate(changed.slice(i, i + WRITE_BATCH), () => undefined, dependentsReason(hex));
    }
    await this.finish(seg, now);
  }

  /** One conditional bulk write for a batch of decisions; returns the customers whose membership changed. */
  private async apply(seg: SegmentDoc, rows: ScannedCustomer[], now: Date): Promise<Types.ObjectId[]> {
    if (!rows.length) return [];
    await this.renewLease(seg._id);
    const hex = seg._id.toHexString();
    const writeId = randomBytes(8).toString('hex');
    const outboxes = new Map<string, { customerId: Types.ObjectId; pending: PendingTransition[] }>();
    const ops = rows.map(({ doc, member, checkAt }) => {
      const set: Record<string, unknown> = {};
      const push: Record<string, unknown> = { recentWrites: { $each: [writeId], $slice: -RECENT_WRITES_KEPT } };
      if (doc.segments.some((s) => s.equals(seg._id)) !== member) {
        set.segments = member ? [...doc.segments, seg._id] : doc.segments.filter((s) => !s.equals(seg._id));
        const t: PendingTransition = { _id: new Types.ObjectId(), segmentId: seg._id, kind: member ? 'entered' : 'exited', at: now };
        push.pendingTransitions = t;
        outboxes.set(doc._id.toHexString(), { customerId: doc._id, pending: [t] });
      }
      if (checkAt) {
        set[`segmentChecks.${hex}`] = checkAt;
        if (!doc.nextCheckAt || checkAt.getTime() < doc.nextCheckAt.getTime()) set.nextCheckAt = checkAt;
      }
      const update: Record<string, unknown> = { $set: set, $push: push, $inc: { rev: 1 } };
      if (!checkAt) update.$unset = { [`segmentChecks.${hex}`]: '' };
      return { updateOne: { filter: { _id: doc._id, rev: doc.rev }, update } };
    });
    await this.customers.bulkWrite(ops as never, { ordered: false });
    const written = await this.customers.find({ _id: { $in: rows.map((r) => r.doc._id) } }, { projection: { recentWrites: 1 } }).toArray();
    const landed = written.filter((d) => d.recentWrites?.includes(writeId)).flatMap((d) => outboxes.get(d._id.toHexString()) ?? []);
    await this.store.flush(landed);
    return landed.map((o) => o.customerId);
  }

  /**
   * Ready, unless the rules changed meanwhile (then it builds again). memberCount is not recounted
   * here: every entry and exit, the build's and concurrent writes', is counted once as it is
   * recorded, and a recount would race the writes still moving their outboxes.
   */
  private async finish(seg: SegmentDoc, now: Date): Promise<void> {
    const done = await this.segments.updateOne(
      { _id: seg._id, rulesVersion: seg.rulesVersion, status: 'building' },
      { $set: { status: 'ready', builtAt: now, buildRequestedAt: null, buildLeaseUntil: null } },
    );
    if (!done.matchedCount) await this.segments.updateOne({ _id: seg._id }, { $set: { buildLeaseUntil: null } });
  }
}
