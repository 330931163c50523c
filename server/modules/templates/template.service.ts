/**
 * Templates: the versioned store behind the API, rendering for the cadence engine (one compiled
 * version, many recipients, tracking-ready), previews and untracked test sends, starter install.
 */
import { Types, type Connection } from 'mongoose';
import type { Clock } from '../../clock.js';
import { AppError, notFound } from '../../http/errors.js';
import type { Links } from '../../lib/links.js';
import type { Page } from '../../lib/pagination.js';
import type { Logger } from '../../log.js';
import type { Mailer } from '../../mail/mailer.js';
import type { CustomerDoc, CustomerService } from '../customers/index.js';
import type { EventService } from '../events/index.js';
import { contextForCustomer, contextFromData, formatOf, genericSample, recentlyViewedFrom, type CompanyInfo, type TemplateContext, type ViewedProduct } from './template.context.js';
import { CompiledTemplate, type RenderOutput } from './template.renderer.js';
import { renderForRecipient, type RenderRecipient, type RenderedEmail } from './template.delivery.js';
import type { DraftPreviewInput, PreviewInput, RenderedPreview, TemplateCreate, TemplatePatch, TemplateSummary, TemplateVersionView, TemplateView, TestSendInput, VersionSummary } from './template.schema.js';
import { loadLibrary, type TemplateLibrary } from './template.starters.js';
import { TemplateStore, toVersionView } from './template.store.js';

/** How far back and how many product views make `recentlyViewed`. */
const VIEWED_WINDOW_MS = 60 * 86_400_000;
const VIEWED_EVENTS_PER_CUSTOMER = 50;
const VIEWED_MAX = 4;

/** Refuses deleting a template something still uses: the reason, or null. */
export type TemplateDeleteGuard = (templateId: string) => Promise<string | null>;

export interface TemplateDeps {
  conn: Connection;
  clock: Clock;
  links: Links;
  customers: CustomerService;
  events: EventService;
  mailer: Mailer;
  company: CompanyInfo;
  log: Logger;
  /** The partials and starters (default: the top-level templates/ folder). */
  library?: () => Promise<TemplateLibrary>;
}

export class TemplateService {
  readonly store: TemplateStore;
  private libraryPromise: Promise<TemplateLibrary> | null = null;
  private readonly guards: TemplateDeleteGuard[] = [];

  constructor(private readonly deps: TemplateDeps) {
    this.store = new TemplateStore(deps.conn, deps.clock, async () => (await this.library()).partials);
  }

  library(): Promise<TemplateLibrary> {
    this.libraryPromise ??= (this.deps.library ?? loadLibrary)();
    this.libraryPromise.catch(() => (this.libraryPromise = null));
    return this.libraryPromise;
  }

  syncIndexes(): Promise<void> {
    return this.store.syncIndexes();
  }

  addDeleteGuard(guard: TemplateDeleteGuard): void {
    this.guards.push(guard);
  }

  // ---- the API ---------------------------------------------------------------------------------

  async create(input: TemplateCreate): Promise<TemplateView> {
    const t = await this.store.create({ name: input.name, subject: input.subject, preheader: input.preheader, mjml: input.mjml, text: input.text ?? null });
    return this.store.view(t);
  }

  async get(id: string): Promise<TemplateView> {
    return this.store.view(await this.store.getLive(id));
  }

  list(limit: number, cursor?: string): Promise<Page<TemplateSummary>> {
    return this.store.list(limit, cursor);
  }

  async edit(id: string, patch: TemplatePatch): Promise<TemplateView> {
    const t = await this.store.edit(await this.store.getLive(id), patch);
    return this.store.view(t);
  }

  async versions(id: string, limit: number, cursor?: string): Promise<Page<VersionSummary>> {
    return this.store.listVersions((await this.store.getLive(id))._id, limit, cursor);
  }

  async version(id: string, version: number): Promise<TemplateVersionView> {
    return toVersionView(await this.store.version((await this.store.getLive(id))._id, version));
  }

  async remove(id: string): Promise<void> {
    const t = await this.store.getLive(id);
    for (const guard of this.guards) {
      const reason = await guard(id);
      if (reason) throw new AppError('conflict', `The template cannot be deleted: ${reason}`);
    }
    await this.store.remove(t);
  }

  partials(): Promise<{ name: string; mjml: string }[]> {
    return this.library().then((l) => [...l.partials].map(([name, mjml]) => ({ name, mjml })));
  }

  // ---- rendering for the cadence engine ----------------------------------------------------------

  async currentVersion(templateId: string): Promise<number | null> {
    if (!Types.ObjectId.isValid(templateId)) return null;
    const t = await this.store.templates.findOne({ _id: new Types.ObjectId(templateId), deletedAt: null }, { projection: { currentVersion: 1 } });
    return t?.currentVersion ?? null;
  }

  /** Renders one version for many recipients: compiled once, recently viewed products in one query. */
  async render(templateId: string, version: number, recipients: RenderRecipient[], now: Date): Promise<RenderedEmail[]> {
    const compiled = await this.store.compiledVersion(templateId, version);
    const viewed = await this.recentlyViewed(recipients.map((r) => r.customer), now);
    const { links, company } = this.deps;
    return recipients.map((r) => renderForRecipient(compiled, r, { links, company, now, recentlyViewed: viewed.get(r.customer._id.toHexString()) ?? [] }));
  }

  /** For the click endpoint: the target of static link `index` of a version (cached), or null. */
  linkTarget(templateId: string, version: number, index: number): Promise<string | null> {
    return this.store.linkTarget(templateId, version, index);
  }

