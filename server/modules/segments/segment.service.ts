/**
 * Segments: definitions (create, change, delete, with their validation), the queries on them
 * (members, history, preview), and the port other modules use (cadences: transitions, onlyIf
 * matching, delete guards). Membership itself is kept by the profile hook and the builds.
 */
import { isDeepStrictEqual } from 'node:util';
import { Types, type Connection } from 'mongoose';
import type { Collection } from '../../db/driver.js';
import type { Clock, DueWork } from '../../clock.js';
import { AppError, notFound, validationError, type ErrorDetail } from '../../http/errors.js';
import { decodeCursor, toPage, type Page } from '../../lib/pagination.js';
import { toCustomerView, type CustomerDoc, type CustomerService, type CustomerView, type ProfileHook } from '../customers/index.js';
import { rulesSchema, type RuleNode } from './rule.schema.js';
import { toAst, dependencies } from './rule.ast.js';
import { evaluate, eventsContext, type EventLike } from './rule.evaluate.js';
import { compileSegment, SegmentCatalog } from './segment.catalog.js';
import { segmentModels, type CatalogDoc, type SegmentDayDoc, type SegmentDoc, type SegmentModels, type TransitionDoc } from './segment.model.js';
import { SegmentHook, type SegmentEvents } from './segment.hook.js';
import { dayOf, TransitionStore, type Transition, type TransitionListener } from './segment.transitions.js';
import { BaseEvaluator } from './segment.query.js';
import { SegmentBuilder } from './segment.build.js';
import type { HistoryDay, PreviewResult, SegmentCreate, SegmentPatch, SegmentView } from './segment.schema.js';

export type DeleteGuard = (segmentId: string) => Promise<string | null>;

const PREVIEW_SAMPLE = 10;
const DAY_MS = 86_400_000;

