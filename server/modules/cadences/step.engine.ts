/**
 * Due cadence steps, claimed in batches. A claim is an atomic per-enrollment lease (claimBy,
 * claimUntil), so several workers share the due steps without overlap and a crashed worker's claims
 * expire and are taken over. At most once per (enrollment, step): the ledger row is inserted (unique
 * key) before the SMTP call; a row found still `sending` after a crash is marked `review`, never resent.
 */
import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { durationMs, type Clock, type DueWork } from '../../clock.js';
import type { Logger } from '../../log.js';
import type { CustomerDoc, CustomerService } from '../customers/index.js';
import type { EventService } from '../events/index.js';
import type { CadenceCache } from './cadence.cache.js';
import { emailSentEvent, type MessageDoc, type NewMessage, type SendOutcome, type SendService } from '../sends/index.js';
import type { CadenceDoc, CadenceModels, EnrollmentDoc } from './cadence.model.js';
import { decideStep, type Decision } from './step.decide.js';
import type { MailPort, RenderPort, SegmentPort } from './ports.js';
import { updateEachById } from '../../db/bulk.js';
import type { Collection } from '../../db/driver.js';

const BATCH = 200;
export const CLAIM_LEASE_MS = 60_000;

interface Loaded {
  customers: Map<string, CustomerDoc>;
  previous: Map<string, MessageDoc[]>;
  recentSends: Map<string, Date[]>;
  exitEvents: Map<string, string[]>;
  onlyIf: Map<string, boolean>;
}

export class StepEngine {
  private readonly ledger: SendService;

  constructor(
    private readonly models: CadenceModels,
    private readonly cache: CadenceCache,
    private readonly deps: { clock: Clock; customers: CustomerService; events: EventService; sends: SendService; segments: SegmentPort; render: RenderPort; mail: MailPort; log: Logger; claimLeaseMs?: number },
  ) {
    this.ledger = deps.sends;
  }

  dueWork(): DueWork {
    return {
      name: 'cadence-steps',
      // Claims are atomic: while one batch waits on SMTP, others load, render and write.
      parallel: 3,
      nextDueAt: async () => {
        const next = await this.models.Enrollment.findOne({ status: 'active', held: { $ne: true }, nextStepAt: { $ne: null } }, { nextStepAt: 1 }).sort({ nextStepAt: 1 }).lean<EnrollmentDoc>();
        return next?.nextStepAt ?? null;
      },
      runDue: (now) => this.processDue(now),
    };
  }

  /** Claims up to one batch of due steps and processes it; returns how many were claimed. */
  async processDue(now: Date): Promise<number> {
    const claimed = await this.claim(now);
    if (!claimed.length) return 0;
    const token = claimed[0]!.claimBy!;
    // The lease is renewed while the batch is worked on (a slow SMTP server, retries with backoff):
    // it expires only when this process stops renewing it (killed, frozen, cut off), and only then
    // does another worker take the batch over. Time stands still on the manual clock: no renewal.
    const leaseMs = this.deps.claimLeaseMs ?? CLAIM_LEASE_MS;
    const renewal =
      this.deps.clock.mode === 'real'
        ? setInterval(() => {
            this.renew(claimed, token, leaseMs).catch((err: unknown) => this.deps.log.warn({ err }, 'could not renew a claim on due steps'));
          }, Math.max(200, Math.floor(leaseMs / 3)))
        : null;
    renewal?.unref();
    try {
      await this.processBatch(claimed, now, token);
    } finally {
      if (renewal) clearInterval(renewal);
      // Anything not advanced (an error mid-batch) is released for the next pass.
      await this.release(claimed, token);
    }
    return claimed.length;
  }

  /** Extends this lease on the enrollments of the batch it still holds (advanced ones are released). */
  private async renew(batch: Pick<EnrollmentDoc, '_id'>[], token: string, leaseMs: number): Promise<void> {
    const claimUntil = new Date(this.deps.clock.now().getTime() + leaseMs);
    await updateEachById(this.enrollments(), batch.map((e) => e._id), { $set: { claimUntil } }, { claimBy: token });
  }

