/**
 * Templates and their immutable versions in MongoDB, and the in-memory caches of what a version
 * compiles to: the compiled Handlebars functions (keyed by id + version) for rendering, and the
 * link tables for the click endpoint. A version's compiled artefacts are stored on it, so a
 * restart compiles Handlebars again but never MJML (unless the compiler engine changed).
 */
import { Types, type Connection } from 'mongoose';
import type { Clock } from '../../clock.js';
import type { Collection } from '../../db/driver.js';
import { AppError, notFound } from '../../http/errors.js';
import { decodeCursor, toPage, type Page } from '../../lib/pagination.js';
import { COMPILER_ENGINE, compileTemplate, type TemplateSources } from './template.compile.js';
import { templateModels, type TemplateDoc, type TemplateVersionDoc } from './template.model.js';
import { CompiledTemplate } from './template.renderer.js';
import type { TemplateSummary, TemplateVersionView, TemplateView, VersionSummary } from './template.schema.js';

const COMPILED_CACHE = 200;
const LINK_CACHE = 5_000;

const isDuplicateKey = (err: unknown): boolean => (err as { code?: number }).code === 11000;

/** A bounded map that forgets the entry used least recently. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
}

export function toVersionView(v: TemplateVersionDoc): TemplateVersionView {
  return {
    templateId: v.templateId.toHexString(),
    version: v.version,
    subject: v.subject,
    preheader: v.preheader,
    mjml: v.mjml,
    text: v.text ?? null,
    links: v.compiled.links,
    htmlBytes: v.compiled.htmlBytes,
    createdAt: v.createdAt.toISOString(),
  };
}

export function toSummary(t: TemplateDoc): TemplateSummary {
  return { id: t._id.toHexString(), name: t.name, version: t.currentVersion, subject: t.subject, starterKey: t.starterKey ?? null, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString() };
}

export class TemplateStore {
  readonly templates: Collection<TemplateDoc>;
  readonly versions: Collection<TemplateVersionDoc>;
  private readonly compiled = new Lru<Promise<CompiledTemplate>>(COMPILED_CACHE);
  private readonly linkTables = new Lru<string[]>(LINK_CACHE);

  constructor(
    private readonly conn: Connection,
    private readonly clock: Clock,
    private readonly partials: () => Promise<ReadonlyMap<string, string>>,
  ) {
    const m = templateModels(conn);
    this.templates = m.Template.collection as unknown as Collection<TemplateDoc>;
    this.versions = m.Version.collection as unknown as Collection<TemplateVersionDoc>;
  }

  async syncIndexes(): Promise<void> {
    const m = templateModels(this.conn);
    await Promise.all([m.Template.createIndexes(), m.Version.createIndexes()]);
  }

  /** Compiles the sources; a 400 with every issue (field, line) when they are not valid. */
  async compile(src: TemplateSources): Promise<TemplateVersionDoc['compiled']> {
    const result = await compileTemplate(src, await this.partials());
    if (!result.ok) throw new AppError('validation_failed', 'The template is not valid', result.issues.map((i) => ({ ...i, field: i.path })));
    return result.artefacts;
  }

  /** A new template with version 1 (the version first: a template never exists without content). */
  async create(input: { name: string; starterKey?: string; sample?: Record<string, unknown> | null } & TemplateSources): Promise<TemplateDoc> {
    const compiled = await this.compile(input);
    const now = this.clock.now();
    const _id = new Types.ObjectId();
    await this.versions.insertOne({ _id: new Types.ObjectId(), templateId: _id, version: 1, subject: input.subject, preheader: input.preheader, mjml: input.mjml, text: input.text, compiled, createdAt: now });
    const doc: TemplateDoc = { _id, name: input.name, currentVersion: 1, subject: input.subject, sample: input.sample ?? null, deletedAt: null, createdAt: now, updatedAt: now };
    if (input.starterKey) doc.starterKey = input.starterKey;
    await this.templates.insertOne(doc);
    return doc;
  }

  async getLive(id: string): Promise<TemplateDoc> {
    const doc = Types.ObjectId.isValid(id) ? await this.templates.findOne({ _id: new Types.ObjectId(id), deletedAt: null }) : null;
    if (!doc) throw notFound('Template');
    return doc;
  }

  async version(templateId: Types.ObjectId, version: number): Promise<TemplateVersionDoc> {
    const v = await this.versions.findOne({ templateId, version });
    if (!v) throw notFound(`Version ${version} of this template`);
    return v;
  }

  async view(t: TemplateDoc): Promise<TemplateView> {
    const { templateId: _, ...v } = toVersionView(await this.version(t._id, t.currentVersion));
    return { ...v, id: t._id.toHexString(), name: t.name, starterKey: t.starterKey ?? null, updatedAt: t.updatedAt.toISOString() };
  }

  /**
   * An edit: content changes make version n+1 (n: the latest stored), a rename alone does not.
   * Two concurrent edits cannot both become n+1 (unique index): the loser gets a 409.
   */
  async edit(t: TemplateDoc, patch: { name?: string } & Partial<TemplateSources>): Promise<TemplateDoc> {
    const cur = await this.version(t._id, t.currentVersion);
    const next: TemplateSources = { subject: patch.subject ?? cur.subject, preheader: patch.preheader ?? cur.preheader, mjml: patch.mjml ?? cur.mjml, text: patch.text === undefined ? cur.text : patch.text };
    const changed = next.subject !== cur.subject || next.preheader !== cur.preheader || next.mjml !== cur.mjml || next.text !== cur.text;
    const now = this.clock.now();
    const set: Partial<TemplateDoc> = { updatedAt: now };
    if (patch.name !== undefined) set.name = patch.name;
    if (changed) {
      const compiled = await this.compile(next);
      const latest = await this.versions.find({ templateId: t._id }, { projection: { version: 1 } }).sort({ version: -1 }).limit(1).next();
      const version = (latest?.version ?? t.currentVersion) + 1;
      try {
        await this.versions.insertOne({ _id: new Types.ObjectId(), templateId: t._id, version, ...next, compiled, createdAt: now });
      } catch (err) {
        if (isDuplicateKey(err)) throw new AppError('conflict', 'The template was edited at the same time; reload it and try again');
        throw err;
      }
      Object.assign(set, { currentVersion: version, subject: next.subject });
    } else if (patch.name === undefined) {
      return t;
    }
    const updated = await this.templates.findOneAndUpdate({ _id: t._id, deletedAt: null }, { $set: set }, { returnDocument: 'after' });
    if (!updated) throw notFound('Template');
    return updated;
  }

  async list(limit: number, cursor?: string): Promise<Page<TemplateSummary>> {
    const before = decodeCursor(cursor);
    const rows = await this.templates
      .find(before ? { deletedAt: null, _id: { $lt: before } } : { deletedAt: null })
      .sort({ _id: -1 })
      .limit(limit + 1)
      .toArray();
    return toPage(rows, limit, toSummary);
  }

  async listVersions(templateId: Types.ObjectId, limit: number, cursor?: string): Promise<Page<VersionSummary>> {
    const before = cursor ? Number(cursor) : undefined;
    if (cursor !== undefined && (!Number.isInteger(before) || before! < 1)) {
      throw new AppError('validation_failed', 'The cursor is not valid', [{ path: 'cursor', message: 'not a cursor from a previous page' }]);
    }
    const rows = await this.versions
      .find(before ? { templateId, version: { $lt: before } } : { templateId }, { projection: { version: 1, subject: 1, preheader: 1, 'compiled.htmlBytes': 1, createdAt: 1 } })
      .sort({ version: -1 })
      .limit(limit + 1)
      .toArray();
    const more = rows.length > limit;
    const kept = more ? rows.slice(0, limit) : rows;
    return {
      items: kept.map((v) => ({ version: v.version, subject: v.subject, preheader: v.preheader, htmlBytes: v.compiled.htmlBytes, createdAt: v.createdAt.toISOString() })),
      nextCursor: more ? String(kept[kept.length - 1]!.version) : null,
    };
  }

  /** Soft delete: sent messages keep their version (and their click targets); the starter key is freed. */
  async remove(t: TemplateDoc): Promise<void> {
    await this.templates.updateOne({ _id: t._id, deletedAt: null }, { $set: { deletedAt: this.clock.now(), updatedAt: this.clock.now() }, $unset: { starterKey: '' } });
  }

  /** The compiled version, from memory, else from its stored artefacts (recompiled only for an older engine). */
  compiledVersion(templateId: string, version: number): Promise<CompiledTemplate> {
    const key = `${templateId}:${version}`;
    let p = this.compiled.get(key);
    if (!p) {
      p = this.loadCompiled(templateId, version);
      p.catch(() => this.compiled.delete(key));
      this.compiled.set(key, p);
    }
    return p;
  }

  private async loadCompiled(templateId: string, version: number): Promise<CompiledTemplate> {
    const v = await this.version(new Types.ObjectId(templateId), version);
    let artefacts = v.compiled;
    if (artefacts?.engine !== COMPILER_ENGINE) {
      // Stored by an older compiler: rebuild once and store; keep the old artefacts if the sources no longer compile.
      const rebuilt = await compileTemplate(v, await this.partials());
      if (rebuilt.ok) {
        artefacts = rebuilt.artefacts;
        await this.versions.updateOne({ _id: v._id }, { $set: { compiled: artefacts } });
      } else if (!artefacts?.html) {
        throw new Error(`template ${templateId} version ${version} no longer compiles: ${rebuilt.issues[0]?.message ?? ''}`);
      }
    }
    this.linkTables.set(`${templateId}:${version}`, artefacts.links);
    return new CompiledTemplate({ subject: v.subject, html: artefacts.html, text: artefacts.text, links: artefacts.links });
  }

  /** The target of static link `index` of a version (deleted templates included: old emails still click). */
  async linkTarget(templateId: string, version: number, index: number): Promise<string | null> {
    if (!Types.ObjectId.isValid(templateId) || !Number.isInteger(index) || index < 0) return null;
    const key = `${templateId}:${version}`;
    let table = this.linkTables.get(key);
    if (!table) {
      const v = await this.versions.findOne({ templateId: new Types.ObjectId(templateId), version }, { projection: { 'compiled.links': 1 } });
      if (!v) return null;
      table = v.compiled.links;
      this.linkTables.set(key, table);
    }
    return table[index] ?? null;
  }
}
