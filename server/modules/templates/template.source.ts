/**
 * Static checks of template sources, run once when a template is saved, so that nothing can fail
 * at send time: Handlebars syntax, unknown helpers, wrong helper arity, unknown partials, data
 * variables other than the documented ones, decorators. Every issue names the field and the line.
 */
import Handlebars from 'handlebars';
import { helperArity } from './template.helpers.js';

export interface SourceIssue {
  path: string;
  line: number;
  message: string;
}

type Node = hbs.AST.Node;
type Expr = hbs.AST.Expression;

/** `@` variables a template may read: Handlebars' loop variables and the recipient's formatting data. */
const DATA_VARIABLES = new Set(['root', 'index', 'key', 'first', 'last', 'locale', 'timezone']);

export interface LintOptions {
  /** Partials a `{{> name}}` may name (only in the MJML source); none when absent. */
  partials?: ReadonlySet<string>;
}

/** Parses one Handlebars source; the issues are empty when it is fine. */
export function lintHandlebars(source: string, path: string, opts: LintOptions = {}): SourceIssue[] {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (err) {
    return [parseIssue(err, path, source)];
  }
  const issues: SourceIssue[] = [];
  const add = (node: Node, message: string): void => {
    issues.push({ path, line: node.loc?.start.line ?? 1, message });
  };
  walkProgram(ast, add, opts);
  return issues;
}

