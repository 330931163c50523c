/**
 * Entries and exits, recorded exactly once. The profile hook writes them into the customer's own
 * document (`pendingTransitions`, in the same conditional write as the change: a single-document
 * outbox); `flush` then inserts them here under the ids they were given (a repeat is a duplicate
 * key, ignored), adds them to `memberCount` and the daily history, and clears the outbox. A crash
 * in between leaves the outbox or the `uncounted` flag behind; the repair due work finishes it.
 * The cadence engine consumes them (`pending`), in-process listeners hear them at once.
 */
import type { Types } from 'mongoose';
import type { Collection } from '../../db/driver.js';
import type { DueWork } from '../../clock.js';
import type { CustomerDoc, PendingTransition, TimelineItem } from '../customers/index.js';
import type { SegmentDayDoc, SegmentDoc, TransitionDoc } from './segment.model.js';
import { updateEachById } from '../../db/bulk.js';

export interface Transition {
  _id: Types.ObjectId;
  segmentId: Types.ObjectId;
  customerId: Types.ObjectId;
  kind: 'entered' | 'exited';
  at: Date;
}
export type TransitionListener = (transitions: Transition[]) => void | Promise<void>;

/** How long a transition may sit in an outbox (or uncounted) before the repair takes it. */
export const REPAIR_GRACE_MS = 30_000;
const REPAIR_BATCH = 500;

export const dayOf = (d: Date): string => d.toISOString().slice(0, 10);
const isDuplicateKey = (code: number): boolean => code === 11000;

export class TransitionStore {
  private readonly listeners: TransitionListener[] = [];

  constructor(
    private readonly transitions: Collection<TransitionDoc>,
    private readonly days: Collection<SegmentDayDoc>,
    private readonly segments: Collection<SegmentDoc>,
    private readonly customers: Collection<CustomerDoc>,
  ) {}

  onTransitions(listener: TransitionListener): void {
    this.listeners.push(listener);
  }

  /** Moves these customers' outboxes into segment_transitions (idempotent), counts, clears them. */
  async flush(outboxes: { customerId: Types.ObjectId; pending: PendingTransition[] }[]): Promise<void> {
    const docs: TransitionDoc[] = outboxes.flatMap((o) =>
      o.pending.map((t) => ({ _id: t._id, segmentId: t.segmentId, customerId: o.customerId, kind: t.kind, at: t.at, pending: true as const, uncounted: true as const })),
    );
    if (!docs.length) return;
    const dup = new Set<number>();
    try {
      await this.transitions.insertMany(docs, { ordered: false });
    } catch (err) {
      const writeErrors = (err as { writeErrors?: { index: number; code: number }[] }).writeErrors;
      if (!writeErrors?.length || writeErrors.some((w) => !isDuplicateKey(w.code))) throw err;
      for (const w of writeErrors) dup.add(w.index);
    }
    const inserted = docs.filter((_, i) => !dup.has(i));
    await this.count(inserted);
    await this.customers.bulkWrite(
      outboxes.map((o) => ({ updateOne: { filter: { _id: o.customerId }, update: { $pull: { pendingTransitions: { _id: { $in: o.pending.map((t) => t._id) } } } } as never } })),
      { ordered: false },
    );
    if (inserted.length) for (const l of this.listeners) await l(inserted.map(({ _id, segmentId, customerId, kind, at }) => ({ _id, segmentId, customerId, kind, at })));
  }

  /** Adds newly recorded transitions to memberCount and the daily history, then marks them counted. */
  private async count(docs: TransitionDoc[]): Promise<void> {
    if (!docs.length) return;
    const segmentIds = [...new Map(docs.map((d) => [d.segmentId.toHexString(), d.segmentId])).values()];
    // A segment deleted meanwhile gets no counters (its history is gone with it).
    const live = new Set((await this.segments.find({ _id: { $in: segmentIds } }, { projection: { _id: 1 } }).toArray()).map((s) => s._id.toHexString()));
    const net = new Map<string, number>();
    const perDay = new Map<string, { segmentId: Types.ObjectId; day: string; entered: number; exited: number }>();
    for (const d of docs) {
      const seg = d.segmentId.toHexString();
      if (!live.has(seg)) continue;
      net.set(seg, (net.get(seg) ?? 0) + (d.kind === 'entered' ? 1 : -1));
      const key = `${seg}:${dayOf(d.at)}`;
      const row = perDay.get(key) ?? { segmentId: d.segmentId, day: dayOf(d.at), entered: 0, exited: 0 };
      row[d.kind] += 1;
      perDay.set(key, row);
    }
    if (net.size) {
      await this.segments.bulkWrite(
        [...net].map(([seg, n]) => ({ updateOne: { filter: { _id: segmentIds.find((s) => s.toHexString() === seg)! }, update: { $inc: { memberCount: n } } } })),
        { ordered: false },
      );
      await this.days.bulkWrite(
        [...perDay].map(([key, r]) => ({
          updateOne: { filter: { _id: key }, update: { $inc: { entered: r.entered, exited: r.exited }, $setOnInsert: { segmentId: r.segmentId, day: r.day } }, upsert: true },
        })),
        { ordered: false },
      );
    }
    await updateEachById(this.transitions, docs.map((d) => d._id), { $unset: { uncounted: '' } });
  }

