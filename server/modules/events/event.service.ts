/**
 * Event ingestion: validate each event on its own, resolve (or create) the customers, store the
 * batch with one insertMany (idempotency keys are unique, forever), then apply it to the profiles
 * with one conditional bulk write. Events are stored `pending` until their profile write lands;
 * a repair pass applies any left pending by a crash, exactly once (see ProfileWriter).
 */
import { randomBytes } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import type { Collection } from '../../db/driver.js';
import type { Clock, DueWork } from '../../clock.js';
import type { CustomerDoc, CustomerService, ProfileEvent } from '../customers/index.js';
import { applyEvent } from '../customers/index.js';
import { eventModel, type EventDoc } from './event.model.js';
import { eventBatchSchema, eventInputSchema, type EventInput, type EventTimelineItem, type IngestResult } from './event.schema.js';
import { updateEachById } from '../../db/bulk.js';

const FUTURE_TOLERANCE_MS = 24 * 3_600_000;
const REPAIR_GRACE_MS = 30_000;

/** An event the system itself records (a send, an open): the customer is known. */
export interface SystemEvent {
  customerId: Types.ObjectId;
  type: string;
  occurredAt: Date;
  properties: Record<string, unknown>;
  idempotencyKey?: string;
}

function describe(err: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return err.issues.map((i) => `${i.path.map(String).join('.') || 'event'}: ${i.message}`).join('; ');
}

export class EventService {
  readonly collection: Collection<EventDoc>;

  constructor(
    private readonly conn: Connection,
    private readonly clock: Clock,
    private readonly customers: CustomerService,
  ) {
    this.collection = eventModel(conn).collection as unknown as Collection<EventDoc>;
  }

  async syncIndexes(): Promise<void> {
    await eventModel(this.conn).createIndexes();
  }

  /** The body of POST /events: one event, or `{ events: [...] }`. */
  async ingest(body: unknown): Promise<IngestResult> {
    const isBatch = !!body && typeof body === 'object' && !Array.isArray(body) && 'events' in body;
    const items = isBatch ? eventBatchSchema.parse(body).events : [body];
    const now = this.clock.now();
    const rejected: IngestResult['rejected'] = [];
    const valid: { index: number; e: EventInput }[] = [];
    items.forEach((raw, index) => {
      const r = eventInputSchema.safeParse(raw);
      if (!r.success) rejected.push({ index, error: describe(r.error) });
      else if (r.data.occurredAt && r.data.occurredAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) rejected.push({ index, error: 'occurredAt: more than 24 hours in the future' });
      else valid.push({ index, e: r.data });
    });
    const ids = await this.customers.resolveIdentities(valid.map((v) => v.e));
    const docs: { index: number; doc: EventDoc }[] = [];
    for (const { index, e } of valid) {
      const key = e.customerId ? `id:${e.customerId}` : e.externalId ? `ext:${e.externalId}` : `email:${e.email!.toLowerCase()}`;
      const customer = ids.get(key);
      if (!customer) {
        rejected.push({ index, error: 'customerId: no customer has this id' });
        continue;
      }
      docs.push({ index, doc: this.toDoc({ customerId: customer._id, type: e.type, occurredAt: e.occurredAt ?? now, properties: e.properties ?? {}, idempotencyKey: e.idempotencyKey ?? defaultKey(e) }, now) });
    }
    const { stored, duplicates } = await this.store(docs.map((d) => d.doc));
    await this.apply(stored, [...ids.values()]);
    rejected.sort((a, b) => a.index - b.index);
    return { accepted: stored.length, duplicates, rejected };
  }

  /** Records events the system produced (sends, opens, clicks, unsubscribes) through the same path. */
  async record(events: SystemEvent[]): Promise<{ accepted: number; duplicates: number }> {
    if (!events.length) return { accepted: 0, duplicates: 0 };
    const now = this.clock.now();
    const { stored, duplicates } = await this.store(events.map((e) => this.toDoc(e, now)));
    await this.apply(stored);
    return { accepted: stored.length, duplicates };
  }

