/**
 * Per-recipient rendering of a compiled template version: only the compiled templates run
 * (subject, HTML, text) — through the lean runtime of template.runtime.ts, or Handlebars itself for
 * a source that runtime does not handle — links are a positional fill (see template.links.ts) and
 * the open pixel a placeholder. One isolated Handlebars environment: our helpers only, `log`
 * removed, no partials, prototype access off; HTML escaping on for the HTML part only.
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
  staticClicks: string[];
  escaped: boolean;
}

/**
 * The message being rendered. Templates run synchronously, one at a time, so the internal helpers
 * read it from here: nothing of it is reachable from a template's data (no secret, no other message).
 */
let current: RenderState | null = null;

const hb = Handlebars.create();
hb.unregisterHelper('log');
function link(index: unknown): string {
  const s = current;
  const i = typeof index === 'number' ? index : -1;
  if (!s || i < 0) return '';
  if (!s.tracking || !s.messageId) return s.table[i] ?? '';
  // The same link in the HTML and the text part: signed once.
  return (s.staticClicks[i] ??= s.tracking.clickUrl(s.messageId, i));
}
/**
 * A per-recipient link target: tracked (one index per distinct target of the message, signed once
 * for the HTML and the text part) when it is an http(s) URL; dangerous schemes become "#"; anything
 * else is left as written. Returns null when the caller should keep its own rendering.
 */
function trackedTarget(url: string): string | null {
  const s = current;
  if (!s) return null;
  let click = s.seen.get(url);
  if (click === undefined) {
    if (!isHttpUrl(url)) return /^\s*(javascript|data|vbscript):/i.test(url) ? '#' : null;
    if (!s.tracking || !s.messageId || s.next > MAX_LINK_INDEX) return null;
    const index = s.next++;
    s.dynamic[String(index)] = url;
    click = s.tracking.clickUrl(s.messageId, index);
    s.seen.set(url, click);
  }
  return click;
}

/** `{{__href path}}`: an href that is one value (escaped by Handlebars like any value). */
function href(value: unknown): string {
  const url = typeof value === 'string' ? value.trim() : value === null || value === undefined ? '' : String(value);
  return trackedTarget(url) ?? url;
}

/** `{{#__track}}https://x/{{sku}}{{/__track}}`: an href mixing text and values (a block: its output is not escaped again). */
function track(this: unknown, options: Handlebars.HelperOptions): string {
  const inner = options.fn(this);
  const escaped = current?.escaped ?? false;
  const target = trackedTarget((escaped ? decodeAttribute(inner) : inner).trim());
  if (target === null) return inner;
  return escaped ? hb.escapeExpression(target) : target;
}

function pixel(): string | Handlebars.SafeString {
  const s = current;
  if (!s?.tracking || !s.messageId) return '';
  return new hb.SafeString(`<img width="1" height="1" alt="" src="${hb.escapeExpression(s.tracking.openUrl(s.messageId))}">`);
}

/** Every helper a compiled version may call: ours, then the internal ones of the rewritten sources. */
const allHelpers = { ...helpers, __link: link, __href: href, __track: track, __pixel: pixel };
hb.registerHelper(allHelpers as Record<string, Handlebars.HelperDelegate>);
// Nothing may inject a partial at run time: partials are expanded into the MJML when a version is compiled.
for (const name of Object.keys(hb.partials)) hb.unregisterPartial(name);

const knownHelpers: Record<string, boolean> = Object.fromEntries([...builtinHelpers, ...Object.keys(helpers), ...internalHelpers].map((n) => [n, true]));

export type CompileMode = 'html' | 'text';

type TemplateFn = (context: unknown, options?: Handlebars.RuntimeOptions) => string;

/** Compiles one Handlebars source now (not lazily: a broken source fails at save time, with a line). */
export function compileHandlebars(source: string, mode: CompileMode): TemplateFn {
  const fn = hb.compile(source, { knownHelpers: knownHelpers as never, knownHelpersOnly: true, noEscape: mode === 'text', strict: false, preventIndent: true });
  fn({}, runtimeOptions({ locale: 'en', timezone: 'UTC' }));
  return fn;
}

/** What renders a source per recipient: its compiled Handlebars template, with the recipient's formats. */
function renderer(source: string, mode: CompileMode): (context: unknown, f: RenderFormat) => string {
  const fn = compileHandlebars(source, mode);
  return (context, f) => fn(context, runtimeOptions(f));
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
  private readonly subject: (context: unknown, f: RenderFormat) => string;
  private readonly html: (context: unknown, f: RenderFormat) => string;
  private readonly text: (context: unknown, f: RenderFormat) => string;
  readonly links: readonly string[];

  constructor(src: CompiledSources) {
    this.subject = renderer(src.subject, 'text');
    this.html = renderer(src.html, 'html');
    this.text = renderer(src.text, 'text');
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
      staticClicks: [],
      escaped: false,
    };
    const previous = current;
    current = state;
    try {
      const subject = oneLine(this.subject(context, format));
      state.escaped = true;
      const html = this.html(context, format);
      state.escaped = false;
      const text = this.text(context, format);
      return { subject, html, text, dynamicLinks: state.dynamic };
    } finally {
      current = previous;
    }
  }
}
