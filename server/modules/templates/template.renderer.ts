/**
 * Per-recipient rendering of a compiled template version: only the compiled Handlebars functions
 * run (subject, HTML, text), links are a positional fill (see template.links.ts) and the open pixel
 * a placeholder. One isolated Handlebars environment: our helpers only, `log` removed, prototype
 * access off, HTML escaping on for the HTML part.
 */
import Handlebars from 'handlebars';
import { builtinHelpers, helpers } from './template.helpers.js';
import { decodeAttribute, internalHelpers, isHttpUrl } from './template.links.js';

/** Makes the signed tracking URLs of one message (server/lib/links.ts). */
export interface TrackingLinks {
  clickUrl(messageId: string, linkIndex: number): string;
  openUrl(messageId: string): string;
}

/** The sources a version compiles to (persisted on the version, so MJML never runs twice). */
export interface CompiledSources {
  subject: string;
  html: string;
  text: string;
  links: string[];
}

export interface RenderFormat {
  locale: string;
  timezone: string;
  currency?: string | null;
}

export interface RenderOutput {
  subject: string;
  html: string;
  text: string;
  /** Per-recipient link targets by link index (links whose href is an expression). */
  dynamicLinks: Record<string, string>;
}

/** Link indexes are at most 4 digits in a click URL (server/lib/links.ts). */
const MAX_LINK_INDEX = 9999;

interface RenderState {
  table: string[];
  messageId: string | null;
  tracking: TrackingLinks | null;
  next: number;
  dynamic: Record<string, string>;
  /** Per-recipient targets already given an index: the same URL twice (image and name, HTML and text) is one link. */
  seen: Map<string, string>;
  escaped: boolean;
}

/**
 * The message being rendered. Templates run synchronously, one at a time, so the internal helpers
 * read it from here: nothing of it is reachable from a template's data (no secret, no other message).
 */
let current: RenderState | null = null;

const hb = Handlebars.create();
hb.unregisterHelper('log');
hb.registerHelper(helpers);
hb.registerHelper('__link', (index: unknown) => {
  const s = current;
  const i = typeof index === 'number' ? index : -1;
  if (!s || i < 0) return '';
  return s.tracking && s.messageId ? s.tracking.clickUrl(s.messageId, i) : (s.table[i] ?? '');
});
hb.registerHelper('__track', function (this: unknown, options: Handlebars.HelperOptions) {
  const s = current;
  const inner = options.fn(this);
  if (!s) return inner;
  const url = (s.escaped ? decodeAttribute(inner) : inner).trim();
  if (!isHttpUrl(url)) return /^\s*(javascript|data|vbscript):/i.test(url) ? '#' : inner;
  if (!s.tracking || !s.messageId) return inner;
  let click = s.seen.get(url);
  if (click === undefined) {
    if (s.next > MAX_LINK_INDEX) return inner;
    const index = s.next++;
    s.dynamic[String(index)] = url;
    click = s.tracking.clickUrl(s.messageId, index);
    s.seen.set(url, click);
  }
  return s.escaped ? hb.escapeExpression(click) : click;
});
hb.registerHelper('__pixel', () => {
  const s = current;
  if (!s?.tracking || !s.messageId) return '';
  return new hb.SafeString(`<img width="1" height="1" alt="" src="${hb.escapeExpression(s.tracking.openUrl(s.messageId))}">`);
});
// Nothing may inject a partial at run time: partials are expanded into the MJML when a version is compiled.
for (const name of Object.keys(hb.partials)) hb.unregisterPartial(name);

const knownHelpers: Record<string, boolean> = Object.fromEntries([...builtinHelpers, ...Object.keys(helpers), ...internalHelpers].map((n) => [n, true]));

export type CompileMode = 'html' | 'text';

interface TemplateFn {
  (context: unknown, options?: Handlebars.RuntimeOptions): string;
  _setup(options: Handlebars.RuntimeOptions & { partial?: boolean }): void;
}
interface HandlebarsInternals {
  Compiler: new () => { compile(ast: unknown, options: object): unknown };
  JavaScriptCompiler: new () => { compile(env: unknown, options: object, context: undefined, asObject: true): unknown };
  template(spec: unknown): TemplateFn;
}

/**
 * Compiles one Handlebars source now (not lazily: a broken source fails at save time, with a line).
 * Handlebars' runtime rebuilds its helper table (wrapping every helper) and its prototype-access
 * policy on every call, ~4 µs; ours never change, so that set-up runs once per compiled template.
 */
export function compileHandlebars(source: string, mode: CompileMode): TemplateFn {
  const options = { knownHelpers, knownHelpersOnly: true, noEscape: mode === 'text', strict: false, preventIndent: true, data: true };
  const internals = hb as unknown as HandlebarsInternals;
  const environment = new internals.Compiler().compile(hb.parse(source), options);
  const fn = internals.template(new internals.JavaScriptCompiler().compile(environment, options, undefined, true));
  fn({}, runtimeOptions({ locale: 'en', timezone: 'UTC' }));
  const setup = fn._setup.bind(fn);
  fn._setup = (o) => {
    if (o.partial) setup(o);
  };
  return fn;
}

function runtimeOptions(f: RenderFormat): Handlebars.RuntimeOptions {
  return {
    data: { locale: f.locale, timezone: f.timezone, currency: f.currency ?? undefined },
    allowProtoPropertiesByDefault: false,
    allowProtoMethodsByDefault: false,
  };
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim().slice(0, 998);

export class CompiledTemplate {
  private readonly subject: TemplateFn;
  private readonly html: TemplateFn;
  private readonly text: TemplateFn;
  readonly links: readonly string[];

  constructor(src: CompiledSources) {
    this.subject = compileHandlebars(src.subject, 'text');
    this.html = compileHandlebars(src.html, 'html');
    this.text = compileHandlebars(src.text, 'text');
    this.links = src.links;
  }

  /**
   * Renders one recipient. With `tracking` (a real send) links become signed click URLs and the
   * open pixel is added; without it (preview, test send) links keep their original targets.
   */
  render(context: object, format: RenderFormat, tracking: { messageId: string; links: TrackingLinks } | null): RenderOutput {
    const state: RenderState = {
      table: this.links as string[],
      messageId: tracking?.messageId ?? null,
      tracking: tracking?.links ?? null,
      next: this.links.length,
      dynamic: {},
      seen: new Map(),
      escaped: false,
    };
    const opts = runtimeOptions(format);
    const previous = current;
    current = state;
    try {
      const subject = oneLine(this.subject(context, opts));
      state.escaped = true;
      const html = this.html(context, opts);
      state.escaped = false;
      const text = this.text(context, opts);
      return { subject, html, text, dynamicLinks: state.dynamic };
    } finally {
      current = previous;
    }
  }
}
