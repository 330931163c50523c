/**
 * The text part, derived ONCE per template version from the compiled (link-rewritten) HTML, as a
 * Handlebars template: per recipient it is rendered, never converted. Mustaches are swapped for
 * opaque tokens while html-to-text runs (so it cannot uppercase, wrap or decode them) and put back
 * afterwards; links keep their tracking placeholders, so text links are tracked like HTML ones.
 */
import { compile, type DomNode, type FormatCallback } from 'html-to-text';

const OPEN = '\uE000';
const CLOSE = '\uE001';

interface Element {
  type?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: Element[];
}

function hasText(node: Element): boolean {
  if (node.type === 'text') return (node.data ?? '').trim().length > 0;
  if (node.type === 'tag' && (node as { name?: string }).name === 'img') return false;
  return (node.children ?? []).some(hasText);
}

/** Anchors: `label [url]`; an anchor without text (an image link) is left out of the text part. */
const anchor: FormatCallback = (elem: DomNode, walk, builder) => {
  const el = elem as unknown as Element;
  if (!hasText(el)) return;
  walk(elem.children, builder);
  const href = el.attribs?.href?.trim() ?? '';
  if (href && !href.startsWith('#')) builder.addInline(` [${href}]`, { noWordTransform: true });
};

const convert = compile({
  wordwrap: false,
  formatters: { anchor },
  selectors: [
    { selector: 'a', format: 'anchor' },
    { selector: 'img', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'div[style*="display:none"]', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'ul', options: { itemPrefix: ' - ' } },
  ],
});

const MUSTACHE = /\{\{!--[\s\S]*?--\}\}|\{\{\{[\s\S]*?\}\}\}|\{\{[\s\S]*?\}\}/g;

export function htmlToTextTemplate(html: string): string {
  const saved: string[] = [];
  const protectedHtml = html.replace(MUSTACHE, (m) => {
    saved.push(m);
    return `${OPEN}${saved.length - 1}${CLOSE}`;
  });
  const text = convert(protectedHtml);
  return text
    .replace(new RegExp(`${OPEN}(\\d+)${CLOSE}`, 'g'), (_m, i: string) => saved[Number(i)] ?? '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    // A line holding only a block tag ({{#each}}, {{else}}, {{/if}}) is dropped by Handlebars
    // ("standalone"); the blank lines html-to-text put around it would stay, once per iteration.
    .replace(/\n+(\{\{~?[#^][^}]*\}\})\n+/g, '\n\n$1\n')
    .replace(/\n+(\{\{~?else[^}]*\}\})\n+/g, '\n$1\n')
    .replace(/\n+(\{\{~?\/[^}]*\}\})\n+/g, '\n$1\n\n')
    .trim();
}
