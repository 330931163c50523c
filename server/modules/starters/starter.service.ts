/**
 * Starters: the library of ready-made segments and cadences (cart abandonment, reactivation,
 * loyalty tiers, engagement segments) on the starter templates, installed in one call. Installing
 * again creates nothing: each installed object is remembered by its key (and re-created only if a
 * marketer deleted it).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import type { Collection } from '../../db/driver.js';
import { cadenceInputSchema, type CadenceService } from '../cadences/index.js';
import { segmentCreateSchema, type SegmentService } from '../segments/index.js';
import { findTemplatesDir, type TemplateService } from '../templates/index.js';
import { starterLibrarySchema, type InstallResult, type StarterLibrary } from './starter.schema.js';

interface InstalledDoc {
  _id: string;
  id: string;
}

export class StarterService {
  private readonly installed: Collection<InstalledDoc>;
  private library: StarterLibrary | null = null;

  constructor(
    conn: Connection,
    private readonly deps: { templates: TemplateService; segments: SegmentService; cadences: CadenceService },
  ) {
    this.installed = conn.collection('starter_installs') as unknown as Collection<InstalledDoc>;
  }

  private async load(): Promise<StarterLibrary> {
    this.library ??= starterLibrarySchema.parse(JSON.parse(await readFile(join(findTemplatesDir(), 'starter-cadences.json'), 'utf8')));
    return this.library;
  }

  /** What the library offers and what of it is installed (by key). */
  async list(): Promise<{ segments: { key: string; name: string; id: string | null }[]; cadences: { key: string; name: string; id: string | null }[] }> {
    const lib = await this.load();
    const known = new Map((await this.installed.find({}).toArray()).map((d) => [d._id, d.id]));
    return {
      segments: lib.segments.map((s) => ({ key: s.key, name: s.name, id: known.get(`segment:${s.key}`) ?? null })),
      cadences: lib.cadences.map((c) => ({ key: c.key, name: c.name, id: known.get(`cadence:${c.key}`) ?? null })),
    };
  }

  async install(opts: { activate: boolean; enrollExisting: boolean }): Promise<InstallResult> {
    const lib = await this.load();
    const { templates, created } = await this.deps.templates.installStarters();
    const result: InstallResult = { templates, segments: {}, cadences: {}, created: created.map((k) => `template:${k}`) };
    for (const s of lib.segments) {
      result.segments[s.key] = await this.ensure(`segment:${s.key}`, result.created, (id) => this.deps.segments.exists(id), async () => (await this.deps.segments.create(segmentCreateSchema.parse({ name: s.name, description: s.description, rules: s.rules }))).id);
    }
    for (const c of lib.cadences) {
      const id = await this.ensure(`cadence:${c.key}`, result.created, (id) => this.deps.cadences.get(id).then((v) => v.status !== 'archived', () => false), async () => {
        const input = cadenceInputSchema.parse({
          name: c.name,
          segmentId: result.segments[c.segment],
          steps: c.steps.map((st) => ({ delay: st.delay, templateId: templates[st.template], ...(st.skipIf ? { skipIf: st.skipIf } : {}) })),
          exitOn: c.exitOn,
          reentry: c.reentry,
          quietHours: c.quietHours,
          frequencyCap: c.frequencyCap,
        });
        return (await this.deps.cadences.create(input)).id;
      });
      result.cadences[c.key] = id;
      if (opts.activate) {
        const view = await this.deps.cadences.get(id);
        if (view.status === 'draft') await this.deps.cadences.activate(id, opts.enrollExisting);
      }
    }
    return result;
  }

  /** The id installed under `key` if it still exists, else a newly created one (remembered). */
  private async ensure(key: string, created: string[], stillThere: (id: string) => Promise<boolean>, create: () => Promise<string>): Promise<string> {
    const known = await this.installed.findOne({ _id: key });
    if (known && (await stillThere(known.id))) return known.id;
    const id = await create();
    await this.installed.updateOne({ _id: key }, { $set: { id } }, { upsert: true });
    created.push(key);
    return id;
  }
}
