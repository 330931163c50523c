/**
 * Cadences: CRUD, activate (optionally enrolling current members), pause, resume, archive, and the
 * read side (per-step counts, enrollments, the send ledger). The engines do the scheduling.
 */
import { ensureCompatLookupIndex } from '../../db/compat-indexes.js';
import { Types, type Connection } from 'mongoose';
import type { Clock } from '../../clock.js';
import { AppError, notFound } from '../../http/errors.js';
import { decodeCursor, toPage, type Page } from '../../lib/pagination.js';
import { CadenceCache } from './cadence.cache.js';
import type { SendService } from '../sends/index.js';
import { cadenceModels, type CadenceDoc, type CadenceModels, type EnrollmentDoc } from './cadence.model.js';
import type { CadenceInput, CadencePatch, CadenceView, EnrollmentView, StepCounts } from './cadence.schema.js';
import { cadenceView, enrollmentView } from './cadence.views.js';
import type { CustomerLookup, RenderPort, SegmentPort } from './ports.js';

export class CadenceService {
  readonly models: CadenceModels;
  readonly cache: CadenceCache;

  constructor(
    private readonly conn: Connection,
    private readonly clock: Clock,
    private readonly segments: SegmentPort,
    private readonly render: RenderPort,
    private readonly sends: SendService,
    private readonly customers: CustomerLookup,
  ) {
    this.models = cadenceModels(conn);
    this.cache = new CadenceCache(this.models.Cadence);
    segments.addDeleteGuard(async (segmentId) => {
      const used = await this.models.Cadence.findOne({ segmentId: new Types.ObjectId(segmentId), status: { $in: ['active', 'paused'] } }, { name: 1 }).lean();
      return used ? `the cadence "${used.name}" uses this segment` : null;
    });
  }

  async syncIndexes(): Promise<void> {
    await Promise.all([this.models.Cadence.createIndexes(), this.models.Enrollment.createIndexes()]);
    // A step's writes are keyed { _id, claimBy } (the lease must still be held).
    await ensureCompatLookupIndex(this.models.Enrollment.db.db!, 'enrollments', { claimBy: 1 });
  }

  /** Cross-field checks zod cannot do alone: the segment, the templates, the onlyIf rules exist and are valid. */
  private async validateRefs(input: Partial<CadenceInput>): Promise<void> {
    const details: { path: string; message: string }[] = [];
    if (input.segmentId && !(await this.segments.exists(input.segmentId))) details.push({ path: 'segmentId', message: 'no segment has this id' });
    for (const [i, step] of (input.steps ?? []).entries()) {
      if ((await this.render.currentVersion(step.templateId)) === null) details.push({ path: `steps.${i}.templateId`, message: 'no template has this id' });
      if (step.onlyIf !== undefined) await this.segments.validateRules(step.onlyIf, ['steps', i, 'onlyIf']);
    }
    if (details.length) throw new AppError('validation_failed', 'The cadence refers to things that do not exist', details);
  }

  async create(input: CadenceInput): Promise<CadenceView> {
    await this.validateRefs(input);
    const now = this.clock.now();
    const doc: CadenceDoc = {
      _id: new Types.ObjectId(),
      name: input.name,
      segmentId: new Types.ObjectId(input.segmentId),
      steps: input.steps,
      exitOn: input.exitOn,
      reentry: input.reentry,
      quietHours: input.quietHours ?? null,
      frequencyCap: input.frequencyCap ?? null,
      status: 'draft',
      version: 1,
      activatedAt: null,
      backfill: null,
      createdAt: now,
      updatedAt: now,
    };
    await this.models.Cadence.collection.insertOne(doc);
    this.cache.invalidate();
    if (input.status === 'active') return this.activate(doc._id.toHexString(), true);
    return cadenceView(doc);
  }

  private async load(id: string): Promise<CadenceDoc> {
    const doc = await this.models.Cadence.findById(id).lean<CadenceDoc>();
    if (!doc) throw notFound('Cadence');
    return doc;
  }