  private toDoc(e: SystemEvent, now: Date): EventDoc {
    const doc: EventDoc = { _id: new Types.ObjectId(), customerId: e.customerId, type: e.type, occurredAt: e.occurredAt, receivedAt: now, properties: e.properties, pending: true };
    if (e.idempotencyKey) doc.idempotencyKey = e.idempotencyKey;
    return doc;
  }

  /** One insertMany; repeated idempotency keys (in this batch or ever) come back as duplicates. */
  private async store(docs: EventDoc[]): Promise<{ stored: EventDoc[]; duplicates: number }> {
    if (!docs.length) return { stored: [], duplicates: 0 };
    const writeId = randomBytes(8).toString('hex');
    for (const d of docs) d.writeId = writeId;
    const dup = new Set<number>();
    try {
      await this.collection.insertMany(docs, { ordered: false });
    } catch (err) {
      const writeErrors = (err as { writeErrors?: { index: number; code: number }[] }).writeErrors;
      if (!writeErrors?.length || writeErrors.some((w) => w.code !== 11000)) throw err;
      for (const w of writeErrors) dup.add(w.index);
    }
    return { stored: docs.filter((_, i) => !dup.has(i)), duplicates: dup.size };
  }

  /** Applies stored events to their customers' profiles, then clears `pending`. */
  private async apply(stored: EventDoc[], preloaded: CustomerDoc[] = []): Promise<void> {
    const loaded = new Map(preloaded.map((c) => [c._id.toHexString(), c]));
    const byWrite = new Map<string, EventDoc[]>();
    for (const d of stored) byWrite.set(d.writeId!, [...(byWrite.get(d.writeId!) ?? []), d]);
    for (const [writeId, events] of byWrite) {
      const perCustomer = new Map<string, ProfileEvent[]>();
      for (const e of events) {
        const k = e.customerId!.toHexString();
        perCustomer.set(k, [...(perCustomer.get(k) ?? []), { type: e.type, occurredAt: e.occurredAt, properties: e.properties }]);
      }
      for (const list of perCustomer.values()) list.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
      const ids = [...perCustomer.keys()].map((k) => new Types.ObjectId(k));
      const docs = [...perCustomer.keys()].flatMap((k) => loaded.get(k) ?? []);
      await this.customers.writer.mutate(
        ids,
        (doc) => {
          const list = perCustomer.get(doc._id.toHexString()) ?? [];
          for (const e of list) applyEvent(doc, e);
          return list;
        },
        'events',
        writeId,
        docs,
      );
      await updateEachById(this.collection, events.map((e) => e._id), { $unset: { pending: '' } });
    }
  }

  /** Due work: events stored but left unapplied by a crash between the two writes. */
  pendingRepair(): DueWork {
    return {
      name: 'event-repair',
      nextDueAt: async () => {
        const first = await this.collection.find({ pending: true }, { projection: { receivedAt: 1 } }).sort({ receivedAt: 1 }).limit(1).next();
        return first ? new Date(first.receivedAt.getTime() + REPAIR_GRACE_MS) : null;
      },
      runDue: async (now) => {
        const stale = await this.collection
          .find({ pending: true, receivedAt: { $lte: new Date(now.getTime() - REPAIR_GRACE_MS) } })
          .sort({ receivedAt: 1 })
          .limit(1000)
          .toArray();
        const live = stale.filter((e) => e.customerId);
        await this.apply(live);
        const orphans = stale.filter((e) => !e.customerId).map((e) => e._id);
        await updateEachById(this.collection, orphans, { $unset: { pending: '' } });
        return stale.length;
      },
    };
  }

  /** Events of these types for these customers since `since` (one query for a whole batch). */
  async findForCustomers(customerIds: Types.ObjectId[], types: string[], since: Date): Promise<EventDoc[]> {
    if (!customerIds.length || !types.length) return [];
    return this.collection.find({ customerId: { $in: customerIds }, type: { $in: types }, occurredAt: { $gte: since } }).toArray();
  }

