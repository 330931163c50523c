/**
 * MJML -> HTML, once per template version, at the strict validation level, with errors mapped
 * back to the line the marketer wrote (or the partial it came from).
 *
 * MJML silently drops text that sits between its container tags, so a `{{#each cart.items}}`
 * written around an `<mj-section>` would vanish. Such mustaches are wrapped in `<mj-raw>` (on the
 * same line, so line numbers hold) before MJML runs: loops and conditions work where they are written.
 */
import mjml2html from 'mjml';
import type { Origin, SourceIssue } from './template.source.js';

/** Tags whose content MJML keeps as written (HTML), where a mustache needs no wrapping. */
const ENDING_TAGS = new Set([
  'mj-breakpoint', 'mj-preview', 'mj-style', 'mj-title', 'mj-button', 'mj-raw', 'mj-text', 'mj-table',
  'mj-social-element', 'mj-navbar-link', 'mj-accordion-text', 'mj-accordion-title', 'mj-carousel-image',
]);

const TOKEN = /<!--|<\/?(mjml|mj-[a-z-]+)\b|\{\{/g;

/** End of a tag that starts at `from` (the `>` index), skipping quoted attribute values. */
function tagEnd(src: string, from: number): number {
  let quote = '';
  for (let i = from; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return src.length - 1;
}

/** End (exclusive) of the mustache starting at `from`. */
function mustacheEnd(src: string, from: number): number {
  if (src.startsWith('{{!--', from)) {
    const e = src.indexOf('--}}', from);
    return e < 0 ? src.length : e + 4;
  }
  const close = src.startsWith('{{{', from) ? '}}}' : '}}';
  const e = src.indexOf(close, from + 2);
  return e < 0 ? src.length : e + close.length;
}

/** Wraps mustaches that stand between MJML container tags in `<mj-raw>` (see the header). */
export function wrapStructuralMustaches(src: string): string {
  let out = '';
  let last = 0;
  const stack: string[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(src); m; m = TOKEN.exec(src)) {
    const at = m.index;
    if (m[0] === '<!--') {
      const e = src.indexOf('-->', at);
      TOKEN.lastIndex = e < 0 ? src.length : e + 3;
    } else if (m[0] === '{{') {
      const end = mustacheEnd(src, at);
      if (stack.length > 0) {
        out += `${src.slice(last, at)}<mj-raw>${src.slice(at, end)}</mj-raw>`;
        last = end;
      }
      TOKEN.lastIndex = end;
    } else if (m[0].startsWith('</')) {
      if (stack[stack.length - 1] === m[1]) stack.pop();
      TOKEN.lastIndex = tagEnd(src, at) + 1;
    } else {
      const end = tagEnd(src, at);
      const tag = m[1]!;
      if (src[end - 1] === '/') TOKEN.lastIndex = end + 1;
      else if (ENDING_TAGS.has(tag)) {
        const close = src.indexOf(`</${tag}`, end);
        TOKEN.lastIndex = close < 0 ? src.length : close;
      } else {
        stack.push(tag);
        TOKEN.lastIndex = end + 1;
      }
    }
  }
  return out + src.slice(last);
}

/** Lines of MJML output are indented for humans; the indentation is dropped (whitespace, same rendering). */
export function compactHtml(html: string): string {
  return html
    .split(/(<pre\b[\s\S]*?<\/pre>|<textarea\b[\s\S]*?<\/textarea>)/i)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[ \t]*\n[ \t\r\n]*/g, '\n').replace(/[ \t]{2,}/g, ' ')))
    .join('');
}

export type MjmlResult = { ok: true; html: string } | { ok: false; issues: SourceIssue[] };

interface MjmlError {
  line: number;
  message: string;
  tagName?: string;
}

/** Compiles an expanded MJML document; `origin` maps its lines back to the template and partials. */
export async function compileMjml(source: string, origin: (line: number) => Origin): Promise<MjmlResult> {
  const issues = (errors: MjmlError[]): SourceIssue[] =>
    errors.map((e) => {
      const o = origin(e.line);
      const where = o.partial ? ` (in partial "${o.partial.name}", its line ${o.partial.line})` : '';
      return { path: 'mjml', line: o.line, message: `${e.tagName ? `<${e.tagName}>: ` : ''}${e.message}${where}` };
    });
  if (/<mj-include\b/i.test(source)) {
    const line = source.slice(0, source.search(/<mj-include\b/i)).split('\n').length;
    return { ok: false, issues: issues([{ line, message: 'mj-include is not supported (it reads files); use a partial like {{> layout-footer}}', tagName: 'mj-include' }]) };
  }
  if (!/<mjml[\s>]/.test(source) || !/<mj-body[\s>/]/.test(source)) {
    return { ok: false, issues: [{ path: 'mjml', line: 1, message: 'an MJML document needs <mjml> and <mj-body>' }] };
  }
  try {
    const result = await mjml2html(wrapStructuralMustaches(source), { validationLevel: 'strict', keepComments: false, ignoreIncludes: true, fonts: {} });
    return { ok: true, html: compactHtml(result.html) };
  } catch (err) {
    const errors = (err as { errors?: MjmlError[] }).errors;
    if (Array.isArray(errors) && errors.length) return { ok: false, issues: issues(errors) };
    const message = (err as Error).message ?? String(err);
    const line = Number(/line (\d+)/i.exec(message)?.[1] ?? 1);
    return { ok: false, issues: issues([{ line, message: `MJML cannot read the document: ${message.split('\n')[0]}` }]) };
  }
}