  async get(id: string): Promise<CadenceView> {
    const doc = await this.load(id);
    const [stepCounts, enrollments] = await Promise.all([this.stepCounts(doc), this.enrollmentCounts(doc._id)]);
    return { ...cadenceView(doc), stepCounts, enrollments };
  }

  /** The cadence, or null (reports ask without failing). */
  async find(id: string): Promise<CadenceView | null> {
    const doc = await this.models.Cadence.findById(id).lean<CadenceDoc>();
    return doc ? cadenceView(doc) : null;
  }

  /** Refuses deleting a template a cadence still sends (archived cadences no longer count). */
  async templateInUse(templateId: string): Promise<string | null> {
    const used = await this.models.Cadence.findOne({ status: { $ne: 'archived' }, 'steps.templateId': templateId }, { name: 1 }).lean<CadenceDoc>();
    return used ? `the cadence "${used.name}" sends this template` : null;
  }

  async list(q: { limit: number; cursor?: string }): Promise<Page<CadenceView>> {
    const before = decodeCursor(q.cursor);
    const rows = await this.models.Cadence.find(before ? { _id: { $lt: before } } : {}).sort({ _id: -1 }).limit(q.limit + 1).lean<CadenceDoc[]>();
    const counts = await this.enrollmentCountsOf(rows.slice(0, q.limit).map((r) => r._id));
    return toPage(rows, q.limit, (c) => ({ ...cadenceView(c), enrollments: counts.get(c._id.toHexString()) ?? { active: 0, completed: 0, exited: 0 } }));
  }

  /** Enrollment counts by status of a page of cadences, in one aggregation. */
  private async enrollmentCountsOf(ids: Types.ObjectId[]): Promise<Map<string, { active: number; completed: number; exited: number }>> {
    const out = new Map<string, { active: number; completed: number; exited: number }>();
    if (!ids.length) return out;
    const rows = await this.models.Enrollment.aggregate<{ _id: { c: Types.ObjectId; s: 'active' | 'completed' | 'exited' }; n: number }>([
      { $match: { cadenceId: { $in: ids } } },
      { $group: { _id: { c: '$cadenceId', s: '$status' }, n: { $sum: 1 } } },
    ]);
    for (const r of rows) {
      const key = r._id.c.toHexString();
      const counts = out.get(key) ?? { active: 0, completed: 0, exited: 0 };
      counts[r._id.s] = r.n;
      out.set(key, counts);
    }
    return out;
  }

  /**
   * Edits apply to enrollments in flight: each enrollment keeps its step index and its due time;
   * the step it reaches next is read from the current steps (a removed step completes it).
   */
  async update(id: string, patch: CadencePatch): Promise<CadenceView> {
    const doc = await this.load(id);
    if (doc.status === 'archived') throw new AppError('conflict', 'An archived cadence cannot be edited');
    if (patch.segmentId && patch.segmentId !== doc.segmentId.toHexString() && doc.status !== 'draft') {
      throw new AppError('conflict', 'The segment of an activated cadence cannot change; create a new cadence');
    }
    await this.validateRefs(patch);
    const set: Record<string, unknown> = { ...patch, updatedAt: this.clock.now() };
    if (patch.segmentId) set.segmentId = new Types.ObjectId(patch.segmentId);
    const updated = await this.models.Cadence.findOneAndUpdate({ _id: doc._id }, { $set: set, $inc: { version: 1 } }, { returnDocument: 'after' }).lean<CadenceDoc>();
    this.cache.invalidate();
    return cadenceView(updated!);
  }

  async activate(id: string, enrollExisting: boolean): Promise<CadenceView> {
    const doc = await this.load(id);
    if (doc.status === 'archived') throw new AppError('conflict', 'An archived cadence cannot be activated');
    if (doc.status === 'active') return cadenceView(doc);
    if (doc.status === 'paused') throw new AppError('conflict', 'The cadence is paused: resume it');
    const now = this.clock.now();
    const updated = await this.models.Cadence.findOneAndUpdate(
      { _id: doc._id, status: 'draft' },
      { $set: { status: 'active', activatedAt: now, updatedAt: now, backfill: enrollExisting ? { afterId: null, at: now } : null } },
      { returnDocument: 'after' },
    ).lean<CadenceDoc>();
    this.cache.invalidate();
    return cadenceView(updated ?? (await this.load(id)));
  }