  /** Due work: outboxes and counts a crash left unfinished. */
  repairWork(): DueWork {
    return {
      name: 'segment-outbox-repair',
      nextDueAt: async () => {
        const [outbox, uncounted] = await Promise.all([
          this.customers.find({ 'pendingTransitions.at': { $exists: true } }, { projection: { pendingTransitions: 1 } }).limit(REPAIR_BATCH).toArray(),
          this.transitions.find({ uncounted: true }, { projection: { at: 1 } }).sort({ at: 1 }).limit(1).toArray(),
        ]);
        const times = [...outbox.flatMap((c) => (c.pendingTransitions ?? []).map((t) => t.at.getTime())), ...uncounted.map((t) => t.at.getTime())];
        return times.length ? new Date(Math.min(...times) + REPAIR_GRACE_MS) : null;
      },
      runDue: async (now) => {
        const cutoff = new Date(now.getTime() - REPAIR_GRACE_MS);
        const stuck = await this.customers.find({ 'pendingTransitions.at': { $lte: cutoff } }, { projection: { pendingTransitions: 1 } }).limit(REPAIR_BATCH).toArray();
        await this.flush(stuck.map((c) => ({ customerId: c._id, pending: c.pendingTransitions ?? [] })));
        const uncounted = await this.transitions.find({ uncounted: true, at: { $lte: cutoff } }).limit(REPAIR_BATCH).toArray();
        await this.count(uncounted);
        return stuck.length + uncounted.length;
      },
    };
  }

  async pending(limit: number): Promise<Transition[]> {
    const rows = await this.transitions.find({ pending: true }, { projection: { pending: 0, uncounted: 0 } }).sort({ at: 1, _id: 1 }).limit(limit).toArray();
    return rows.map(({ _id, segmentId, customerId, kind, at }) => ({ _id, segmentId, customerId, kind, at }));
  }

  async earliestPendingAt(): Promise<Date | null> {
    const first = await this.transitions.find({ pending: true }, { projection: { at: 1 } }).sort({ at: 1, _id: 1 }).limit(1).next();
    return first?.at ?? null;
  }

  async markConsumed(ids: Types.ObjectId[]): Promise<void> {
    await updateEachById(this.transitions, ids, { $unset: { pending: '' } });
  }

  async forCustomer(customerId: Types.ObjectId, limit = 0): Promise<(Transition & { segmentName: string | null })[]> {
    const rows = await this.transitions.find({ customerId }).sort({ at: -1 }).limit(limit).toArray();
    const ids = [...new Map(rows.map((r) => [r.segmentId.toHexString(), r.segmentId])).values()];
    const names = new Map((await this.segments.find({ _id: { $in: ids } }, { projection: { name: 1 } }).toArray()).map((s) => [s._id.toHexString(), s.name]));
    return rows.map(({ _id, segmentId, kind, at }) => ({ _id, segmentId, customerId, kind, at, segmentName: names.get(segmentId.toHexString()) ?? null }));
  }

  timelineSource() {
    return async (customerId: Types.ObjectId, limit: number): Promise<TimelineItem[]> =>
      (await this.forCustomer(customerId, limit)).map((t) => ({
        kind: t.kind === 'entered' ? 'segment_entered' : 'segment_exited',
        at: t.at.toISOString(),
        id: t._id.toHexString(),
        segmentId: t.segmentId.toHexString(),
        segmentName: t.segmentName,
      }));
  }

  exportSource() {
    return async (customerId: Types.ObjectId): Promise<unknown[]> =>
      (await this.forCustomer(customerId)).map((t) => ({ segmentId: t.segmentId.toHexString(), segmentName: t.segmentName, kind: t.kind, at: t.at.toISOString() }));
  }

  /** Erasure: the customer leaves every segment (counted as exits today) and their history goes. */
  erasureHook(now: () => Date) {
    return async (customerId: Types.ObjectId): Promise<void> => {
      const doc = await this.customers.findOne({ _id: customerId }, { projection: { segments: 1 } });
      const day = dayOf(now());
      for (const segmentId of doc?.segments ?? []) {
        const res = await this.segments.updateOne({ _id: segmentId }, { $inc: { memberCount: -1 } });
        if (res.matchedCount) {
          await this.days.updateOne({ _id: `${segmentId.toHexString()}:${day}` }, { $inc: { entered: 0, exited: 1 }, $setOnInsert: { segmentId, day } }, { upsert: true });
        }
      }
      await this.transitions.deleteMany({ customerId });
    };
  }

  async removeSegment(segmentId: Types.ObjectId): Promise<void> {
    await this.transitions.deleteMany({ segmentId });
    await this.days.deleteMany({ segmentId });
  }

  /** Net changes per day from `fromDay` on (to work back from the current memberCount). */
  async daysFrom(segmentId: Types.ObjectId, fromDay: string): Promise<SegmentDayDoc[]> {
    return this.days.find({ segmentId, day: { $gte: fromDay } }).sort({ day: 1 }).toArray();
  }
}