  /**
   * Recently viewed products: from the profile, which remembers the latest distinct products viewed;
   * a profile written before it did (no `recentViews`) asks the events, one query for all of those.
   */
  private async recentlyViewed(customers: CustomerDoc[], now: Date): Promise<Map<string, ViewedProduct[]>> {
    const since = now.getTime() - VIEWED_WINDOW_MS;
    const out = new Map<string, ViewedProduct[]>();
    const legacy: Types.ObjectId[] = [];
    for (const c of customers) {
      if (!c.recentViews) legacy.push(c._id);
      else out.set(c._id.toHexString(), c.recentViews.filter((v) => v.at.getTime() >= since).slice(0, VIEWED_MAX).map(({ at: _at, ...v }) => v));
    }
    if (legacy.length) {
      const byCustomer = await this.deps.events.latestByCustomer(legacy, 'product_viewed', new Date(since), VIEWED_EVENTS_PER_CUSTOMER);
      for (const [id, events] of byCustomer) out.set(id, recentlyViewedFrom(events, VIEWED_MAX));
    }
    return out;
  }

  // ---- preview and test send ---------------------------------------------------------------------

  /** Renders without tracking: links keep their targets, no pixel, placeholder unsubscribe links. */
  async preview(id: string, input: PreviewInput): Promise<RenderedPreview> {
    const { version, out } = await this.renderUntracked(id, input);
    return { version, subject: out.subject, html: out.html, text: out.text };
  }

  async testSend(id: string, input: TestSendInput): Promise<{ to: string; version: number; smtpMessageId: string | null }> {
    const { version, out } = await this.renderUntracked(id, input);
    const result = await this.deps.mailer.send({ to: input.to, subject: `[Test] ${out.subject}`, html: out.html, text: out.text, headers: { 'X-Retainly-Test': 'true' } });
    if (result.status !== 'sent') {
      if (result.error && /^5\d\d/.test(result.error)) throw new AppError('validation_failed', 'The SMTP server refused the test email', [{ path: 'to', message: result.error }]);
      throw new AppError('unavailable', `The test email could not be sent: ${result.error ?? 'unknown error'}`);
    }
    return { to: input.to, version, smtpMessageId: result.smtpMessageId };
  }

  /** Unsaved sources rendered like a preview: every issue as a 400 (field, line), else the email. Stores nothing. */
  async previewDraft(input: DraftPreviewInput): Promise<Omit<RenderedPreview, 'version'>> {
    const sources = { subject: input.subject, preheader: input.preheader, mjml: input.mjml, text: input.text ?? null };
    const sample = input.templateId ? (await this.store.getLive(input.templateId)).sample : null;
    const artefacts = await this.store.compile(sources);
    const compiled = new CompiledTemplate({ subject: sources.subject, html: artefacts.html, text: artefacts.text, links: artefacts.links });
    const context = await this.previewContext(input, sample);
    const out = compiled.render(context, formatOf(context), null);
    return { subject: out.subject, html: out.html, text: out.text };
  }

  private async renderUntracked(id: string, input: PreviewInput): Promise<{ version: number; out: RenderOutput }> {
    const t = await this.store.getLive(id);
    const version = input.version ?? t.currentVersion;
    const compiled = await this.store.compiledVersion(t._id.toHexString(), version);
    const context = await this.previewContext(input, t.sample);
    return { version, out: compiled.render(context, formatOf(context), null) };
  }

  /** A customer's context, or the given data, or the template's sample (else a generic one); placeholder unsubscribe links. */
  private async previewContext(input: { customerId?: string; data?: Record<string, unknown> }, sample: Record<string, unknown> | null | undefined): Promise<TemplateContext> {
    const now = this.deps.clock.now();
    const base = this.deps.links.base;
    const parts = { unsubscribeUrl: `${base}/u/preview`, preferencesUrl: `${base}/p/preview`, cadence: { name: 'Preview' }, step: { index: 0 }, now, company: this.deps.company, recentlyViewed: [] as ViewedProduct[] };
    if (input.customerId) {
      const customer = await this.deps.customers.getDoc(new Types.ObjectId(input.customerId));
      if (!customer) throw notFound('Customer');
      parts.recentlyViewed = (await this.recentlyViewed([customer], now)).get(customer._id.toHexString()) ?? [];
      return contextForCustomer(customer, parts);
    }
    return contextFromData(input.data ?? sample ?? genericSample(), parts);
  }

  // ---- starters ----------------------------------------------------------------------------------

  async starters(): Promise<{ key: string; name: string; description: string; templateId: string | null }[]> {
    const lib = await this.library();
    const installed = await this.store.templates.find({ starterKey: { $in: lib.starters.map((s) => s.key) } }, { projection: { starterKey: 1 } }).toArray();
    const byKey = new Map(installed.map((t) => [t.starterKey!, t._id.toHexString()]));
    return lib.starters.map((s) => ({ key: s.key, name: s.name, description: s.description, templateId: byKey.get(s.key) ?? null }));
  }

  /** Installs the starter templates not installed yet; their ids by key. Running it again creates nothing. */
  async installStarters(): Promise<{ templates: Record<string, string>; created: string[] }> {
    const lib = await this.library();
    const templates: Record<string, string> = {};
    const created: string[] = [];
    for (const s of lib.starters) {
      let doc = await this.store.templates.findOne({ starterKey: s.key }, { projection: { _id: 1 } });
      if (!doc) {
        try {
          doc = await this.store.create({ name: s.name, subject: s.subject, preheader: s.preheader, mjml: s.mjml, text: null, starterKey: s.key, sample: s.sample });
          created.push(s.key);
        } catch (err) {
          if ((err as { code?: number }).code !== 11000) throw err;
          doc = await this.store.templates.findOne({ starterKey: s.key }, { projection: { _id: 1 } });
        }
      }
      if (doc) templates[s.key] = doc._id.toHexString();
    }
    return { templates, created };
  }
}

