/**
 * Incremental membership, inside every profile write (ProfileHook). For each changed customer it
 * re-evaluates only the segments the change can affect (fields that changed, event types that
 * arrived, time checks that came due, and whatever names those segments through `inSegment`), in
 * dependency order, with the events they need loaded for the whole batch in one query. It writes
 * `segments`, the next time-flip per segment (`segmentChecks`, and so `nextCheckAt`), and the
 * entries/exits as an outbox in the same conditional write; after the write it moves them out.
 */
import { isDeepStrictEqual } from 'node:util';
import { Types } from 'mongoose';
import { proposeCheck, type CustomerDoc, type PendingTransition, type ProfileChange, type ProfileHook, type ProfileWriter } from '../customers/index.js';
import type { Catalog, CompiledSegment, SegmentCatalog } from './segment.catalog.js';
import type { EventAggregates, EventStats } from './rule.compile.js';
import { evaluate, eventsContext, nextChange, type EvalContext, type EventLike } from './rule.evaluate.js';
import type { TransitionStore } from './segment.transitions.js';

/** What the segment engine needs from the events module (EventService provides it). */
export interface SegmentEvents extends EventAggregates {
  findForCustomers(customerIds: Types.ObjectId[], types: string[], since: Date): Promise<(EventLike & { customerId: Types.ObjectId | null })[]>;
  countsByCustomer(match: Record<string, unknown>, now: Date): Promise<EventStats[]>;
}

/** Reason of a profile write that re-evaluates the segments naming this one (after a build changed it). */
export const dependentsReason = (segmentId: string): string => `segment-dependents:${segmentId}`;
/** Reason of a write that evaluates every segment (re-run because the segments changed while it was in flight). */
export const FULL_EVALUATION = 'segments-changed';

/** The value at a dotted path, stopping at anything that is not a plain object (compared whole). */
function plainAt(doc: unknown, path: string): unknown {
  let cur = doc;
  for (const key of path.split('.')) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur) || cur instanceof Date) return cur;
    cur = Object.hasOwn(cur, key) ? (cur as Record<string, unknown>)[key] : undefined;
  }
  return cur;
}

export class SegmentHook implements ProfileHook {
  readonly name = 'segments';
  /** The catalog version each change was evaluated with (to catch a segment change racing the write). */
  private readonly versions = new WeakMap<ProfileChange, number>();

  constructor(
    private readonly catalog: SegmentCatalog,
    private readonly events: SegmentEvents,
    private readonly store: TransitionStore,
    private readonly writer: ProfileWriter,
  ) {}

  async beforeWrite(changes: ProfileChange[], now: Date): Promise<void> {
    if (!changes.length) return;
    const catalog = await this.catalog.current();
    const plans = changes.map((change) => {
      this.versions.set(change, catalog.version);
      return { change, todo: this.closure(this.affected(change, catalog, now), catalog) };
    });
    const events = await this.loadEvents(plans, catalog, now);
    for (const p of plans) this.apply(p.change.after, p.todo, catalog, events.get(p.change.after._id.toHexString()) ?? [], now);
  }

  async afterWrite(landed: ProfileChange[], now: Date): Promise<void> {
    void now;
    await this.store.flush(landed.filter((c) => c.after.pendingTransitions?.length).map((c) => ({ customerId: c.after._id, pending: c.after.pendingTransitions! })));
    if (!landed.length) return;
    // A segment created, changed or deleted while this batch was in flight: evaluate it again.
    const version = await this.catalog.version();
    const stale = landed.filter((c) => (this.versions.get(c) ?? version) < version).map((c) => c.after._id);
    if (stale.length) await this.writer.mutate(stale, () => undefined, FULL_EVALUATION);
  }