  /**
   * Segment builds: one $match + $group over events; the customers whose number of matching
   * events passes `count` (e.g. { $gte: 2 }). `match` comes from the segment compiler.
   */
  async customersByCount(match: Record<string, unknown>, count: Record<string, unknown>): Promise<Types.ObjectId[]> {
    const rows = await this.collection
      .aggregate<{ _id: Types.ObjectId }>([{ $match: match }, { $group: { _id: '$customerId', n: { $sum: 1 } } }, { $match: { n: count } }, { $project: { _id: 1 } }], { allowDiskUse: true })
      .toArray();
    return rows.map((r) => r._id);
  }

  /**
   * Segment builds: one $match + $group over events; per customer, how many of the matching
   * events have occurred by `now`, and the earliest and latest occurredAt (for time flips).
   */
  async countsByCustomer(match: Record<string, unknown>, now: Date): Promise<{ _id: Types.ObjectId; n: number; first: Date; last: Date }[]> {
    return this.collection
      .aggregate<{ _id: Types.ObjectId; n: number; first: Date; last: Date }>(
        [{ $match: match }, { $group: { _id: '$customerId', n: { $sum: { $cond: [{ $lte: ['$occurredAt', now] }, 1, 0] } }, first: { $min: '$occurredAt' }, last: { $max: '$occurredAt' } } }],
        { allowDiskUse: true },
      )
      .toArray();
  }

  /**
   * The latest `perCustomer` events of one type of each of these customers since `since`, newest
   * first, in one query for a whole batch (templates: recently viewed products).
   */
  async latestByCustomer(customerIds: Types.ObjectId[], type: string, since: Date, perCustomer: number): Promise<Map<string, EventDoc[]>> {
    const out = new Map<string, EventDoc[]>();
    if (!customerIds.length) return out;
    const rows = await this.collection
      .aggregate<{ _id: Types.ObjectId; events: EventDoc[] }>([
        { $match: { customerId: { $in: customerIds }, type, occurredAt: { $gte: since } } },
        { $sort: { occurredAt: -1 } },
        { $group: { _id: '$customerId', events: { $push: { _id: '$_id', customerId: '$customerId', type: '$type', occurredAt: '$occurredAt', properties: '$properties' } } } },
        { $project: { events: { $slice: ['$events', perCustomer] } } },
      ])
      .toArray();
    for (const r of rows) out.set(r._id.toHexString(), r.events);
    return out;
  }

  timelineSource() {
    return async (customerId: Types.ObjectId, limit: number): Promise<EventTimelineItem[]> => {
      const rows = await this.collection.find({ customerId }).sort({ occurredAt: -1 }).limit(limit).toArray();
      return rows.map((e) => ({ kind: 'event', at: e.occurredAt.toISOString(), id: e._id.toHexString(), type: e.type, properties: e.properties }));
    };
  }

  exportSource() {
    return async (customerId: Types.ObjectId): Promise<unknown[]> => {
      const rows = await this.collection.find({ customerId }).sort({ occurredAt: -1 }).toArray();
      return rows.map((e) => ({ id: e._id.toHexString(), type: e.type, occurredAt: e.occurredAt.toISOString(), receivedAt: e.receivedAt.toISOString(), properties: e.properties }));
    };
  }

  /** Erasure keeps the anonymised event (type, time, idempotency key) and drops who and what. */
  erasureHook() {
    return async (customerId: Types.ObjectId): Promise<void> => {
      await this.collection.updateMany({ customerId }, { $set: { customerId: null, properties: {} }, $unset: { pending: '' } });
    };
  }
}

/** Orders are counted once per orderId even without an idempotency key. */
function defaultKey(e: EventInput): string | undefined {
  const orderId = e.properties?.orderId;
  if (e.type === 'order_placed' && (typeof orderId === 'string' || typeof orderId === 'number')) return `order_placed:${orderId}`;
  return undefined;
}
