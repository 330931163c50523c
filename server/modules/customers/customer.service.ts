/**
 * Customers: upsert by externalId or email, lookup, search, identity resolution for events,
 * erasure and the timeline. Profile changes all go through the ProfileWriter.
 */
import { Types, type Connection } from 'mongoose';
import type { Collection, Filter } from '../../db/driver.js';
import type { Clock, DueWork } from '../../clock.js';
import { AppError, notFound } from '../../http/errors.js';
import { decodeCursor, toPage, type Page } from '../../lib/pagination.js';
import { customerModel, type CustomerDoc } from './customer.model.js';
import type { CustomerUpsert, CustomerView, TimelineItem } from './customer.schema.js';
import { attributesIn, toCustomerView } from './customer.view.js';
import { deriveTimeFields, emptyCart, emptyStats } from './profile.js';
import { ProfileWriter } from './profile-writer.js';
import { applyUpsert } from './customer.upsert.js';

export type TimelineSource = (customerId: Types.ObjectId, limit: number) => Promise<TimelineItem[]>;
/** Export (GDPR access): each module gives what it holds of the customer, under its own key. */
export type ExportSource = (customerId: Types.ObjectId) => Promise<unknown>;
/** Erasure hooks: each module removes or anonymises what it holds of the customer. */
export type ErasureHook = (customerId: Types.ObjectId, email: string | null) => Promise<void>;

export interface IdentityRef {
  customerId?: string;
  externalId?: string;
  email?: string;
}

const isDuplicateKey = (err: unknown): boolean =>
  (err as { code?: number }).code === 11000 || ((err as { writeErrors?: { code: number }[] }).writeErrors ?? []).some((e) => e.code === 11000);

export class CustomerService {
  readonly collection: Collection<CustomerDoc>;
  readonly writer: ProfileWriter;
  private readonly timelineSources: TimelineSource[] = [];
  private readonly erasureHooks: ErasureHook[] = [];
  private readonly exportSources = new Map<string, ExportSource>();

  constructor(
    private readonly conn: Connection,
    private readonly clock: Clock,
  ) {
    this.collection = customerModel(conn).collection as unknown as Collection<CustomerDoc>;
    this.writer = new ProfileWriter(this.collection, clock);
  }

  async syncIndexes(): Promise<void> {
    await customerModel(this.conn).createIndexes();
  }

  addTimelineSource(source: TimelineSource): void {
    this.timelineSources.push(source);
  }

  addErasureHook(hook: ErasureHook): void {
    this.erasureHooks.push(hook);
  }

  addExportSource(name: string, source: ExportSource): void {
    this.exportSources.set(name, source);
  }

  /** Everything held about one customer, as JSON (GDPR right of access). */
  async exportData(id: string): Promise<Record<string, unknown>> {
    const oid = new Types.ObjectId(id);
    const doc = await this.collection.findOne({ _id: oid });
    if (!doc) throw notFound('Customer');
    const out: Record<string, unknown> = { exportedAt: this.clock.now().toISOString(), customer: toCustomerView(doc) };
    for (const [name, source] of this.exportSources) out[name] = await source(oid);
    return out;
  }

  newDoc(init: Partial<CustomerDoc>, now: Date): CustomerDoc {
    const base: CustomerDoc = {
      _id: new Types.ObjectId(),
      email: null,
      firstName: null,
      lastName: null,
      timezone: 'UTC',
      locale: 'en',
      attributes: {},
      subscription: { status: 'subscribed', updatedAt: now },
      stats: emptyStats(),
      cart: emptyCart(),
      rfm: { recency: 0, frequency: 0, monetary: 0, score: '000', tier: 'none' },
      lifecycle: 'prospect',
      segments: [],
      recentOrders: [],
      lastEvents: [],
      recentViews: [],
      softBounces: 0,
      nextCheckAt: null,
      rev: 0,
      createdAt: now,
      updatedAt: now,
      ...init,
    };
    const derived = deriveTimeFields(base, now);
    return { ...base, rfm: derived.rfm, lifecycle: derived.lifecycle, emailKey: base.email ? base.email.toLowerCase() : undefined };
  }