  /** The segments this change can affect, before adding what depends on them. */
  private affected(change: ProfileChange, catalog: Catalog, now: Date): Set<string> {
    const { before, after, reason, events } = change;
    // Never evaluated by this hook (a new customer), or the segments changed: everything.
    if (!before.segmentChecks || reason === FULL_EVALUATION) return new Set(catalog.byId.keys());
    const todo = new Set<string>();
    if (reason.startsWith('segment-dependents:')) catalog.dependents.get(reason.slice('segment-dependents:'.length))?.forEach((id) => todo.add(id));
    for (const [id, at] of Object.entries(before.segmentChecks)) if (at.getTime() <= now.getTime()) todo.add(id);
    for (const [path, ids] of catalog.byField) {
      if (!isDeepStrictEqual(plainAt(before, path), plainAt(after, path))) ids.forEach((id) => todo.add(id));
    }
    for (const e of events) catalog.byEvent.get(e.type)?.forEach((id) => todo.add(id));
    return todo;
  }

  /** Adds every segment that names one of these through `inSegment`, transitively. */
  private closure(todo: Set<string>, catalog: Catalog): Set<string> {
    const queue = [...todo];
    while (queue.length) {
      for (const d of catalog.dependents.get(queue.pop()!) ?? []) {
        if (!todo.has(d)) {
          todo.add(d);
          queue.push(d);
        }
      }
    }
    return todo;
  }

  /** One query for the whole batch: every event type and window the segments to evaluate read. */
  private async loadEvents(plans: { change: ProfileChange; todo: Set<string> }[], catalog: Catalog, now: Date): Promise<Map<string, EventLike[]>> {
    const types = new Set<string>();
    const ids: Types.ObjectId[] = [];
    let since = now.getTime();
    for (const { change, todo } of plans) {
      let needs = false;
      for (const id of todo) {
        const seg = catalog.byId.get(id);
        if (!seg?.events.length) continue;
        needs = true;
        seg.deps.eventTypes.forEach((t) => types.add(t));
        since = Math.min(since, seg.deps.eventWindowMs === null ? 0 : now.getTime() - seg.deps.eventWindowMs);
      }
      if (needs) ids.push(change.after._id);
    }
    const out = new Map<string, EventLike[]>();
    if (!ids.length) return out;
    for (const e of await this.events.findForCustomers(ids, [...types], new Date(since))) {
      if (!e.customerId) continue;
      const key = e.customerId.toHexString();
      const list = out.get(key);
      if (list) list.push(e);
      else out.set(key, [e]);
    }
    return out;
  }

  private apply(after: CustomerDoc, todo: Set<string>, catalog: Catalog, events: EventLike[], now: Date): void {
    const current = after.segments.map((s) => s.toHexString()).filter((id) => catalog.byId.has(id));
    const members = new Set(current);
    const checks: Record<string, Date> = {};
    for (const [id, at] of Object.entries(after.segmentChecks ?? {})) {
      if (catalog.byId.has(id) && !todo.has(id) && at.getTime() > now.getTime()) checks[id] = at;
    }
    const transitions: PendingTransition[] = [];
    const ctx = eventsContext(events, now, members);
    for (const seg of catalog.ordered) {
      if (!todo.has(seg.id)) continue;
      this.evaluateOne(seg, after, ctx, members, transitions, now);
      const next = seg.deps.timeRelative ? nextChange(seg.ast, after, ctx) : null;
      if (next) checks[seg.id] = next;
    }
    const kept = current.filter((id) => members.has(id));
    const added = [...members].filter((id) => !current.includes(id));
    if (kept.length !== after.segments.length || added.length) after.segments = [...kept, ...added].map((id) => new Types.ObjectId(id));
    after.segmentChecks = checks;
    if (transitions.length) after.pendingTransitions = [...(after.pendingTransitions ?? []), ...transitions];
    for (const at of Object.values(checks)) proposeCheck(after, at);
  }

  private evaluateOne(seg: CompiledSegment, after: CustomerDoc, ctx: EvalContext, members: Set<string>, out: PendingTransition[], now: Date): void {
    const inNow = evaluate(seg.ast, after, ctx);
    if (inNow === members.has(seg.id)) return;
    if (inNow) members.add(seg.id);
    else members.delete(seg.id);
    out.push({ _id: new Types.ObjectId(), segmentId: seg.oid, kind: inNow ? 'entered' : 'exited', at: now });
  }
}
