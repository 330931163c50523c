/**
 * Evaluating rules over the whole base (builds and previews): one `$match` + `$group` aggregation
 * per event condition, then one pass over the candidate customers (compileCandidates: indexes
 * apply to the profile conditions), each decided with the event counts at hand. The same pass
 * says, for time-relative rules, when each customer's answer can next flip.
 */
import type { Types } from 'mongoose';
import type { Collection } from '../../db/driver.js';
import type { CustomerDoc } from '../customers/index.js';
import type { EventNode } from './rule.ast.js';
import { compileCandidates, compileField, readPaths, type EventStats, type Filter } from './rule.compile.js';
import { evaluate, nextChange, type EvalContext } from './rule.evaluate.js';
import type { CompiledSegment } from './segment.catalog.js';
import type { SegmentEvents } from './segment.hook.js';

export interface ScannedCustomer {
  doc: CustomerDoc;
  member: boolean;
  /** When this customer's answer can next change with time (null: not by time alone). */
  checkAt: Date | null;
}

/** Events an event condition looks at: its type and `where`, from the window start on (future ones included, for flips). */
function statsMatch(node: EventNode, now: Date): Filter {
  const match: Filter = { type: node.type, customerId: { $ne: null } };
  if (node.withinMs !== null) match.occurredAt = { $gt: new Date(now.getTime() - node.withinMs) };
  if (node.where.length) match.$and = node.where.map((w) => compileField(w, now));
  return match;
}

export class BaseEvaluator {
  constructor(
    private readonly customers: Collection<CustomerDoc>,
    private readonly events: SegmentEvents,
  ) {}

  private async eventStats(seg: CompiledSegment, now: Date): Promise<Map<EventNode, Map<string, EventStats>>> {
    const out = new Map<EventNode, Map<string, EventStats>>();
    for (const node of seg.events) {
      const rows = await this.events.countsByCustomer(statsMatch(node, now), now);
      out.set(node, new Map(rows.map((r) => [r._id.toHexString(), r])));
    }
    return out;
  }

  /**
   * Every candidate customer (plus those `alsoInclude` selects), decided. `extraProjection`
   * adds fields the caller needs. Streams: the base is never held in memory.
   */
  async *scan(seg: CompiledSegment, now: Date, opts: { alsoInclude?: Filter; extraProjection?: string[] } = {}): AsyncGenerator<ScannedCustomer> {
    const stats = await this.eventStats(seg, now);
    const candidates = compileCandidates(seg.ast, now);
    const filter = opts.alsoInclude ? { $or: [candidates, opts.alsoInclude] } : candidates;
    // Whole top-level fields: projecting a dotted path through an array of scalars would empty the
    // array (["Ada"] -> []) and change what the path reads.
    const projection = Object.fromEntries([...readPaths(seg.ast), 'segments', ...(opts.extraProjection ?? [])].map((p) => [p.split('.')[0]!, 1]));
    const nowMs = now.getTime();
    const cursor = this.customers.find(filter, { projection, batchSize: 5000 });
    for await (const doc of cursor) {
      const hex = doc._id.toHexString();
      const ctx: EvalContext = {
        now,
        segments: new Set((doc.segments ?? []).map((s) => s.toHexString())),
        eventCount: (node) => stats.get(node)?.get(hex)?.n ?? 0,
        eventBoundary: (node) => {
          const s = stats.get(node)?.get(hex);
          if (!s) return null;
          const first = s.first.getTime();
          if (first > nowMs) return first; // all still ahead: the earliest starts counting first
          // The earliest in the window leaves it first; an event still ahead (its exact time is not
          // at hand) asks for a check right away, where its exact time is known.
          const leaves = node.withinMs !== null ? first + node.withinMs : Infinity;
          const ahead = s.last.getTime() > nowMs ? nowMs + 1 : Infinity;
          const at = Math.min(leaves, ahead);
          return at === Infinity ? null : at;
        },
      };
      const member = evaluate(seg.ast, doc as CustomerDoc, ctx);
      yield { doc: doc as CustomerDoc, member, checkAt: seg.deps.timeRelative ? nextChange(seg.ast, doc as CustomerDoc, ctx) : null };
    }
  }

  /** Members now, newest first by id, counted; the newest `sample` of them in full. */
  async preview(seg: CompiledSegment, now: Date, sample: number): Promise<{ count: number; sample: CustomerDoc[] }> {
    let count = 0;
    const newest: Types.ObjectId[] = [];
    for await (const row of this.scan(seg, now)) {
      if (!row.member) continue;
      count++;
      newest.push(row.doc._id);
      if (newest.length > sample * 4) trimNewest(newest, sample);
    }
    trimNewest(newest, sample);
    const docs = newest.length ? await this.customers.find({ _id: { $in: newest } }).toArray() : [];
    return { count, sample: docs.sort((a, b) => (a._id.toHexString() < b._id.toHexString() ? 1 : -1)) };
  }
}

function trimNewest(ids: Types.ObjectId[], keep: number): void {
  ids.sort((a, b) => (a.toHexString() < b.toHexString() ? 1 : -1));
  ids.length = Math.min(ids.length, keep);
}