  now(): Date {
    return this.clock.now();
  }

  /** A new customer document from an upsert body (not yet stored). */
  docFromUpsert(input: CustomerUpsert, now: Date): CustomerDoc {
    const doc = this.newDoc(
      {
        email: input.email,
        externalId: input.externalId,
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        timezone: input.timezone ?? 'UTC',
        locale: input.locale ?? 'en',
        attributes: attributesIn(input.attributes ?? {}) as Record<string, unknown>,
        subscription: { status: input.subscribed === false ? 'unsubscribed' : 'subscribed', updatedAt: now },
      },
      now,
    );
    if (!doc.externalId) delete doc.externalId;
    return doc;
  }

  async upsert(input: CustomerUpsert): Promise<{ customer: CustomerView; created: boolean }> {
    try {
      return await this.upsertOnce(input);
    } catch (err) {
      // A concurrent create of the same email or externalId: the second attempt finds it.
      if (!isDuplicateKey(err)) throw err;
      try {
        return await this.upsertOnce(input);
      } catch (again) {
        if (isDuplicateKey(again)) throw new AppError('conflict', 'Another customer already has this email or externalId');
        throw again;
      }
    }
  }

  private async findTarget(input: CustomerUpsert): Promise<CustomerDoc | null> {
    const emailKey = input.email.toLowerCase();
    if (input.externalId) {
      const byExternal = await this.collection.findOne({ externalId: input.externalId });
      if (byExternal) return byExternal;
      const byEmail = await this.collection.findOne({ emailKey });
      if (byEmail?.externalId && byEmail.externalId !== input.externalId) {
        throw new AppError('conflict', 'This email belongs to a customer with another externalId', [{ path: 'email', message: 'already used by another externalId' }]);
      }
      return byEmail;
    }
    return this.collection.findOne({ emailKey });
  }

  private async upsertOnce(input: CustomerUpsert): Promise<{ customer: CustomerView; created: boolean }> {
    const existing = await this.findTarget(input);
    const now = this.clock.now();
    if (!existing) {
      const doc = this.docFromUpsert(input, now);
      await this.collection.insertOne(doc);
      // Run the hooks (segments) on the new profile through the one write path.
      const { docs } = await this.writer.mutate([doc._id], () => undefined, 'created');
      return { customer: toCustomerView(docs[0] ?? doc), created: true };
    }
    const { docs } = await this.writer.mutate([existing._id], (c) => applyUpsert(c, input, now), 'upsert');
    const doc = docs[0];
    if (!doc) throw notFound('Customer');
    return { customer: toCustomerView(doc), created: false };
  }

  async get(id: string): Promise<CustomerView> {
    const doc = await this.collection.findOne({ _id: new Types.ObjectId(id) });
    if (!doc) throw notFound('Customer');
    return toCustomerView(doc);
  }

  async getDoc(id: Types.ObjectId): Promise<CustomerDoc | null> {
    return this.collection.findOne({ _id: id });
  }

  async search(q: { email?: string; segmentId?: string; q?: string; limit: number; cursor?: string }): Promise<Page<CustomerView>> {
    const filter: Filter<CustomerDoc> = {};
    if (q.email) filter.emailKey = q.email.trim().toLowerCase();
    if (q.segmentId) filter.segments = new Types.ObjectId(q.segmentId);
    if (q.q) filter.emailKey = { $regex: `^${escapeRegex(q.q.trim().toLowerCase())}` };
    const before = decodeCursor(q.cursor);
    if (before) filter._id = { $lt: before };
    const rows = await this.collection.find(filter).sort({ _id: -1 }).limit(q.limit + 1).toArray();
    return toPage(rows, q.limit, toCustomerView);
  }

  async count(): Promise<number> {
    return this.collection.estimatedDocumentCount();
  }