  private async claim(now: Date): Promise<EnrollmentDoc[]> {
    const free = { $or: [{ claimUntil: null }, { claimUntil: { $lt: now } }] };
    const due = { status: 'active' as const, held: { $ne: true }, nextStepAt: { $lte: now }, ...free };
    const candidates = await this.models.Enrollment.find(due, { _id: 1, claimBy: 1 }).sort({ nextStepAt: 1 }).limit(BATCH).lean<Pick<EnrollmentDoc, '_id' | 'claimBy'>[]>();
    if (!candidates.length) return [];
    const token = randomBytes(8).toString('hex');
    // Compare and swap on the claim read with the candidate (none, or an expired one): another
    // worker's claim in between changes it and this one misses. Keyed `{ _id, claimBy }` only, a
    // lookup on every server (see db/compat-indexes).
    const lease = { claimBy: token, claimUntil: new Date(now.getTime() + (this.deps.claimLeaseMs ?? CLAIM_LEASE_MS)) };
    await this.enrollments().bulkWrite(
      candidates.map((c) => ({ updateOne: { filter: { _id: c._id, claimBy: c.claimBy ?? null }, update: { $set: lease } } })),
      { ordered: false },
    );
    // By id alone (an index lookup on every server), then this lease's in memory.
    const claimed = (await this.models.Enrollment.find({ _id: { $in: candidates.map((c) => c._id) } }).lean<EnrollmentDoc[]>()).filter((e) => e.claimBy === token);
    // A candidate processed and released by another worker since it was read has the same (empty)
    // claim again: only what is still due under this lease is kept, the rest released at once.
    const stillDue = claimed.filter((e) => e.status === 'active' && e.held !== true && e.nextStepAt !== null && e.nextStepAt.getTime() <= now.getTime());
    if (stillDue.length < claimed.length) {
      const keep = new Set(stillDue.map((e) => e._id.toHexString()));
      await this.release(claimed.filter((e) => !keep.has(e._id.toHexString())), token);
    }
    return stillDue;
  }

  /** Releases this lease's claim on these enrollments (by id and claim: a lookup, never a scan). */
  private async release(batch: Pick<EnrollmentDoc, '_id'>[], token: string): Promise<void> {
    await updateEachById(this.enrollments(), batch.map((e) => e._id), { $set: { claimBy: null, claimUntil: null } }, { claimBy: token });
  }

  private enrollments(): Collection<EnrollmentDoc> {
    return this.models.Enrollment.collection as unknown as Collection<EnrollmentDoc>;
  }

  private async processBatch(batch: EnrollmentDoc[], now: Date, token: string): Promise<void> {
    const cadences = new Map<string, CadenceDoc>();
    for (const e of batch) {
      const c = await this.cache.byId(e.cadenceId);
      if (c) cadences.set(e.cadenceId.toHexString(), c);
    }
    const loaded = await this.load(batch, cadences, now);
    const sends: { e: EnrollmentDoc; cadence: CadenceDoc; customer: CustomerDoc }[] = [];
    const writes: Promise<unknown>[] = [];
    for (const e of batch) {
      const cadence = cadences.get(e.cadenceId.toHexString());
      const cid = e.customerId.toHexString();
      const customer = loaded.customers.get(cid);
      const decision = decideStep({
        now,
        mode: this.deps.clock.mode,
        cadence,
        enrollment: e,
        customer,
        exitEvents: loaded.exitEvents.get(e._id.toHexString()) ?? [],
        previous: loaded.previous.get(e._id.toHexString()) ?? [],
        recentSends: loaded.recentSends.get(cid) ?? [],
        onlyIfHolds: loaded.onlyIf.get(e._id.toHexString()),
      });
      if (decision.kind === 'send') {
        sends.push({ e, cadence: cadence!, customer: customer! });
        loaded.recentSends.set(cid, [...(loaded.recentSends.get(cid) ?? []), now]);
      } else writes.push(this.settle(e, cadence, customer, decision, now, token));
    }
    await Promise.all(writes);
    if (sends.length) await this.send(sends, now, token);
  }

