/**
 * A template version's sources -> its compiled artefacts, once, when it is saved:
 *   lint every Handlebars source -> expand partials -> MJML (strict) -> rewrite links into a link
 *   table -> derive the text part -> add the preheader and the open-pixel placeholder -> compile
 *   the Handlebars results once as a last check.
 * Either every issue (field, line, message) or artefacts that cannot fail at send time.
 */
import { compileMjml } from './template.mjml.js';
import { rewriteLinks, rewriteTextLinks } from './template.links.js';
import { compileHandlebars, type CompiledSources } from './template.renderer.js';
import { expandPartials, lintHandlebars, parseIssue, type SourceIssue } from './template.source.js';
import { htmlToTextTemplate } from './template.text.js';

/** Bump when the compiler's output changes: stored artefacts of an older engine are rebuilt. */
export const COMPILER_ENGINE = 1;

export interface TemplateSources {
  subject: string;
  preheader: string;
  mjml: string;
  /** A Handlebars text part; null: derived from the HTML. */
  text: string | null;
}

export interface CompiledArtefacts extends Omit<CompiledSources, 'subject'> {
  engine: number;
  /** Size of the compiled HTML template (before personalisation). */
  htmlBytes: number;
}

export type CompileResult = { ok: true; artefacts: CompiledArtefacts } | { ok: false; issues: SourceIssue[] };

/** Keeps the preheader alone in the inbox preview (the classic zero-width filler after it). */
const PREVIEW_FILLER = '&#847;&zwnj;&nbsp;'.repeat(30);
const HIDDEN = 'display:none;font-size:1px;color:#ffffff;line-height:1px;max-height:0px;max-width:0px;opacity:0;overflow:hidden;mso-hide:all;';

export async function compileTemplate(src: TemplateSources, partials: ReadonlyMap<string, string>): Promise<CompileResult> {
  const partialNames = new Set(partials.keys());
  const mjmlIssues = lintHandlebars(src.mjml, 'mjml', { partials: partialNames });
  const issues: SourceIssue[] = [
    ...lintHandlebars(src.subject, 'subject'),
    ...lintHandlebars(src.preheader, 'preheader'),
    ...mjmlIssues,
    ...(src.text !== null ? lintHandlebars(src.text, 'text') : []),
  ];
  // The MJML is checked too when its Handlebars is sound, so one answer lists every problem.
  const expanded = mjmlIssues.length ? null : expandPartials(src.mjml, partials);
  const mjml = expanded ? await compileMjml(expanded.source, expanded.origin) : null;
  if (mjml && !mjml.ok) issues.push(...mjml.issues);
  if (issues.length || !mjml?.ok) return { ok: false, issues };

  const rewritten = rewriteLinks(mjml.html);
  const links = [...rewritten.links];
  let text: string;
  if (src.text !== null) {
    const t = rewriteTextLinks(src.text, links.length);
    links.push(...t.links);
    text = t.html;
  } else {
    text = htmlToTextTemplate(rewritten.html);
  }
  const html = withPixel(withPreheader(rewritten.html, src.preheader));

  const final: SourceIssue[] = [];
  const check = (source: string, mode: 'html' | 'text', path: string, what: string): void => {
    try {
      compileHandlebars(source, mode);
    } catch (err) {
      const issue = parseIssue(err, path);
      final.push({ ...issue, message: `${what}: ${issue.message}` });
    }
  };
  check(src.subject, 'text', 'subject', 'subject');
  check(html, 'html', 'mjml', 'the compiled HTML does not compile (check the expressions in attributes)');
  check(text, 'text', src.text !== null ? 'text' : 'mjml', src.text !== null ? 'text' : 'the text part derived from the HTML does not compile; give a text part');
  if (final.length) return { ok: false, issues: final };

  return { ok: true, artefacts: { engine: COMPILER_ENGINE, html, text, links, htmlBytes: Buffer.byteLength(html) } };
}

function withPreheader(html: string, preheader: string): string {
  if (!preheader.trim()) return html;
  const div = `<div style="${HIDDEN}">${preheader}${PREVIEW_FILLER}</div>`;
  const body = /<body\b[^>]*>/i.exec(html);
  if (!body) return div + html;
  const at = body.index + body[0].length;
  return html.slice(0, at) + div + html.slice(at);
}

function withPixel(html: string): string {
  const at = html.search(/<\/body>/i);
  return at < 0 ? `${html}{{__pixel}}` : `${html.slice(0, at)}{{__pixel}}${html.slice(at)}`;
}