/** The block a source leaves open (`{{#if x}}` without `{{/if}}`): its name and line, or null. */
function unclosedBlock(source: string): { name: string; line: number } | null {
  const stack: { name: string; line: number }[] = [];
  const re = /\{\{!--[\s\S]*?--\}\}|\{\{!(?!--)[\s\S]*?\}\}|\{\{~?\s*([#/^])\s*>?\s*([^\s}~]+)/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    if (!m[1]) continue;
    const line = source.slice(0, m.index).split('\n').length;
    if (m[1] === '/') {
      const i = stack.map((b) => b.name).lastIndexOf(m[2]!);
      if (i >= 0) stack.splice(i);
    } else if (m[2] !== 'else') stack.push({ name: m[2]!, line });
  }
  return stack.pop() ?? null;
}

/** A `{{` with no `}}` before the next `{{` (or the end): where it starts, and its first characters. */
function unclosedMustache(source: string): { line: number; text: string } | null {
  for (let i = source.indexOf('{{'); i >= 0; ) {
    const next = source.indexOf('{{', i + 2);
    const close = source.indexOf('}}', i + 2);
    if (close < 0 || (next >= 0 && next < close && !source.startsWith('{{!--', i))) {
      return { line: source.slice(0, i).split('\n').length, text: source.slice(i, i + 30).split('\n')[0]! };
    }
    i = next >= 0 && next > close ? next : source.indexOf('{{', close + 2);
  }
  return null;
}

/** A Handlebars parse error as an issue: "Parse error on line 3: ... Expecting X, got Y". */
export function parseIssue(err: unknown, path: string, source?: string): SourceIssue {
  const e = err as { message?: string; lineNumber?: number };
  const message = String(e.message ?? err);
  const mustache = source !== undefined ? unclosedMustache(source) : null;
  if (mustache) return { path, line: mustache.line, message: `"${mustache.text}" is never closed: add }}` };
  const open = source !== undefined && /got 'EOF'/.test(message) ? unclosedBlock(source) : null;
  if (open) return { path, line: open.line, message: `{{#${open.name}}} is never closed: add {{/${open.name}}}` };
  const line = e.lineNumber ?? Number(/on line (\d+)/.exec(message)?.[1] ?? 1);
  const lines = message.split('\n');
  const expecting = lines.find((l) => l.startsWith('Expecting'));
  const cleaned = expecting
    ? `Handlebars syntax error: ${expecting.replace(/'OPEN_ENDBLOCK'/g, "a closing {{/...}}").replace(/'EOF'/g, 'the end of the template')}`
    : `Handlebars error: ${lines[0]!.replace(/ - \d+:\d+$/, '')}`;
  return { path, line, message: `${cleaned} (near ${JSON.stringify(lines[1]?.slice(0, 60) ?? '')})`.replace(/ \(near ""\)$/, '') };
}

function walkProgram(p: hbs.AST.Program | undefined, add: (n: Node, m: string) => void, opts: LintOptions): void {
  if (!p) return;
  for (const s of p.body) walkStatement(s, add, opts);
}

function walkStatement(s: hbs.AST.Statement, add: (n: Node, m: string) => void, opts: LintOptions): void {
  switch (s.type) {
    case 'MustacheStatement': {
      const m = s as hbs.AST.MustacheStatement;
      checkCall(m, m.path as Expr, m.params, m.hash, add, false);
      break;
    }
    case 'BlockStatement': {
      const b = s as hbs.AST.BlockStatement;
      checkCall(b, b.path as Expr, b.params, b.hash, add, true);
      walkProgram(b.program, add, opts);
      walkProgram(b.inverse, add, opts);
      break;
    }
    case 'PartialStatement': {
      const ps = s as hbs.AST.PartialStatement;
      const name = ps.name.type === 'PathExpression' ? (ps.name as hbs.AST.PathExpression).original : null;
      if (!opts.partials) add(s, 'partials ({{> ...}}) can be used only in the MJML source');
      else if (!name) add(s, 'a partial must be named directly, like {{> footer}}');
      else if (!opts.partials.has(name)) add(s, `unknown partial "${name}" (known: ${[...opts.partials].sort().join(', ') || 'none'})`);
      else if (ps.params.length || ps.hash) add(s, `partial "${name}" takes no parameters`);
      break;
    }
    case 'PartialBlockStatement':
      add(s, 'partial blocks ({{#> ...}}) are not supported; use {{> name}}');
      break;
    case 'DecoratorBlock':
    case 'Decorator':
      add(s, 'decorators and inline partials ({{* ...}}, {{#* ...}}) are not supported');
      break;
    default:
      break;
  }
}

function isHelperName(name: string): boolean {
  return Object.hasOwn(helperArity, name);
}

/** A mustache, block or subexpression: a helper call (checked) or a value lookup (its path checked). */
function checkCall(node: Node, path: Expr, params: Expr[], hash: hbs.AST.Hash | undefined, add: (n: Node, m: string) => void, block: boolean): void {
  if (path.type !== 'PathExpression') {
    add(node, 'a literal cannot be called as a helper');
    return;
  }
  const p = path as hbs.AST.PathExpression;
  const simple = p.parts.length === 1 && !p.data && p.depth === 0 && !/^(this|\.)/.test(p.original);
  const name = p.original;
  const isCall = params.length > 0 || !!hash;
  if (simple && isHelperName(name)) {
    const [min, max] = helperArity[name]!;
    if (params.length < min || params.length > max) {
      const want = min === max ? `${min}` : `${min} to ${max}`;
      add(node, `${name} takes ${want} parameter${max === 1 ? '' : 's'}, got ${params.length}`);
    }
    if (hash) add(node, `${name} takes no named (key=value) parameters`);
    const blockOnly = ['if', 'unless', 'each', 'with'].includes(name);
    if (block && !blockOnly) add(node, `${name} is not a block helper: use it as {{${name} ...}} or inside (${name} ...)`);
    if (!block && blockOnly) add(node, `${name} works only as a block: {{#${name} ...}}...{{/${name}}}`);
  } else if (isCall || node.type === 'SubExpression') {
    add(node, `unknown helper "${name}"`);
  } else {
    checkPath(node, p, add);
  }
  for (const x of params) checkExpr(x, add);
  for (const pair of hash?.pairs ?? []) checkExpr(pair.value as Expr, add);
}

function checkExpr(e: Expr, add: (n: Node, m: string) => void): void {
  if (e.type === 'SubExpression') {
    const s = e as hbs.AST.SubExpression;
    checkCall(s, s.path as Expr, s.params, s.hash, add, false);
  } else if (e.type === 'PathExpression') {
    checkPath(e, e as hbs.AST.PathExpression, add);
  }
}

function checkPath(node: Node, p: hbs.AST.PathExpression, add: (n: Node, m: string) => void): void {
  if (p.data && !DATA_VARIABLES.has(p.parts[0] ?? '')) {
    add(node, `unknown data variable "@${p.parts[0] ?? ''}" (known: ${[...DATA_VARIABLES].map((v) => `@${v}`).join(', ')})`);
  }
}

/** Lines of an expanded source mapped back to where they were written. */
export interface Origin {
  line: number;
  partial?: { name: string; line: number };
}

export interface Expanded {
  source: string;
  origin(line: number): Origin;
}

/**
 * Replaces each `{{> name}}` of the MJML source with the partial's MJML, before MJML runs (a
 * partial is a piece of the MJML document, not of the compiled HTML). Call after lint: the names
 * are known. Lines keep a map back to the template (or the partial) for error messages.
 */
export function expandPartials(source: string, partials: ReadonlyMap<string, string>): Expanded {
  const statements = Handlebars.parse(source).body.filter((s): s is hbs.AST.PartialStatement => s.type === 'PartialStatement');
  if (!statements.length) return { source, origin: (line) => ({ line }) };
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const offset = (pos: hbs.AST.Position): number => lineStarts[pos.line - 1]! + pos.column;

  const origins: Origin[] = [];
  let out = '';
  let last = 0;
  const append = (text: string, from: (i: number) => Origin): void => {
    if (!text) return;
    // The line under way when a segment starts keeps its origin, unless all it has so far is indentation.
    const parts = text.split('\n');
    const lineSoFar = out.slice(out.lastIndexOf('\n') + 1);
    parts.forEach((_, i) => {
      if (i === 0 && out.length > 0 && !out.endsWith('\n')) {
        if (lineSoFar.trim() === '' && parts[0]!.trim() !== '') origins[origins.length - 1] = from(0);
        return;
      }
      origins.push(from(i));
    });
    out += text;
  };
  for (const s of statements) {
    // A standalone partial statement's loc covers the statement only; the text around it stays.
    const start = offset(s.loc.start);
    const end = offset(s.loc.end);
    const name = (s.name as hbs.AST.PathExpression).original;
    const before = source.slice(last, start);
    const startLine = lineOf(lineStarts, last);
    append(before, (i) => ({ line: startLine + i }));
    const callLine = s.loc.start.line;
    append(partials.get(name) ?? '', (i) => ({ line: callLine, partial: { name, line: i + 1 } }));
    last = end;
  }
  const tailLine = lineOf(lineStarts, last);
  append(source.slice(last), (i) => ({ line: tailLine + i }));
  return { source: out, origin: (line) => origins[line - 1] ?? { line } };
}

function lineOf(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
