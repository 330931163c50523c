/**
 * Every segment's rules, compiled once, with the dependency index the profile hook uses to pick
 * the segments a change can affect: by field path, by event type, and by `inSegment` (dependents
 * come after what they depend on). Cached per process and checked against one version document,
 * so a segment created or changed in another process is seen by the next profile write.
 */
import { Types } from 'mongoose';
import type { Collection } from '../../db/driver.js';
import { dependencies, eventNodes, toAst, type Ast, type Dependencies, type EventNode } from './rule.ast.js';
import { rulesSchema } from './rule.schema.js';
import type { CatalogDoc, SegmentDoc } from './segment.model.js';

export interface CompiledSegment {
  id: string;
  oid: Types.ObjectId;
  ast: Ast;
  deps: Dependencies;
  events: EventNode[];
}

const CATALOG_ID = 'catalog';

export class Catalog {
  readonly byId = new Map<string, CompiledSegment>();
  /** Segments in dependency order: what a segment's `inSegment` names comes before it. */
  readonly ordered: CompiledSegment[] = [];
  readonly byField = new Map<string, string[]>();
  readonly byEvent = new Map<string, string[]>();
  readonly dependents = new Map<string, string[]>();
  readonly timeRelative: CompiledSegment[];

  constructor(
    readonly version: number,
    segments: CompiledSegment[],
  ) {
    for (const s of segments) this.byId.set(s.id, s);
    const add = (m: Map<string, string[]>, key: string, id: string): void => {
      m.set(key, [...(m.get(key) ?? []), id]);
    };
    for (const s of segments) {
      for (const f of s.deps.fields) add(this.byField, f, s.id);
      for (const t of s.deps.eventTypes) add(this.byEvent, t, s.id);
      for (const d of s.deps.segments) add(this.dependents, d, s.id);
    }
    this.order(segments);
    this.timeRelative = segments.filter((s) => s.deps.timeRelative);
  }

  /** Depth-first topological order; a cycle (refused at validation, so only from a race) is cut. */
  private order(segments: CompiledSegment[]): void {
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (s: CompiledSegment): void => {
      if (state.has(s.id)) return;
      state.set(s.id, 'visiting');
      for (const d of s.deps.segments) {
        const dep = this.byId.get(d);
        if (dep) visit(dep);
      }
      state.set(s.id, 'done');
      this.ordered.push(s);
    };
    segments.forEach(visit);
  }

  get size(): number {
    return this.byId.size;
  }
}

export function compileSegment(id: Types.ObjectId, rules: unknown): CompiledSegment | null {
  const parsed = rulesSchema.safeParse(rules);
  if (!parsed.success) return null;
  const ast = toAst(parsed.data);
  return { id: id.toHexString(), oid: id, ast, deps: dependencies(ast), events: eventNodes(ast) };
}

export class SegmentCatalog {
  private cached: Catalog | null = null;
  private loading: Promise<Catalog> | null = null;

  constructor(
    private readonly segments: Collection<SegmentDoc>,
    private readonly meta: Collection<CatalogDoc>,
  ) {}

  async version(): Promise<number> {
    const doc = await this.meta.findOne({ _id: CATALOG_ID });
    return doc?.version ?? 0;
  }

  /** The catalog as of now: one small read, and a reload only when some segment changed. */
  async current(): Promise<Catalog> {
    const version = await this.version();
    if (this.cached && this.cached.version === version) return this.cached;
    if (!this.loading) {
      this.loading = this.load(version).finally(() => {
        this.loading = null;
      });
    }
    const loaded = await this.loading;
    return loaded.version >= version ? loaded : this.current();
  }

  private async load(version: number): Promise<Catalog> {
    const docs = await this.segments.find({}, { projection: { rules: 1 } }).toArray();
    const compiled = docs.flatMap((d) => compileSegment(d._id, d.rules) ?? []);
    const catalog = new Catalog(version, compiled);
    if (!this.cached || this.cached.version <= version) this.cached = catalog;
    return catalog;
  }

  /** Every create, rules change and delete calls this after writing the segment. */
  async bump(): Promise<void> {
    await this.meta.updateOne({ _id: CATALOG_ID }, { $inc: { version: 1 } }, { upsert: true });
    this.cached = null;
  }
}