  async pause(id: string): Promise<CadenceView> {
    return this.setHeld(id, 'active', 'paused', true);
  }

  /** Steps that fell due during the pause go out now (they are not expired by the pause). */
  async resume(id: string): Promise<CadenceView> {
    const view = await this.setHeld(id, 'paused', 'active', false);
    const now = this.clock.now();
    await this.models.Enrollment.updateMany({ cadenceId: new Types.ObjectId(id), status: 'active', nextStepAt: { $lt: now } }, { $set: { nextStepAt: now } });
    return view;
  }

  private async setHeld(id: string, from: string, to: string, held: boolean): Promise<CadenceView> {
    const doc = await this.load(id);
    if (doc.status !== from) throw new AppError('conflict', `Only a ${from} cadence can be ${to === 'paused' ? 'paused' : 'resumed'}`);
    const now = this.clock.now();
    const updated = await this.models.Cadence.findOneAndUpdate({ _id: doc._id, status: from }, { $set: { status: to, updatedAt: now } }, { returnDocument: 'after' }).lean<CadenceDoc>();
    await this.models.Enrollment.updateMany({ cadenceId: doc._id, status: 'active' }, held ? { $set: { held: true } } : { $unset: { held: '' } });
    this.cache.invalidate();
    return cadenceView(updated ?? doc);
  }

  /** Archive: the cadence stops for good; its active enrollments exit. */
  async archive(id: string): Promise<void> {
    const doc = await this.load(id);
    const now = this.clock.now();
    await this.models.Cadence.updateOne({ _id: doc._id }, { $set: { status: 'archived', backfill: null, updatedAt: now } });
    await this.models.Enrollment.updateMany({ cadenceId: doc._id, status: 'active' }, { $set: { status: 'exited', exitReason: 'cadence_archived', nextStepAt: null, completedAt: now } });
    this.cache.invalidate();
  }

  private async enrollmentCounts(cadenceId: Types.ObjectId): Promise<{ active: number; completed: number; exited: number }> {
    return (await this.enrollmentCountsOf([cadenceId])).get(cadenceId.toHexString()) ?? { active: 0, completed: 0, exited: 0 };
  }

  async stepCounts(doc: CadenceDoc): Promise<StepCounts[]> {
    const rows = await this.sends.stepStatusCounts(doc._id);
    const delayed = doc.delayedCounts ?? {};
    return doc.steps.map((_, step) => {
      const mine = rows.filter((r) => r.step === step);
      const count = (s: string): number => mine.find((r) => r.status === s)?.n ?? 0;
      return {
        step,
        sent: count('sent'),
        failed: count('failed'),
        suppressed: count('suppressed'),
        skipped: count('skipped'),
        expired: count('expired'),
        review: count('review'),
        opened: mine.reduce((n, r) => n + r.opened, 0),
        clicked: mine.reduce((n, r) => n + r.clicked, 0),
        converted: mine.reduce((n, r) => n + r.conversions, 0),
        delayed: delayed[String(step)] ?? 0,
      };
    });
  }

  async enrollments(id: string, q: { status?: string; limit: number; cursor?: string }): Promise<Page<EnrollmentView>> {
    const doc = await this.load(id);
    const filter: Record<string, unknown> = { cadenceId: doc._id };
    if (q.status) filter.status = q.status;
    const before = decodeCursor(q.cursor);
    if (before) filter._id = { $lt: before };
    const rows = await this.models.Enrollment.find(filter).sort({ _id: -1 }).limit(q.limit + 1).lean<EnrollmentDoc[]>();
    const people = await this.customers.byIds(rows.slice(0, q.limit).map((r) => r.customerId));
    return toPage(rows, q.limit, (e) => enrollmentView(e, people.get(e.customerId.toHexString())));
  }
}
