/**
 * The one way a customer profile changes: read, apply, derive, let hooks (the segment engine)
 * add their fields, and write back conditionally on the revision read. A conflicting write from
 * another process is detected and the change re-applied on fresh data; `recentWrites` tells
 * exactly whether a write landed, so nothing is ever applied twice.
 */
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { AnyBulkWriteOperation, Collection } from '../../db/driver.js';
import type { Types } from 'mongoose';
import type { Clock } from '../../clock.js';
import type { CustomerDoc } from './customer.model.js';
import { deriveTimeFields, type ProfileEvent } from './profile.js';

export interface ProfileChange {
  before: CustomerDoc;
  after: CustomerDoc;
  /** The events applied by this change, oldest first (empty for profile edits and time checks). */
  events: ProfileEvent[];
  /** Why: 'events', 'upsert', 'time', or a hook's own reason. */
  reason: string;
}

/** Something that derives more fields from a profile in the same write (segments, and later others). */
export interface ProfileHook {
  readonly name: string;
  /** May change `after` (e.g. `segments`) and lower `after.nextCheckAt` via `proposeCheck`. */
  beforeWrite(changes: ProfileChange[], now: Date): Promise<void>;
  /** Runs once the write has landed, with exactly the changes that landed. */
  afterWrite?(changes: ProfileChange[], now: Date): Promise<void>;
}

export function proposeCheck(c: CustomerDoc, at: Date | null): void {
  if (at && (!c.nextCheckAt || at.getTime() < c.nextCheckAt.getTime())) c.nextCheckAt = at;
}

const MAX_ATTEMPTS = 8;
const RECENT_WRITES_KEPT = 16;

/** A deep copy that keeps Dates and ObjectIds (structuredClone turns ObjectIds into plain objects). */
function cloneDoc(d: CustomerDoc): CustomerDoc {
  return {
    ...d,
    attributes: structuredClone(d.attributes),
    subscription: { ...d.subscription },
    stats: { ...d.stats },
    cart: { ...d.cart, items: [...(d.cart.items ?? [])] },
    rfm: { ...d.rfm },
    segments: [...d.segments],
    recentOrders: [...d.recentOrders],
    ...(d.recentClicks ? { recentClicks: [...d.recentClicks] } : {}),
  };
}

type Writable = Omit<CustomerDoc, '_id' | 'rev' | 'createdAt' | 'recentWrites'>;

const MAINTAINED = new Set(['_id', 'rev', 'createdAt', 'recentWrites', 'updatedAt']);

/** The top-level fields that changed (the write itself maintains rev, recentWrites, updatedAt). */
function changedFields(before: CustomerDoc, after: CustomerDoc, now: Date): Partial<Writable> {
  const set: Record<string, unknown> = { updatedAt: now };
  const b = before as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(after)) {
    if (!MAINTAINED.has(key) && !isDeepStrictEqual(value, b[key])) set[key] = value;
  }
  return set as Partial<Writable>;
}

export class ProfileWriter {
  private readonly hooks: ProfileHook[] = [];

  constructor(
    private readonly customers: Collection<CustomerDoc>,
    private readonly clock: Clock,
  ) {}

  addHook(hook: ProfileHook): void {
    this.hooks.push(hook);
  }

  /**
   * Applies `apply` to each customer in `ids` and writes the results. `apply` must be a pure
   * function of the document it is given: it runs again on fresh data after a conflict.
   * Returns the documents as written, and the write id (recorded in `recentWrites`).
   */
  async mutate(
    ids: Types.ObjectId[],
    apply: (doc: CustomerDoc) => ProfileEvent[] | void,
    reason: string,
    writeId = randomBytes(8).toString('hex'),
    /** The documents as the caller just read them (saves a round trip); stale ones simply conflict. */
    preloaded?: CustomerDoc[],
  ): Promise<{ docs: CustomerDoc[]; writeId: string }> {
    const written: CustomerDoc[] = [];
    let pending = ids;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= MAX_ATTEMPTS) throw new Error(`profile write kept conflicting for ${pending.length} customers`);
      const docs = attempt === 0 && preloaded && preloaded.length === ids.length ? preloaded : await this.customers.find({ _id: { $in: pending } }).toArray();
      const fresh = docs.filter((d) => !d.recentWrites?.includes(writeId));
      written.push(...docs.filter((d) => d.recentWrites?.includes(writeId)));
      const now = this.clock.now();
      const changes = fresh.map((before) => this.change(before, apply, reason, now));
      await this.runHooks(changes, now);
      const landed = await this.write(changes, writeId, now);
      written.push(...landed.map((c) => c.after));
      for (const hook of this.hooks) await hook.afterWrite?.(landed, now);
      const landedIds = new Set(landed.map((c) => c.after._id.toHexString()));
      pending = fresh.filter((d) => !landedIds.has(d._id.toHexString())).map((d) => d._id);
    }
    return { docs: written, writeId };
  }

  private change(before: CustomerDoc, apply: (doc: CustomerDoc) => ProfileEvent[] | void, reason: string, now: Date): ProfileChange {
    const after = cloneDoc(before);
    const events = apply(after) ?? [];
    const derived = deriveTimeFields(after, now);
    after.rfm = derived.rfm;
    after.lifecycle = derived.lifecycle;
    after.nextCheckAt = null;
    proposeCheck(after, derived.nextChangeAt);
    return { before, after, events, reason };
  }

  private async runHooks(changes: ProfileChange[], now: Date): Promise<void> {
    for (const hook of this.hooks) await hook.beforeWrite(changes, now);
  }

  /** Conditional bulk write; returns the changes that landed. */
  private async write(changes: ProfileChange[], writeId: string, now: Date): Promise<ProfileChange[]> {
    if (changes.length === 0) return [];
    const ops: AnyBulkWriteOperation<CustomerDoc>[] = changes.map((c) => ({
      updateOne: {
        filter: { _id: c.before._id, rev: c.before.rev },
        update: {
          $set: changedFields(c.before, c.after, now),
          $inc: { rev: 1 },
          $push: { recentWrites: { $each: [writeId], $slice: -RECENT_WRITES_KEPT } },
        } as never,
      },
    }));
    const res = await this.customers.bulkWrite(ops, { ordered: false });
    for (const c of changes) {
      c.after.rev = c.before.rev + 1;
      c.after.updatedAt = now;
    }
    if (res.matchedCount === changes.length) return changes;
    const check = await this.customers
      .find({ _id: { $in: changes.map((c) => c.before._id) } }, { projection: { recentWrites: 1 } })
      .toArray();
    const landed = new Set(check.filter((d) => d.recentWrites?.includes(writeId)).map((d) => d._id.toHexString()));
    return changes.filter((c) => landed.has(c.before._id.toHexString()));
  }
}