export function toSegmentView(d: SegmentDoc): SegmentView {
  return {
    id: d._id.toHexString(),
    name: d.name,
    description: d.description,
    rules: d.rules,
    status: d.status,
    memberCount: Math.max(0, d.memberCount),
    builtAt: d.builtAt ? d.builtAt.toISOString() : null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

/** The inSegment references of a tree, with the path of each. */
function segmentRefs(node: RuleNode, path: (string | number)[]): { id: string; path: (string | number)[] }[] {
  if ('all' in node) return node.all.flatMap((n, i) => segmentRefs(n, [...path, 'all', i]));
  if ('any' in node) return node.any.flatMap((n, i) => segmentRefs(n, [...path, 'any', i]));
  if ('not' in node) return segmentRefs(node.not, [...path, 'not']);
  if ('inSegment' in node) return [{ id: node.inSegment, path: [...path, 'inSegment'] }];
  return [];
}

export class SegmentService {
  private readonly models: SegmentModels;
  private readonly segments: Collection<SegmentDoc>;
  private readonly catalog: SegmentCatalog;
  private readonly store: TransitionStore;
  private readonly base: BaseEvaluator;
  private readonly builder: SegmentBuilder;
  private readonly hook: SegmentHook;
  private readonly guards: DeleteGuard[] = [];

  constructor(
    conn: Connection,
    private readonly clock: Clock,
    private readonly customers: CustomerService,
    private readonly events: SegmentEvents,
  ) {
    this.models = segmentModels(conn);
    // Driver collections: the hot paths skip mongoose casting (the documents are typed by the model file).
    const col = <T extends { _id: unknown }>(m: { collection: unknown }): Collection<T> => m.collection as Collection<T>;
    this.segments = col<SegmentDoc>(this.models.Segment);
    this.catalog = new SegmentCatalog(this.segments, col<CatalogDoc>(this.models.Catalog));
    this.store = new TransitionStore(col<TransitionDoc>(this.models.Transition), col<SegmentDayDoc>(this.models.Day), this.segments, customers.collection);
    this.base = new BaseEvaluator(customers.collection, events);
    this.builder = new SegmentBuilder(this.segments, customers.collection, this.base, customers.writer, this.store, this.catalog, clock);
    this.hook = new SegmentHook(this.catalog, events, this.store, customers.writer);
  }

  async syncIndexes(): Promise<void> {
    await Promise.all(Object.values(this.models).map((m) => m.createIndexes()));
  }

  profileHook(): ProfileHook {
    return this.hook;
  }

  dueWork(): DueWork[] {
    return [this.builder.work(), this.store.repairWork()];
  }

  timelineSource() {
    return this.store.timelineSource();
  }

  exportSource() {
    return this.store.exportSource();
  }

  erasureHook() {
    return this.store.erasureHook(() => this.clock.now());
  }

  onTransitions(listener: TransitionListener): void {
    this.store.onTransitions(listener);
  }

  // ---- definitions

  async create(input: SegmentCreate): Promise<SegmentView> {
    await this.validateRules(input.rules, ['rules']);
    const now = this.clock.now();
    const doc: SegmentDoc = {
      _id: new Types.ObjectId(),
      name: input.name,
      description: input.description ?? '',
      rules: input.rules,
      status: 'building',
      memberCount: 0,
      rulesVersion: 1,
      buildRequestedAt: now,
      buildLeaseUntil: null,
      builtAt: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.segments.insertOne(doc);
    await this.catalog.bump();
    return toSegmentView(doc);
  }

  async list(q: { limit: number; cursor?: string }): Promise<Page<SegmentView>> {
    const before = decodeCursor(q.cursor);
    const rows = await this.segments.find(before ? { _id: { $lt: before } } : {}).sort({ _id: -1 }).limit(q.limit + 1).toArray();
    return toPage(rows, q.limit, toSegmentView);
  }

  /** Every segment's id, name and member count, oldest first (reports list them all). */
  async all(): Promise<{ id: string; name: string; memberCount: number }[]> {
    const rows = await this.segments.find({}, { projection: { name: 1, memberCount: 1 } }).sort({ _id: 1 }).toArray();
    return rows.map((r) => ({ id: r._id.toHexString(), name: r.name, memberCount: r.memberCount ?? 0 }));
  }

  private async doc(id: string): Promise<SegmentDoc> {
    const doc = await this.segments.findOne({ _id: new Types.ObjectId(id) });
    if (!doc) throw notFound('Segment');
    return doc;
  }

  async get(id: string): Promise<SegmentView> {
    return toSegmentView(await this.doc(id));
  }

  /** A change of rules rebuilds membership (status building); name and description just change. */
  async update(id: string, patch: SegmentPatch): Promise<SegmentView> {
    const doc = await this.doc(id);
    if (patch.rules !== undefined) await this.validateRules(patch.rules, ['rules'], id);
    const rulesChanged = patch.rules !== undefined && !isDeepStrictEqual(patch.rules, doc.rules);
    const now = this.clock.now();
    const set: Partial<SegmentDoc> = { updatedAt: now };
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.description !== undefined) set.description = patch.description;
    if (rulesChanged) Object.assign(set, { rules: patch.rules, status: 'building', buildRequestedAt: now });
    const updated = await this.segments.findOneAndUpdate({ _id: doc._id }, { $set: set, ...(rulesChanged ? { $inc: { rulesVersion: 1 } } : {}) }, { returnDocument: 'after' });
    if (!updated) throw notFound('Segment');
    if (rulesChanged) await this.catalog.bump();
    return toSegmentView(updated);
  }

  addDeleteGuard(guard: DeleteGuard): void {
    this.guards.push(guard);
  }

  /** Refused (409) while a guard objects or another segment names it; members leave it silently. */
  async remove(id: string): Promise<void> {
    const doc = await this.doc(id);
    for (const guard of this.guards) {
      const reason = await guard(id);
      if (reason) throw new AppError('conflict', `The segment cannot be deleted: ${reason}`);
    }
    const users = (await this.catalog.current()).dependents.get(id) ?? [];
    if (users.length) {
      const names = await this.segments.find({ _id: { $in: users.map((u) => new Types.ObjectId(u)) } }, { projection: { name: 1 } }).toArray();
      throw new AppError('conflict', `The segment cannot be deleted: ${names.map((n) => `"${n.name}"`).join(', ')} use it (inSegment)`);
    }
    await this.segments.deleteOne({ _id: doc._id });
    await this.catalog.bump();
    // rev: a profile write in flight re-reads and drops the segment (the hook keeps only known ones).
    await this.customers.collection.updateMany({ segments: doc._id }, { $pull: { segments: doc._id }, $unset: { [`segmentChecks.${id}`]: '' }, $inc: { rev: 1 } } as never);
    await this.store.removeSegment(doc._id);
  }

  // ---- queries

  async members(id: string, q: { limit: number; cursor?: string }): Promise<Page<CustomerView>> {
    await this.doc(id);
    return this.customers.search({ segmentId: id, limit: q.limit, cursor: q.cursor });
  }

  /** Per UTC day: members at the end of the day, entries and exits; worked back from memberCount. */
  async history(id: string, q: { from?: Date; to?: Date }): Promise<HistoryDay[]> {
    const doc = await this.doc(id);
    const to = dayOf(q.to ?? this.clock.now());
    const from = dayOf(q.from ?? new Date(Date.parse(to) - 29 * DAY_MS));
    const rows = await this.store.daysFrom(doc._id, from);
    const byDay = new Map(rows.map((r) => [r.day, r]));
    let members = doc.memberCount - rows.filter((r) => r.day > to).reduce((n, r) => n + r.entered - r.exited, 0);
    const created = dayOf(doc.createdAt);
    const out: HistoryDay[] = [];
    for (let t = Date.parse(to); t >= Date.parse(from); t -= DAY_MS) {
      const date = dayOf(new Date(t));
      const row = byDay.get(date);
      if (date < created) out.push({ date, members: 0, entered: 0, exited: 0 });
      else out.push({ date, members: Math.max(0, members), entered: row?.entered ?? 0, exited: row?.exited ?? 0 });
      members -= (row?.entered ?? 0) - (row?.exited ?? 0);
    }
    return out.reverse();
  }

  /** How many customers these rules select now, and the newest ten; nothing is stored. */
  async preview(rules: RuleNode): Promise<PreviewResult<CustomerView>> {
    await this.validateRules(rules, ['rules']);
    const compiled = compileSegment(new Types.ObjectId(), rules);
    if (!compiled) throw new AppError('validation_failed', 'The rules are not valid');
    const { count, sample } = await this.base.preview(compiled, this.clock.now(), PREVIEW_SAMPLE);
    return { count, sample: sample.map(toCustomerView) };
  }

  // ---- the port (cadences)

  async exists(segmentId: string): Promise<boolean> {
    if (!Types.ObjectId.isValid(segmentId)) return false;
    return (await this.segments.countDocuments({ _id: new Types.ObjectId(segmentId) }, { limit: 1 })) > 0;
  }

  /** 400 with paths under `path` for a tree outside the grammar, an unknown inSegment or a cycle. */
  async validateRules(rules: unknown, path: (string | number)[], selfId?: string): Promise<void> {
    const parsed = rulesSchema.safeParse(rules);
    if (!parsed.success) throw validationError(parsed.error, path);
    const refs = segmentRefs(parsed.data, path);
    if (!refs.length) return;
    const details: ErrorDetail[] = [];
    const found = await this.segments.find({ _id: { $in: refs.map((r) => new Types.ObjectId(r.id)) } }, { projection: { rules: 1 } }).toArray();
    const known = new Map(found.map((d) => [d._id.toHexString(), d]));
    for (const r of refs) {
      const where = r.path.join('.');
      if (!known.has(r.id)) details.push({ path: where, field: where, message: 'no segment has this id' });
      else if (selfId && (r.id === selfId || (await this.reaches(r.id, selfId)))) details.push({ path: where, field: where, message: 'this would make segments depend on each other in a cycle' });
    }
    if (details.length) throw new AppError('validation_failed', 'The rules are not valid', details);
  }

  /** Does segment `from` depend (through inSegment, transitively) on `target`? */
  private async reaches(from: string, target: string): Promise<boolean> {
    const seen = new Set<string>();
    let frontier = [from];
    while (frontier.length) {
      const docs = await this.segments.find({ _id: { $in: frontier.map((f) => new Types.ObjectId(f)) } }, { projection: { rules: 1 } }).toArray();
      frontier.forEach((f) => seen.add(f));
      const next = docs.flatMap((d) => {
        const parsed = rulesSchema.safeParse(d.rules);
        return parsed.success ? segmentRefs(parsed.data, []).map((r) => r.id) : [];
      });
      if (next.includes(target)) return true;
      frontier = [...new Set(next)].filter((n) => !seen.has(n));
    }
    return false;
  }

  /** Which of these customers match these rules now (in memory; their events in one query). */
  async matching(rules: unknown, customers: CustomerDoc[], now: Date): Promise<Set<string>> {
    const parsed = rulesSchema.safeParse(rules);
    if (!parsed.success) throw validationError(parsed.error, ['rules']);
    const ast = toAst(parsed.data);
    const deps = dependencies(ast);
    const byCustomer = new Map<string, EventLike[]>();
    if (deps.eventTypes.size && customers.length) {
      const since = new Date(deps.eventWindowMs === null ? 0 : now.getTime() - deps.eventWindowMs);
      for (const e of await this.events.findForCustomers(customers.map((c) => c._id), [...deps.eventTypes], since)) {
        if (e.customerId) byCustomer.set(e.customerId.toHexString(), [...(byCustomer.get(e.customerId.toHexString()) ?? []), e]);
      }
    }
    const out = new Set<string>();
    for (const c of customers) {
      const hex = c._id.toHexString();
      const ctx = eventsContext(byCustomer.get(hex) ?? [], now, new Set(c.segments.map((s) => s.toHexString())));
      if (evaluate(ast, c, ctx)) out.add(hex);
    }
    return out;
  }

  pendingTransitions(limit: number): Promise<Transition[]> {
    return this.store.pending(limit);
  }

  earliestPendingTransitionAt(): Promise<Date | null> {
    return this.store.earliestPendingAt();
  }

  markTransitionsConsumed(ids: Types.ObjectId[]): Promise<void> {
    return this.store.markConsumed(ids);
  }
}
