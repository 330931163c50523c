/**
 * Link rewriting, once per template version: every `<a href="http(s)://...">` of the compiled HTML
 * becomes a placeholder the renderer fills per recipient, so per recipient there is no HTML parse.
 *
 *   static href ("https://shop.example/sale")  -> {{__link 3}}        target kept in the link table
 *   href that is one value ("{{cart.checkoutUrl}}") -> {{__href cart.checkoutUrl}}
 *   href that is one helper call ("{{default a b}}") -> {{__href (default a b)}}
 *   href with an expression ("https://x/{{sku}}")   -> {{#__track}}...{{/__track}}
 *                                                 both evaluated per recipient, tracked when the
 *                                                 result is http(s): a per-message dynamic link,
 *                                                 one index per distinct target, after the table's
 *   unsubscribe / preferences links, mailto:, tel:, #anchors                  -> left as written
 */

/** Helpers the rewritten sources call (not available to marketers: a saved source may not use them). */
export const internalHelpers = ['__link', '__href', '__track', '__pixel'] as const;

/** An href that is exactly one helper call, like `{{default cart.checkoutUrl company.url}}`. */
const SINGLE_CALL = /^\{\{(?![{#/^!>&*~])([^{}]*\s[^{}]*?)\}\}$/;
/** An href that is exactly one value, like `{{cart.checkoutUrl}}` or `{{{url}}}`: its path. */
const SINGLE_VALUE = /^\{\{\{?\s*((?:\.\.\/)*@?[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\s*\}?\}\}$/;

export interface RewriteResult {
  html: string;
  /** Static targets by link index. */
  links: string[];
}

const A_TAG = /<a\b[^>]*>/gi;
const HREF = /(\shref\s*=\s*)("([^"]*)"|'([^']*)')/i;
const UNSUBSCRIBE_EXPR = /\{\{\{?\s*(unsubscribeUrl|preferencesUrl|@root\.unsubscribeUrl|@root\.preferencesUrl)\s*\}?\}\}/;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#x27': "'", '#39': "'", '#x3D': '=', '#x60': '`' };

/** Decodes the entities that may stand in an attribute value (Handlebars' escaping included). */
export function decodeAttribute(v: string): string {
  if (!v.includes('&')) return v;
  return v.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+\d*);/gi, (m, e: string) => {
    if (Object.hasOwn(ENTITIES, e)) return ENTITIES[e]!;
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    return m;
  });
}

/** Ranges of the source that are inside a mustache: an `<a` there is text of an expression. */
function mustacheRanges(src: string): [number, number][] {
  const out: [number, number][] = [];
  for (let i = src.indexOf('{{'); i >= 0; i = src.indexOf('{{', i)) {
    const close = src.startsWith('{{!--', i) ? '--}}' : src.startsWith('{{{', i) ? '}}}' : '}}';
    const e = src.indexOf(close, i + 2);
    const end = e < 0 ? src.length : e + close.length;
    out.push([i, end]);
    i = end;
  }
  return out;
}

export const isHttpUrl = (u: string): boolean => /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(u);

export function rewriteLinks(html: string, startIndex = 0): RewriteResult {
  const links: string[] = [];
  const inMustache = mustacheRanges(html);
  let r = 0;
  const out = html.replace(A_TAG, (tag: string, at: number) => {
    while (r < inMustache.length && inMustache[r]![1] <= at) r++;
    if (r < inMustache.length && inMustache[r]![0] <= at) return tag;
    const m = HREF.exec(tag);
    if (!m) return tag;
    const raw = (m[3] ?? m[4] ?? '').trim();
    const replacement = rewriteHref(raw, links, startIndex);
    if (replacement === null) return tag;
    const q = m[3] !== undefined ? '"' : "'";
    return tag.slice(0, m.index) + `${m[1]}${q}${replacement}${q}` + tag.slice(m.index + m[0].length);
  });
  return { html: out, links };
}

function rewriteHref(raw: string, links: string[], startIndex: number): string | null {
  if (raw.includes('{{')) {
    if (UNSUBSCRIBE_EXPR.test(raw)) return null;
    // A fixed non-web scheme before the expression (mailto:{{...}}) is not a web link.
    if (/^[a-z][a-z0-9+.-]*:/i.test(raw) && !/^https?:/i.test(raw)) return null;
    if (raw.startsWith('#')) return null;
    const single = SINGLE_VALUE.exec(raw);
    if (single && /^\{\{\{/.test(raw) === /\}\}\}$/.test(raw)) return `{{__href ${single[1]}}}`;
    const call = SINGLE_CALL.exec(raw);
    if (call) return `{{__href (${call[1]!.trim()})}}`;
    return `{{#__track}}${raw}{{/__track}}`;
  }
  const target = decodeAttribute(raw);
  if (!isHttpUrl(target)) return null;
  links.push(target);
  return `{{__link ${startIndex + links.length - 1}}}`;
}

/** Plain-text sources (a `text` given by the marketer): bare http(s) URLs become tracked links too. */
export function rewriteTextLinks(text: string, startIndex: number): RewriteResult {
  const links: string[] = [];
  const inMustache = mustacheRanges(text);
  let r = 0;
  const out = text.replace(/https?:\/\/[^\s<>"'{}]+[^\s<>"'{}.,;:!?)\]]/gi, (url: string, at: number) => {
    while (r < inMustache.length && inMustache[r]![1] <= at) r++;
    if (r < inMustache.length && inMustache[r]![0] <= at) return url;
    // A URL continued by an expression (https://shop/p/{{sku}}) is per recipient: left as written.
    if (text.startsWith('{{', at + url.length)) return url;
    links.push(url);
    return `{{__link ${startIndex + links.length - 1}}}`;
  });
  return { html: out, links };
}
