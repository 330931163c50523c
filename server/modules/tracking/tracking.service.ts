/**
 * Tracking: records opens and clicks (buffered, written in bulk as ledger engagement and as
 * `email_opened` / `email_clicked` events that feed profiles and segments), resolves click targets,
 * and carries out unsubscribes and resubscribes from the public pages.
 */
import { Types } from 'mongoose';
import type { Clock, Flushable } from '../../clock.js';
import type { LinkSubject, Links } from '../../lib/links.js';
import type { Logger } from '../../log.js';
import type { CustomerDoc, CustomerService } from '../customers/index.js';
import type { EventService, SystemEvent } from '../events/index.js';
import type { Engagement, MessageDoc, SendService } from '../sends/index.js';
import { HitBuffer, type TrackedHit } from './hit.buffer.js';
import { burstClicks, classifyClick, classifyOpen, type Hit } from './machine.js';

/** The template module's link table: the target of link `index` of a template version. */
export type LinkTargetPort = (templateId: string, version: number, index: number) => Promise<string | null>;

export interface TrackingDeps {
  clock: Clock;
  links: Links;
  sends: SendService;
  events: EventService;
  customers: CustomerService;
  linkTarget: LinkTargetPort;
  log: Logger;
  maxBuffered?: number;
}

const RECENT_CLICKS_MS = 2_000;
const TARGET_CACHE = 10_000;

export class TrackingService implements Flushable {
  readonly name = 'tracking-hits';
  readonly buffer: HitBuffer;
  private recentClicks: Hit[] = [];
  private readonly targets = new Map<string, Pick<MessageDoc, 'templateId' | 'templateVersion' | 'dynamicLinks'> | null>();

  constructor(private readonly deps: TrackingDeps) {
    this.buffer = new HitBuffer((hits) => this.write(hits), deps.log, deps.maxBuffered);
  }

  flush(): Promise<void> {
    return this.buffer.flush();
  }

  open(messageId: string, req: { userAgent: string; ip: string; method: string }): void {
    this.buffer.push({ kind: 'open', messageId, at: this.deps.clock.now(), ...req });
  }

  /** The original URL of a verified click link (null: no such message or link), and the hit recorded. */
  async click(messageId: string, linkIndex: number, req: { userAgent: string; ip: string; method: string }): Promise<string | null> {
    const target = await this.target(messageId, linkIndex);
    if (!target) return null;
    this.buffer.push({ kind: 'click', messageId, linkIndex, target, at: this.deps.clock.now(), ...req });
    return target;
  }

  private async target(messageId: string, index: number): Promise<string | null> {
    let row = this.targets.get(messageId);
    if (row === undefined) {
      row = await this.deps.sends.collection.findOne({ _id: new Types.ObjectId(messageId) }, { projection: { templateId: 1, templateVersion: 1, dynamicLinks: 1 } });
      if (this.targets.size >= TARGET_CACHE) this.targets.delete(this.targets.keys().next().value!);
      this.targets.set(messageId, row);
    }
    if (!row) return null;
    const url = row.dynamicLinks?.[String(index)] ?? (await this.deps.linkTarget(row.templateId.toHexString(), row.templateVersion, index));
    // Only ever redirect to an absolute http(s) URL that the email itself contained.
    return url && /^https?:\/\/[^/\\\s]/i.test(url) ? url : null;
  }

