/**
 * The composition root shared by the API process, the worker and the tests: builds every
 * module's service on one connection and clock, wires the hooks between them, and registers
 * their due work. No module reaches another except through what is wired here.
 */
import type { Connection } from 'mongoose';
import { DueWorkRegistry, type Clock } from './clock.js';
import { Signer } from './lib/tokens.js';
import type { Logger } from './log.js';
import { AuthService } from './modules/auth/index.js';
import { CustomerService } from './modules/customers/index.js';
import { EventService } from './modules/events/index.js';
import { SendService } from './modules/sends/index.js';
import { SegmentService } from './modules/segments/index.js';
import { outboxCollection } from './mail/catcher.js';
import { Mailer } from './mail/mailer.js';
import { Links } from './lib/links.js';
import { TemplateService, type CompanyInfo } from './modules/templates/index.js';
import { CadenceService, EnrollmentEngine, StepEngine, cadenceErasure, exitHook } from './modules/cadences/index.js';
import { TrackingService, feedbackHook } from './modules/tracking/index.js';
import { ReportService } from './modules/reports/index.js';
import { StarterService } from './modules/starters/index.js';

export interface ServicesOptions {
  conn: Connection;
  clock: Clock;
  secret: string;
  log: Logger;
  /** Base of every link put into an email (PUBLIC_URL). */
  publicUrl: string;
  /** The From header (MAIL_FROM). */
  mailFrom: string;
  /** Where mail goes: SMTP_URL or the embedded catcher. */
  smtpUrl: string;
  /** How long a claim on due cadence steps lasts (CLAIM_LEASE), in ms. */
  claimLeaseMs?: number;
  /** The sender's name, postal address and shop URL for email footers (COMPANY_*). */
  company?: Partial<CompanyInfo>;
}

export const defaultCompany: CompanyInfo = { name: 'Retainly Demo Shop', address: '1 Example Street, Springfield, 00000, USA', url: 'https://example.com' };

export interface Services {
  options: ServicesOptions;
  conn: Connection;
  clock: Clock;
  registry: DueWorkRegistry;
  signer: Signer;
  auth: AuthService;
  customers: CustomerService;
  events: EventService;
  sends: SendService;
  segments: SegmentService;
  /** The email link scheme (open pixel, clicks, unsubscribe, preferences) under PUBLIC_URL. */
  links: Links;
  /** The one pooled SMTP transport of the process. */
  mailer: Mailer;
  templates: TemplateService;
  /** Who sends: name, postal address and shop URL (email footers, the public pages). */
  company: CompanyInfo;
  cadences: CadenceService;
  tracking: TrackingService;
  reports: ReportService;
  starters: StarterService;
  /** Creates every index the queries of every module need (real MongoDB uses them). */
  syncIndexes(): Promise<void>;
}

export function createServices(opts: ServicesOptions): Services {
  const { conn, clock } = opts;
  const registry = new DueWorkRegistry(clock);
  const signer = new Signer(opts.secret);
  const auth = new AuthService(conn, clock, signer);
  const customers = new CustomerService(conn, clock);
  const events = new EventService(conn, clock, customers);
  const sends = new SendService(conn);
  const segments = new SegmentService(conn, clock, customers, events);
  customers.writer.addHook(segments.profileHook());
  const links = new Links(signer, opts.publicUrl);
  const mailer = new Mailer({ url: opts.smtpUrl, from: opts.mailFrom, log: opts.log.child({ module: 'mailer' }) });
  const company: CompanyInfo = { ...defaultCompany, ...opts.company };
  const templates = new TemplateService({ conn, clock, links, customers, events, mailer, company, log: opts.log });
  const cadences = new CadenceService(conn, clock, segments, templates, sends, {
    byIds: async (ids) => new Map([...(await customers.resolveIdentities(ids.map((id) => ({ customerId: id.toHexString() }))))].map(([key, doc]) => [key.slice('id:'.length), doc])),
  });
  const enrollment = new EnrollmentEngine(cadences.models, cadences.cache, segments, customers, clock);
  const steps = new StepEngine(cadences.models, cadences.cache, { clock, customers, events, sends, segments, render: templates, mail: mailer, log: opts.log.child({ module: 'cadences' }), claimLeaseMs: opts.claimLeaseMs });
  templates.addDeleteGuard((templateId) => cadences.templateInUse(templateId));
  const tracking = new TrackingService({ clock, links, sends, events, customers, linkTarget: (id, version, index) => templates.linkTarget(id, version, index), log: opts.log.child({ module: 'tracking' }) });
  const reports = new ReportService(conn, clock, sends, {
    segments: () => segments.all(),
    segmentHistory: async (id, from, to) => segments.history(id, { from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T00:00:00Z`) }),
    cadence: async (id) => {
      const c = await cadences.find(id);
      return c && { id: c.id, name: c.name, segmentId: c.segmentId, steps: c.steps.length };
    },
    customers: () => customers.count(),
    activeCadences: async () => (await cadences.cache.list()).filter((c) => c.status === 'active').length,
  });
  const starters = new StarterService(conn, { templates, segments, cadences });

  // After the segment engine has set the customer's segments: exits (events, unsubscribes), then ledger feedback.
  customers.writer.addHook(exitHook(cadences.cache, enrollment));
  customers.writer.addHook(feedbackHook(sends));
  customers.addErasureHook(cadenceErasure(cadences.models));

  customers.addTimelineSource(events.timelineSource());
  customers.addErasureHook(events.erasureHook());
  customers.addExportSource('events', events.exportSource());
  customers.addTimelineSource(sends.timelineSource());
  customers.addErasureHook(sends.erasureHook());
  customers.addExportSource('messages', sends.exportSource());
  customers.addTimelineSource(segments.timelineSource());
  customers.addErasureHook(segments.erasureHook());
  customers.addExportSource('segmentHistory', segments.exportSource());
  customers.addErasureHook(async (_id, email) => {
    if (email) await outboxCollection(conn.db!).deleteMany({ 'envelope.to': email.toLowerCase() });
  });

  registry.register(customers.timeChecks());
  registry.register(events.pendingRepair());
  for (const work of segments.dueWork()) registry.register(work);
  registry.register(enrollment.transitionsWork());
  registry.register(enrollment.backfillWork());
  registry.register(steps.dueWork());
  registry.registerFlushable(tracking);

  return {
    options: opts,
    conn,
    clock,
    registry,
    signer,
    auth,
    customers,
    events,
    sends,
    segments,
    links,
    mailer,
    templates,
    company,
    cadences,
    tracking,
    reports,
    starters,
    async syncIndexes() {
      await Promise.all([auth.syncIndexes(), customers.syncIndexes(), events.syncIndexes(), sends.syncIndexes(), segments.syncIndexes(), templates.syncIndexes(), cadences.syncIndexes(), reports.syncIndexes()]);
    },
  };
}