  private async load(batch: EnrollmentDoc[], cadences: Map<string, CadenceDoc>, now: Date): Promise<Loaded> {
    const customerIds = [...new Map(batch.map((e) => [e.customerId.toHexString(), e.customerId])).values()];
    const docs = await this.deps.customers.collection.find({ _id: { $in: customerIds } }).toArray();
    const customers = new Map(docs.map((c) => [c._id.toHexString(), c]));
    const previous = groupBy(await this.ledger.forEnrollments(batch.map((e) => e._id)), (m) => m.enrollmentId.toHexString());
    const caps = [...cadences.values()].flatMap((c) => (c.frequencyCap ? [durationMs(c.frequencyCap.per)] : []));
    const recentSends = new Map<string, Date[]>();
    if (caps.length) {
      for (const m of await this.ledger.sentSince(customerIds, new Date(now.getTime() - Math.max(...caps)))) {
        const k = m.customerId!.toHexString();
        recentSends.set(k, [...(recentSends.get(k) ?? []), m.sentAt!]);
      }
    }
    // Exit events since enrolling: the profile remembers the latest time of each event type; only a
    // profile that cannot tell (written before it did, or with types dropped) asks the events.
    const exitEvents = new Map<string, string[]>();
    const unsure: EnrollmentDoc[] = [];
    for (const e of batch) {
      const wanted = cadences.get(e.cadenceId.toHexString())?.exitOn.events ?? [];
      if (!wanted.length) continue;
      const c = customers.get(e.customerId.toHexString());
      // Incomplete: a type dropped and seen again may show a later event's time but not an
      // earlier one's, so such a profile asks the events too.
      if (!c?.lastEvents || c.lastEventsIncomplete) {
        unsure.push(e);
        continue;
      }
      const latest = new Map(c.lastEvents.map((x) => [x.type, x.at]));
      const types = wanted.filter((t) => (latest.get(t)?.getTime() ?? -Infinity) >= e.enrolledAt.getTime());
      if (types.length) exitEvents.set(e._id.toHexString(), types);
    }
    if (unsure.length) {
      const exitTypes = [...new Set(unsure.flatMap((e) => cadences.get(e.cadenceId.toHexString())?.exitOn.events ?? []))];
      const minEnrolled = new Date(Math.min(...unsure.map((e) => e.enrolledAt.getTime())));
      const events = await this.deps.events.findForCustomers([...new Map(unsure.map((e) => [e.customerId.toHexString(), e.customerId])).values()], exitTypes, minEnrolled);
      for (const e of unsure) {
        const cadence = cadences.get(e.cadenceId.toHexString());
        const types = events.filter((ev) => ev.customerId?.equals(e.customerId) && ev.occurredAt >= e.enrolledAt && cadence?.exitOn.events.includes(ev.type)).map((ev) => ev.type);
        if (types.length) exitEvents.set(e._id.toHexString(), types);
      }
    }
    return { customers, previous, recentSends, exitEvents, onlyIf: await this.onlyIf(batch, cadences, customers, now) };
  }

  /** onlyIf evaluated with the segment engine, one call per distinct (cadence, step) in the batch. */
  private async onlyIf(batch: EnrollmentDoc[], cadences: Map<string, CadenceDoc>, customers: Map<string, CustomerDoc>, now: Date): Promise<Map<string, boolean>> {
    const out = new Map<string, boolean>();
    const groups = groupBy(batch, (e) => `${e.cadenceId.toHexString()}:${e.currentStep}`);
    for (const group of groups.values()) {
      const rules = cadences.get(group[0]!.cadenceId.toHexString())?.steps[group[0]!.currentStep]?.onlyIf;
      if (rules === undefined || rules === null) continue;
      const docs = group.flatMap((e) => customers.get(e.customerId.toHexString()) ?? []);
      const matching = await this.deps.segments.matching(rules, docs, now);
      for (const e of group) out.set(e._id.toHexString(), matching.has(e.customerId.toHexString()));
    }
    return out;
  }

  /** Writes a decision that sends nothing. */
  private async settle(e: EnrollmentDoc, cadence: CadenceDoc | undefined, customer: CustomerDoc | undefined, d: Exclude<Decision, { kind: 'send' }>, now: Date, token: string): Promise<void> {
    const own = { _id: e._id, claimBy: token };
    const release = { claimBy: null, claimUntil: null };
    switch (d.kind) {
      case 'exit':
        await this.models.Enrollment.updateOne(own, { $set: { status: 'exited', exitReason: d.reason, nextStepAt: null, completedAt: now, ...release } });
        return;
      case 'complete':
        await this.models.Enrollment.updateOne(own, { $set: { status: 'completed', nextStepAt: null, completedAt: now, ...release } });
        return;
      case 'wait':
        await this.models.Enrollment.updateOne(own, {
          $set: { nextStepAt: d.until, lastDelayReason: d.reason, ...release },
          ...(d.reason === 'frequency_cap' ? { $inc: { delayedCount: 1 } } : {}),
        });
        if (d.reason === 'frequency_cap') await this.models.Cadence.updateOne({ _id: e.cadenceId }, { $inc: { [`delayedCounts.${e.currentStep}`]: 1 } });
        return;
      case 'record': {
        const templateId = cadence!.steps[e.currentStep]?.templateId ?? cadence!.steps[0]!.templateId;
        await this.ledger.insert([this.ledger.newRow(this.rowFor(e, cadence!, customer ?? null, templateId, 0), now, d.status, d.reason)]);
        if (d.thenExit) await this.models.Enrollment.updateOne(own, { $set: { status: 'exited', exitReason: d.thenExit, nextStepAt: null, completedAt: now, ...release } });
        else await this.advance(e, cadence!, now, token);
        return;
      }
    }
  }