  /**
   * Finds or creates the customers that events name. Returns a map from each ref's key
   * (`id:`, `ext:` or `email:`) to the customer as just read; unknown customerIds are left out.
   */
  async resolveIdentities(refs: IdentityRef[]): Promise<Map<string, CustomerDoc>> {
    const out = new Map<string, CustomerDoc>();
    const ids = uniq(refs.flatMap((r) => (r.customerId ? [r.customerId] : [])));
    const exts = uniq(refs.flatMap((r) => (!r.customerId && r.externalId ? [r.externalId] : [])));
    const emails = uniq(refs.flatMap((r) => (!r.customerId && !r.externalId && r.email ? [r.email.toLowerCase()] : [])));
    if (ids.length) {
      const found = await this.collection.find({ _id: { $in: ids.map((i) => new Types.ObjectId(i)) } }).toArray();
      for (const d of found) out.set(`id:${d._id.toHexString()}`, d);
    }
    await this.findOrCreate('externalId', exts, out, 'ext:');
    await this.findOrCreate('emailKey', emails, out, 'email:');
    return out;
  }

  private async findOrCreate(field: 'externalId' | 'emailKey', values: string[], out: Map<string, CustomerDoc>, prefix: string): Promise<void> {
    if (!values.length) return;
    const now = this.clock.now();
    const missing = new Set(values);
    const found = await this.collection.find({ [field]: { $in: values } }).toArray();
    for (const d of found) {
      const key = d[field] as string;
      out.set(prefix + key, d);
      missing.delete(key);
    }
    if (!missing.size) return;
    const ops = [...missing].map((v) => {
      const { _id, ...doc } = this.newDoc(field === 'emailKey' ? { email: v } : { externalId: v }, now);
      void _id;
      if (!doc.emailKey) delete doc.emailKey;
      return { updateOne: { filter: { [field]: v }, update: { $setOnInsert: doc }, upsert: true } };
    });
    try {
      await this.collection.bulkWrite(ops as never, { ordered: false });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // a concurrent batch created some of them: fine
    }
    const created = await this.collection.find({ [field]: { $in: [...missing] } }).toArray();
    for (const d of created) out.set(prefix + (d[field] as string), d);
  }

  async timeline(id: string, limit: number): Promise<{ items: TimelineItem[]; nextCursor: null }> {
    const oid = new Types.ObjectId(id);
    if (!(await this.collection.countDocuments({ _id: oid }, { limit: 1 }))) throw notFound('Customer');
    const lists = await Promise.all(this.timelineSources.map((s) => s(oid, limit)));
    const items = lists.flat().sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).slice(0, limit);
    return { items, nextCursor: null };
  }

  /** Erasure (GDPR): every module anonymises or removes what it holds, then the profile goes. */
  async erase(id: string): Promise<void> {
    const oid = new Types.ObjectId(id);
    const doc = await this.collection.findOne({ _id: oid }, { projection: { email: 1 } });
    if (!doc) throw notFound('Customer');
    for (const hook of this.erasureHooks) await hook(oid, doc.email);
    await this.collection.deleteOne({ _id: oid });
  }

  /** Due work: customers whose derived fields or time-based segment conditions flip now. */
  timeChecks(batchSize = 500): DueWork {
    return {
      name: 'customer-time-checks',
      nextDueAt: async () => {
        const next = await this.collection.find({ nextCheckAt: { $ne: null } }, { projection: { nextCheckAt: 1 } }).sort({ nextCheckAt: 1 }).limit(1).next();
        return next?.nextCheckAt ?? null;
      },
      runDue: async (now) => {
        const due = await this.collection.find({ nextCheckAt: { $lte: now } }, { projection: { _id: 1 } }).sort({ nextCheckAt: 1 }).limit(batchSize).toArray();
        if (!due.length) return 0;
        await this.writer.mutate(due.map((d) => d._id), () => undefined, 'time');
        return due.length;
      },
    };
  }
}

const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];

export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
