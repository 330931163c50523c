/**
 * Cadences are few and read on every batch: a short-lived in-process cache, refreshed from the
 * database at most every few seconds and at once after a local change.
 */
import type { Model, Types } from 'mongoose';
import type { CadenceDoc } from './cadence.model.js';

const TTL_MS = 2_000;

export class CadenceCache {
  private all: CadenceDoc[] = [];
  private loadedAt = 0;

  constructor(private readonly Cadence: Model<CadenceDoc>) {}

  invalidate(): void {
    this.loadedAt = 0;
  }

  async list(): Promise<CadenceDoc[]> {
    if (Date.now() - this.loadedAt > TTL_MS) {
      this.all = await this.Cadence.find({ status: { $ne: 'archived' } }).lean<CadenceDoc[]>();
      this.loadedAt = Date.now();
    }
    return this.all;
  }

  async byId(id: Types.ObjectId): Promise<CadenceDoc | undefined> {
    return (await this.list()).find((c) => c._id.equals(id));
  }

  async activeForSegments(segmentIds: Types.ObjectId[]): Promise<CadenceDoc[]> {
    const wanted = new Set(segmentIds.map((s) => s.toHexString()));
    return (await this.list()).filter((c) => c.status === 'active' && wanted.has(c.segmentId.toHexString()));
  }

  /** Event types that end enrollments, with the cadences they end. */
  async exitEventTypes(): Promise<Map<string, Types.ObjectId[]>> {
    const out = new Map<string, Types.ObjectId[]>();
    for (const c of await this.list()) {
      if (c.status !== 'active' && c.status !== 'paused') continue;
      for (const t of c.exitOn.events) out.set(t, [...(out.get(t) ?? []), c._id]);
    }
    return out;
  }
}