  /** Moves an enrollment past its current step: the next one is due `delay` from now. */
  private async advance(e: EnrollmentDoc, cadence: CadenceDoc, now: Date, token: string): Promise<void> {
    const next = e.currentStep + 1;
    const step = cadence.steps[next];
    const release = { claimBy: null, claimUntil: null };
    const set = step
      ? { currentStep: next, nextStepAt: new Date(now.getTime() + durationMs(step.delay)), ...release }
      : { currentStep: next, status: 'completed', nextStepAt: null, completedAt: now, ...release };
    await this.models.Enrollment.updateOne({ _id: e._id, claimBy: token }, { $set: set });
  }

  private async send(items: { e: EnrollmentDoc; cadence: CadenceDoc; customer: CustomerDoc }[], now: Date, token: string): Promise<void> {
    const versions = new Map<string, number | null>();
    for (const { cadence, e } of items) {
      const id = cadence.steps[e.currentStep]!.templateId;
      if (!versions.has(id)) versions.set(id, await this.deps.render.currentVersion(id));
    }
    // Claim each (enrollment, step) in the ledger first: a duplicate key means it was handled before.
    const rows = items.map(({ e, cadence, customer }) => {
      const templateId = cadence.steps[e.currentStep]!.templateId;
      return { item: { e, cadence, customer }, row: this.ledger.newRow(this.rowFor(e, cadence, customer, templateId, versions.get(templateId) ?? 0), now) };
    });
    const fresh = await this.ledger.insert(rows.map((r) => r.row));
    const settled: Promise<unknown>[] = [];
    for (const r of rows) {
      if (!fresh.has(r.row._id.toHexString())) settled.push(this.resolveEarlierAttempt(r.item.e, r.item.cadence, now, token));
    }
    const toSend = rows.filter((r) => fresh.has(r.row._id.toHexString()));
    const results = await this.renderAndSend(toSend, versions, now);
    await this.ledger.finish(results, now);
    await this.deps.events.record(results.filter((r) => r.status === 'sent').map((r) => emailSentEvent({ ...r.row, customerId: r.row.customerId! }, now)));
    await Promise.all([...settled, ...toSend.map((r) => this.advance(r.item.e, r.item.cadence, now, token))]);
  }

  private async renderAndSend(
    rows: { item: { e: EnrollmentDoc; cadence: CadenceDoc; customer: CustomerDoc }; row: MessageDoc }[],
    versions: Map<string, number | null>,
    now: Date,
  ): Promise<SendOutcome[]> {
    const byTemplate = groupBy(rows, (r) => r.row.templateId.toHexString());
    const out: SendOutcome[] = [];
    for (const [templateId, group] of byTemplate) {
      const version = versions.get(templateId);
      if (!version) {
        out.push(...group.map((g) => ({ row: g.row, status: 'failed' as const, subject: null, smtpMessageId: null, error: 'template not found' })));
        continue;
      }
      const emails = await this.deps.render.render(
        templateId,
        version,
        group.map((g) => ({ messageId: g.row._id, customer: g.item.customer, cadence: { name: g.item.cadence.name }, step: { index: g.item.e.currentStep } })),
        now,
      );
      const results = await Promise.all(emails.map((m) => this.deps.mail.send(m)));
      results.forEach((res, i) => out.push({ row: group[i]!.row, status: res.status, subject: emails[i]!.subject, smtpMessageId: res.smtpMessageId, error: res.error, dynamicLinks: emails[i]!.dynamicLinks }));
    }
    return out;
  }

  private rowFor(e: EnrollmentDoc, cadence: CadenceDoc, customer: CustomerDoc | null, templateId: string, templateVersion: number): NewMessage {
    return {
      enrollmentId: e._id,
      cadenceId: cadence._id,
      segmentId: cadence.segmentId,
      customerId: e.customerId,
      step: e.currentStep,
      templateId: new Types.ObjectId(templateId),
      templateVersion,
      to: customer?.email ?? null,
    };
  }

  /** The ledger already had this (enrollment, step): finished before a crash, or unknown (`review`). */
  private async resolveEarlierAttempt(e: EnrollmentDoc, cadence: CadenceDoc, now: Date, token: string): Promise<void> {
    await this.ledger.markInterrupted(e._id, e.currentStep, now);
    await this.advance(e, cadence, now, token);
  }
}

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) m.set(key(x), [...(m.get(key(x)) ?? []), x]);
  return m;
}