  /** One flush: engagement on the ledger rows, then the events (profiles, segments). */
  private async write(hits: TrackedHit[]): Promise<void> {
    const ids = [...new Set(hits.map((h) => h.messageId))].map((id) => new Types.ObjectId(id));
    const rows = new Map((await this.deps.sends.byIds(ids)).map((m) => [m._id.toHexString(), m]));
    const newest = Math.max(...hits.map((h) => h.at.getTime()));
    this.recentClicks = this.recentClicks.filter((c) => newest - c.at.getTime() < RECENT_CLICKS_MS);
    const clicks = hits.filter((h) => h.kind === 'click');
    const burst = burstClicks([...this.recentClicks, ...clicks]);
    this.recentClicks.push(...clicks);

    const engagement = new Map<string, Engagement>();
    const events: SystemEvent[] = [];
    for (const hit of hits) {
      const row = rows.get(hit.messageId);
      if (!row || row.status !== 'sent') continue;
      const machine = hit.kind === 'open' ? classifyOpen(hit, row.sentAt) : classifyClick(hit, row.sentAt, burst.has(hit));
      const e = engagement.get(hit.messageId) ?? { messageId: row._id, opens: 0, clicks: 0, machineOpens: 0, machineClicks: 0, firstOpenAt: null, firstClickAt: null };
      if (hit.kind === 'open' && machine) e.machineOpens++;
      else if (hit.kind === 'open') {
        e.opens++;
        e.firstOpenAt = earliest(e.firstOpenAt, hit.at);
      } else if (machine) e.machineClicks++;
      else {
        // A person who clicks has opened, even when their client blocked the pixel.
        e.clicks++;
        e.firstClickAt = earliest(e.firstClickAt, hit.at);
        e.firstOpenAt = earliest(e.firstOpenAt, hit.at);
      }
      engagement.set(hit.messageId, e);
      if (row.customerId) events.push(hitEvent(hit, row, machine));
    }
    await this.deps.sends.facts.engage([...engagement.values()], this.deps.clock.now());
    await this.deps.events.record(events);
  }

  /** The customer a link subject names (null when erased or unknown), and the message if any. */
  async subject(s: LinkSubject): Promise<{ customer: CustomerDoc | null; message: MessageDoc | null }> {
    const message = s.kind === 'message' ? await this.deps.sends.collection.findOne({ _id: new Types.ObjectId(s.id) }) : null;
    const customerId = s.kind === 'customer' ? new Types.ObjectId(s.id) : message?.customerId;
    const customer = customerId ? await this.deps.customers.getDoc(customerId) : null;
    return { customer, message };
  }

  /** Unsubscribes at once; harmless to repeat. Returns the customer as it now stands (null: unknown). */
  async unsubscribe(s: LinkSubject, source: 'one-click' | 'page' | 'preferences'): Promise<CustomerDoc | null> {
    const { customer, message } = await this.subject(s);
    const now = this.deps.clock.now();
    if (message) await this.deps.sends.facts.unsubscribed(message._id, now);
    if (!customer) return null;
    if (customer.subscription.status !== 'subscribed') return customer;
    const properties: Record<string, unknown> = { source };
    if (message) Object.assign(properties, { messageId: message._id.toHexString(), cadenceId: message.cadenceId.toHexString(), segmentId: message.segmentId.toHexString(), step: message.step });
    await this.deps.events.record([{ customerId: customer._id, type: 'unsubscribed', occurredAt: now, properties }]);
    return this.deps.customers.getDoc(customer._id);
  }

  /** Resubscribes an unsubscribed customer (a bounced or complained address stays suppressed). */
  async resubscribe(s: LinkSubject): Promise<CustomerDoc | null> {
    const { customer } = await this.subject(s);
    if (!customer || customer.subscription.status !== 'unsubscribed') return customer;
    await this.deps.events.record([{ customerId: customer._id, type: 'resubscribed', occurredAt: this.deps.clock.now(), properties: { source: 'preferences' } }]);
    return this.deps.customers.getDoc(customer._id);
  }
}

function earliest(a: Date | null, b: Date): Date {
  return a && a.getTime() <= b.getTime() ? a : b;
}

function hitEvent(hit: TrackedHit, row: MessageDoc, machine: string | null): SystemEvent {
  const properties: Record<string, unknown> = { messageId: row._id.toHexString(), cadenceId: row.cadenceId.toHexString(), segmentId: row.segmentId.toHexString(), step: row.step, machine: machine !== null };
  if (machine) properties.machineReason = machine;
  if (hit.kind === 'click') Object.assign(properties, { linkIndex: hit.linkIndex, url: hit.target });
  return { customerId: row.customerId!, type: hit.kind === 'open' ? 'email_opened' : 'email_clicked', occurredAt: hit.at, properties };
}
